import { useId, useState, useSyncExternalStore, type ReactNode } from 'react'
import { cx } from '~/components/ui/cx'

/**
 * A chart with its table view. The table is the data itself: it is what renders on the server and
 * without JavaScript, and a switch shows either. The chart is one image for assistive technology,
 * named by a one-sentence summary; the table carries every figure.
 */
const noSubscription = () => () => {}

export function ChartFigure({
	title,
	summary,
	table,
	chart,
}: {
	title: string
	summary: string
	table: ReactNode
	/** Rendered in the browser only (charts measure their container). */
	chart: () => ReactNode
}) {
	// False on the server and while hydrating, true in the browser afterwards.
	const hydrated = useSyncExternalStore(
		noSubscription,
		() => true,
		() => false,
	)
	const [view, setView] = useState<'chart' | 'table'>('chart')
	const id = useId()
	const showChart = hydrated && view === 'chart'
	return (
		<figure className="flex flex-col gap-3" aria-labelledby={`${id}-title`}>
			<div className="flex flex-wrap items-center justify-between gap-2">
				<figcaption id={`${id}-title`} className="text-lg font-semibold">
					{title}
				</figcaption>
				{hydrated ? (
					<div role="group" aria-label={`${title}: view`} className="flex gap-1">
						{(['chart', 'table'] as const).map((v) => (
							<button
								key={v}
								type="button"
								aria-pressed={view === v}
								onClick={() => setView(v)}
								className={cx(
									'min-h-11 rounded-control border border-line px-3 text-sm font-medium',
									view === v ? 'bg-surface-muted' : 'bg-surface',
								)}
							>
								{v === 'chart' ? 'Chart' : 'Table'}
							</button>
						))}
					</div>
				) : null}
			</div>
			{showChart ? (
				<div role="img" aria-label={summary} className="w-full">
					{chart()}
				</div>
			) : (
				table
			)}
		</figure>
	)
}
