/**
 * The admin reports' charts (Recharts): states per team as stacked bars, and credentials per month.
 * Colours come from the theme (light and dark) and every series is also named in the legend.
 */
import {
	Bar,
	BarChart,
	CartesianGrid,
	Legend,
	Line,
	LineChart,
	ResponsiveContainer,
	Tooltip,
	XAxis,
	YAxis,
} from 'recharts'

export const STATE_SERIES = [
	{ key: 'completed', label: 'Completed', color: 'var(--sp-chart-1)' },
	{ key: 'overdue', label: 'Overdue', color: 'var(--sp-chart-2)' },
	{ key: 'in_progress', label: 'In progress', color: 'var(--sp-chart-3)' },
	{ key: 'not_started', label: 'Not started', color: 'var(--sp-chart-4)' },
] as const

type StateRow = { name: string; completed: number; overdue: number; in_progress: number; not_started: number }

const axis = { stroke: 'var(--sp-ink-muted)', fontSize: 12 }
const tooltipStyle = { background: 'var(--sp-surface)', border: '1px solid var(--sp-line)', color: 'var(--sp-ink)' }

export function StatesByTeamChart({ rows }: { rows: StateRow[] }) {
	const height = 80 + rows.length * 32
	return (
		<ResponsiveContainer width="100%" height={height}>
			<BarChart data={rows} layout="vertical" margin={{ left: 8, right: 16 }} accessibilityLayer={false}>
				<CartesianGrid horizontal={false} stroke="var(--sp-line)" />
				<XAxis type="number" allowDecimals={false} tick={axis} stroke="var(--sp-line)" />
				<YAxis type="category" dataKey="name" width={140} tick={axis} stroke="var(--sp-line)" />
				<Tooltip contentStyle={tooltipStyle} cursor={{ fill: 'var(--sp-surface-muted)' }} />
				<Legend formatter={(value: string) => <span style={{ color: 'var(--sp-ink)' }}>{value}</span>} />
				{STATE_SERIES.map((s) => (
					<Bar key={s.key} dataKey={s.key} name={s.label} stackId="state" fill={s.color} isAnimationActive={false} />
				))}
			</BarChart>
		</ResponsiveContainer>
	)
}

export function CredentialsByMonthChart({ months }: { months: Array<{ month: string; issued: number }> }) {
	return (
		<ResponsiveContainer width="100%" height={260}>
			<BarChart data={months} margin={{ left: 0, right: 16 }} accessibilityLayer={false}>
				<CartesianGrid vertical={false} stroke="var(--sp-line)" />
				<XAxis dataKey="month" tick={axis} stroke="var(--sp-line)" />
				<YAxis allowDecimals={false} tick={axis} stroke="var(--sp-line)" />
				<Tooltip contentStyle={tooltipStyle} cursor={{ fill: 'var(--sp-surface-muted)' }} />
				<Bar dataKey="issued" name="Credentials earned" fill="var(--sp-chart-3)" isAnimationActive={false} />
			</BarChart>
		</ResponsiveContainer>
	)
}

export const TREND_SERIES = [
	{ key: 'completed', label: 'Completed', color: 'var(--sp-chart-1)' },
	{ key: 'overdue', label: 'Overdue', color: 'var(--sp-chart-2)' },
] as const

/** One assignment's people completed and overdue at the end of each week, as two lines. */
export function AssignmentTrendChart({
	weeks,
}: {
	weeks: Array<{ week: string; completed: number; overdue: number }>
}) {
	return (
		<ResponsiveContainer width="100%" height={200}>
			<LineChart data={weeks} margin={{ left: 0, right: 16, top: 8 }} accessibilityLayer={false}>
				<CartesianGrid vertical={false} stroke="var(--sp-line)" />
				<XAxis dataKey="week" tick={axis} stroke="var(--sp-line)" />
				<YAxis allowDecimals={false} tick={axis} stroke="var(--sp-line)" width={32} />
				<Tooltip contentStyle={tooltipStyle} />
				<Legend formatter={(value: string) => <span style={{ color: 'var(--sp-ink)' }}>{value}</span>} />
				{TREND_SERIES.map((s) => (
					<Line
						key={s.key}
						type="linear"
						dataKey={s.key}
						name={s.label}
						stroke={s.color}
						strokeWidth={2}
						dot={{ r: 3 }}
						isAnimationActive={false}
					/>
				))}
			</LineChart>
		</ResponsiveContainer>
	)
}
