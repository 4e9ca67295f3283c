import { useState } from 'react'
import { Alert } from './ui/alert'

export type FlashView = { kind: 'success' | 'error' | 'info'; message: string }

/** Shows the message set before the last redirect; announced politely to screen readers. */
export function FlashMessage({ flash }: { flash: FlashView | null }) {
	// Each navigation brings a new flash object, so a dismissed message never hides the next one.
	const [dismissed, setDismissed] = useState<FlashView | null>(null)
	if (!flash || flash === dismissed) return null
	const visible = flash
	return (
		<Alert
			tone={visible.kind}
			role={visible.kind === 'error' ? 'alert' : 'status'}
			className="mb-6 flex items-start justify-between gap-4"
		>
			<p>{visible.message}</p>
			<button
				type="button"
				onClick={() => setDismissed(flash)}
				className="shrink-0 rounded px-1 text-ink-muted hover:text-ink"
				aria-label="Dismiss message"
			>
				×
			</button>
		</Alert>
	)
}
