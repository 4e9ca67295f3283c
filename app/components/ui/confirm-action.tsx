import type { ReactNode } from 'react'
import { Form } from 'react-router'
import { buttonClass } from './button'
import { cx } from './cx'
import { SubmitButton } from './submit-button'

type ConfirmActionProps = {
	/** What the first button says (it only opens the confirmation). */
	label: string
	/** Its accessible name, where the label alone is ambiguous on the page (for example one per row). */
	accessibleLabel?: string
	/** What cannot be undone, in a sentence or two. */
	warning: ReactNode
	/** The button that does it. */
	confirmLabel: string
	/** The form's hidden fields (intent, ids). */
	children: ReactNode
	className?: string
}

/**
 * An action that cannot be undone, asked twice: the first button opens a short warning with the button
 * that does it. A `<details>` element, so it works before the page's script has loaded and by keyboard,
 * and the second step is a real form post the server handles as any other.
 */
export function ConfirmAction({
	label,
	accessibleLabel,
	warning,
	confirmLabel,
	children,
	className,
}: ConfirmActionProps) {
	return (
		<details className={cx('group', className)}>
			<summary
				aria-label={accessibleLabel}
				className={buttonClass(
					'ghost',
					'min-h-9 cursor-pointer list-none px-3 [&::-webkit-details-marker]:hidden group-open:bg-surface-muted',
				)}
			>
				{label}
			</summary>
			<div className="mt-2 max-w-md rounded-control border border-danger bg-surface p-3 text-sm">
				<p>{warning}</p>
				<Form method="post" className="mt-3 flex flex-wrap gap-2">
					{children}
					<SubmitButton variant="danger" className="min-h-9 px-3">
						{confirmLabel}
					</SubmitButton>
				</Form>
			</div>
		</details>
	)
}
