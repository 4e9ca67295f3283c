import { Form } from 'react-router'
import { Alert } from './ui/alert'
import { SubmitButton } from './ui/submit-button'

/**
 * Shown to a signed-in person whose address is not confirmed: what waits for it, and a button that
 * sends the link again (routes/confirm-email-resend.ts), coming back to this page.
 */
export function ConfirmEmailNotice({
	email,
	returnTo,
	children,
}: {
	email: string
	returnTo: string
	children?: React.ReactNode
}) {
	return (
		<Alert tone="info" role="status" className="mb-6 flex flex-wrap items-center justify-between gap-3">
			<p>
				{children ?? (
					<>
						Confirm your address, <strong>{email}</strong>, with the link we emailed you: until then you can learn, but
						no credential is issued.
					</>
				)}
			</p>
			<Form method="post" action="/confirm-email">
				<input type="hidden" name="returnTo" value={returnTo} />
				<SubmitButton variant="secondary" className="min-h-9 px-3">
					Send the link again
				</SubmitButton>
			</Form>
		</Alert>
	)
}
