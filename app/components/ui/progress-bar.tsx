import { cx } from './cx'

/** A labelled progress bar; `value` is a percentage from 0 to 100. */
export function ProgressBar({ value, label, className }: { value: number; label: string; className?: string }) {
	const percent = Math.min(100, Math.max(0, Math.round(value)))
	return (
		<div className={cx('flex items-center gap-3', className)}>
			<div
				role="progressbar"
				aria-label={label}
				aria-valuemin={0}
				aria-valuemax={100}
				aria-valuenow={percent}
				className="h-2.5 flex-1 overflow-hidden rounded-full bg-surface-muted"
			>
				{/* An SVG width, not an inline style: the Content-Security-Policy refuses style attributes. */}
				<svg aria-hidden="true" className="block h-full w-full">
					<rect width={`${percent}%`} height="100%" rx="5" className="fill-accent" />
				</svg>
			</div>
			<span className="w-10 text-right text-sm tabular-nums text-ink-muted">{percent}%</span>
		</div>
	)
}
