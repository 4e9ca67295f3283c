/** Small interactive data components for the data-literacy lessons. Made-up figures, labelled so. */
import { useId, useState } from 'react'
import { Button } from '../ui/button'

const BASE_SALARIES = [31_000, 33_500, 35_000, 36_000, 38_500, 40_000, 42_000]
// One formatter for every figure: toLocaleString built a new one on each call, on every render.
const pounds = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 })
const money = (n: number) => `£${pounds.format(Math.round(n))}`

function mean(values: number[]) {
	return values.reduce((a, b) => a + b, 0) / values.length
}
function median(values: number[]) {
	const sorted = [...values].sort((a, b) => a - b)
	const mid = Math.floor(sorted.length / 2)
	return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Add a very high salary to a small team and watch the mean move while the median barely does. */
export function AverageExplorer() {
	const [extra, setExtra] = useState<number[]>([])
	const values = [...BASE_SALARIES, ...extra]
	const headingId = useId()
	return (
		<section aria-labelledby={headingId} className="not-prose my-6 rounded-card border border-line bg-surface p-5">
			<h3 id={headingId} className="font-semibold">
				Try it: mean and median
			</h3>
			<p className="mt-1 text-sm text-ink-muted">A made-up team of {values.length} people and their yearly salaries.</p>
			<ul className="mt-3 flex flex-wrap gap-2" aria-label="Salaries">
				{values.map((v, i) => (
					<li key={i} className="rounded-control bg-surface-muted px-2 py-1 text-sm tabular-nums">
						{money(v)}
					</li>
				))}
			</ul>
			<dl className="mt-4 grid grid-cols-2 gap-3" aria-live="polite">
				<div className="rounded-control border border-line p-3">
					<dt className="text-sm text-ink-muted">Mean (average)</dt>
					<dd className="text-xl font-bold tabular-nums">{money(mean(values))}</dd>
				</div>
				<div className="rounded-control border border-line p-3">
					<dt className="text-sm text-ink-muted">Median (middle value)</dt>
					<dd className="text-xl font-bold tabular-nums">{money(median(values))}</dd>
				</div>
			</dl>
			<div className="mt-4 flex flex-wrap gap-2">
				<Button variant="secondary" onClick={() => setExtra((e) => [...e, 250_000])}>
					Add a director on £250,000
				</Button>
				<Button variant="ghost" onClick={() => setExtra([])} disabled={extra.length === 0}>
					Reset
				</Button>
			</div>
		</section>
	)
}

const QUARTERS = [
	{ label: 'Q1', value: 96 },
	{ label: 'Q2', value: 97 },
	{ label: 'Q3', value: 98 },
	{ label: 'Q4', value: 99 },
]

/** The same four numbers drawn with the axis from zero and with a truncated axis. */
export function AxisBaselineDemo() {
	const [truncated, setTruncated] = useState(true)
	const headingId = useId()
	const min = truncated ? 95 : 0
	const max = 100
	const height = 160
	const barHeight = (v: number) => ((v - min) / (max - min)) * height
	return (
		<section aria-labelledby={headingId} className="not-prose my-6 rounded-card border border-line bg-surface p-5">
			<h3 id={headingId} className="font-semibold">
				Try it: where does the axis start?
			</h3>
			<p className="mt-1 text-sm text-ink-muted">
				Made-up on-time delivery rates (%) for four quarters. The axis now starts at {min}.
			</p>
			<svg
				viewBox={`0 0 320 ${height + 30}`}
				className="mt-3 w-full max-w-md"
				role="img"
				aria-label={`Bar chart with the axis starting at ${min}: ${QUARTERS.map((q) => `${q.label} ${q.value}%`).join(', ')}`}
			>
				<line x1="30" y1={height} x2="310" y2={height} stroke="currentColor" strokeOpacity="0.5" />
				<text x="0" y={height} fontSize="12" fill="currentColor">
					{min}
				</text>
				<text x="0" y="12" fontSize="12" fill="currentColor">
					{max}
				</text>
				{QUARTERS.map((q, i) => (
					<g key={q.label}>
						<rect
							x={45 + i * 68}
							y={height - barHeight(q.value)}
							width="44"
							height={barHeight(q.value)}
							fill="var(--sp-accent)"
						/>
						<text x={67 + i * 68} y={height + 18} fontSize="12" textAnchor="middle" fill="currentColor">
							{q.label}
						</text>
					</g>
				))}
			</svg>
			<table className="sr-only">
				<caption>On-time delivery rate by quarter</caption>
				<tbody>
					{QUARTERS.map((q) => (
						<tr key={q.label}>
							<th scope="row">{q.label}</th>
							<td>{q.value}%</td>
						</tr>
					))}
				</tbody>
			</table>
			<Button variant="secondary" className="mt-3" onClick={() => setTruncated((t) => !t)} aria-pressed={truncated}>
				{truncated ? 'Start the axis at zero' : 'Truncate the axis at 95'}
			</Button>
		</section>
	)
}
