import { data, Form, Link, useActionData, useLoaderData } from 'react-router'
import type { Route } from './+types/confirm-email'
import { getSession, redirectWithNewSession } from '~/auth/auth.server'
import { confirmEmail, EMAIL_VERIFICATION_MESSAGES, getEmailVerification } from '~/auth/email-verification.server'
import { secretLinkHeaders, secretLinkMeta } from '~/components/secret-link-page'
import { Alert } from '~/components/ui/alert'
import { Card } from '~/components/ui/card'
import { SubmitButton } from '~/components/ui/submit-button'
import { onAddressConfirmed } from '~/orgs/address-confirmed.server'

// The token is in the address: no Referer may carry it, and no cache keep the page.
export const meta: Route.MetaFunction = () => secretLinkMeta('Confirm your email address')
export const headers = secretLinkHeaders

/**
 * Opening the link only shows a button: mail scanners that open every link would otherwise use it
 * up before its reader does. Pressing it confirms.
 */
export async function loader({ params }: Route.LoaderArgs) {
	const link = await getEmailVerification(params.token)
	if (link.state === 'open') return { email: link.email, message: null }
	return data(
		{ email: null, message: EMAIL_VERIFICATION_MESSAGES[link.state] },
		{ status: link.state === 'unknown' ? 404 : 410 },
	)
}

export async function action({ params, context }: Route.ActionArgs) {
	const session = getSession(context)
	const outcome = await confirmEmail(params.token, {
		signedInUserId: session?.user.id ?? null,
		currentSessionId: session?.session.id,
		onConfirmed: onAddressConfirmed,
	})
	if (!outcome.ok) return data({ message: outcome.message }, { status: 410 })
	const issued =
		outcome.credentialsIssued === 0
			? ''
			: outcome.credentialsIssued === 1
				? ' Your credential that was waiting for it has been issued.'
				: ` Your ${outcome.credentialsIssued} credentials that were waiting for it have been issued.`
	const moved = outcome.emailChanged ? ' Every other device was signed out.' : ''
	const joined = outcome.joined.map((name) => ` You joined ${name}, which welcomes everyone at your address’s domain.`)
	return redirectWithNewSession(
		outcome,
		outcome.credentialsIssued > 0 ? '/credentials' : '/dashboard',
		`Your address, ${outcome.email}, is confirmed.${joined.join('')}${issued}${moved}`,
	)
}

export default function ConfirmEmail() {
	const { email, message } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const failure = actionData?.message ?? message
	return (
		<div className="mx-auto max-w-md">
			<h1 className="text-3xl font-bold">Confirm your email address</h1>
			{failure ? (
				<Alert tone="error" role="alert" className="mt-6">
					<p>{failure}</p>
					<p className="mt-2">
						Signed in, you can send yourself a new link from your <Link to="/account">account</Link>; otherwise{' '}
						<Link to="/sign-up">sign up again</Link> with the same address.
					</p>
				</Alert>
			) : (
				<Card className="mt-6">
					<Form method="post" className="flex flex-col gap-4">
						<p>
							Confirm that <strong>{email}</strong> is your address. Credentials you earn will name it, and any waiting
							for it are issued now.
						</p>
						<SubmitButton>Confirm my address</SubmitButton>
					</Form>
				</Card>
			)}
		</div>
	)
}
