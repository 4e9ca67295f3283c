import { useEffect, useState } from 'react'
import { Alert } from './ui/alert'

export type FlashView = { kind: 'success' | 'error' | 'info'; message: string }

/** Shows the message set before the last redirect; announced politely to screen readers. */
export function FlashMessage({ flash }: { flash: FlashView | null }) {
	const [visible, setVisible] = useState(flash)
	useEffect(() => setVisible(flash), [flash])
	if (!visible) return null
	return (
		<Alert tone={visible.kind} role={visible.kind === 'error' ? 'alert' : 'status'} className="mb-6 flex items-start justify-between gap-4">
			<p>{visible.message}</p>
			<button
				type="button"
				onClick={() => setVisible(null)}
				className="shrink-0 rounded px-1 text-ink-muted hover:text-ink"
				aria-label="Dismiss message"
			>
				×
			</button>
		</Alert>
	)
}
