import { data, Form, redirect, useActionData, useSearchParams } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/sign-in-two-factor'
import { getPendingSession, getSession } from '~/auth/auth.server'
import { verifySecondFactor } from '~/auth/two-factor.server'
import { pageTitle } from '~/components/page-title'
import { Alert } from '~/components/ui/alert'
import { Card } from '~/components/ui/card'
import { controlClass } from '~/components/ui/filter-fields'
import { SubmitButton } from '~/components/ui/submit-button'
import { redirectWithFlash } from '~/http/flash.server'
import { parseForm } from '~/http/form-submission'
import { safeRedirectPath } from '~/http/safe-redirect'
import { landingPath } from '~/auth/landing.server'

export const meta: Route.MetaFunction = () => pageTitle('Two-factor sign-in')

/** Only a session that passed its password and waits for its second step has anything to do here. */
function requirePending(context: Route.LoaderArgs['context']) {
	if (getSession(context)) throw redirect('/dashboard')
	const pending = getPendingSession(context)
	if (!pending) throw redirect('/sign-in')
	return pending
}

export function loader({ context }: Route.LoaderArgs) {
	requirePending(context)
	return null
}

const secondStepSchema = z.object({
	kind: z.enum(['totp', 'recovery']),
	code: z.string({ error: 'Enter the code' }).trim().min(1, 'Enter the code').max(64, 'Enter the code'),
	redirectTo: z.string().optional(),
})

export async function action({ request, context }: Route.ActionArgs) {
	const pending = requirePending(context)
	const submission = parseForm(await request.formData(), { schema: secondStepSchema })
	if (submission.status !== 'success') {
		return data({ kind: 'totp' as const, message: 'Enter the code.' }, { status: 400 })
	}
	const { kind, code, redirectTo } = submission.value
	const outcome = await verifySecondFactor(pending.user, pending.session.id, { kind, code })
	if (!outcome.ok) {
		const status = outcome.message.startsWith('Too many') ? 429 : 400
		return data({ kind, message: outcome.message }, { status })
	}
	const left = outcome.recoveryCodesLeft
	const message =
		left === null
			? 'You are signed in.'
			: `You are signed in with a recovery code; ${left} remain${left === 1 ? 's' : ''}.${left <= 3 ? ' Make new ones on your account page.' : ''}`
	return redirectWithFlash(safeRedirectPath(redirectTo, await landingPath(pending.user.id)), {
		kind: left !== null && left <= 3 ? 'info' : 'success',
		message,
	})
}

export default function SignInTwoFactor() {
	const actionData = useActionData<typeof action>()
	const [searchParams] = useSearchParams()
	const redirectTo = searchParams.get('redirectTo') ?? ''
	const failed = (kind: 'totp' | 'recovery') => (actionData?.kind === kind ? actionData.message : null)
	return (
		<div className="mx-auto flex max-w-md flex-col gap-6">
			<div>
				<h1 className="text-3xl font-bold">Two-factor sign-in</h1>
				<p className="mt-2 text-ink-muted">Open your authenticator app and enter the code it shows for Skillproof.</p>
			</div>
			<Card>
				<Form method="post" className="flex flex-col gap-4">
					<input type="hidden" name="kind" value="totp" />
					<input type="hidden" name="redirectTo" value={redirectTo} />
					<div className="flex flex-col gap-1.5">
						<label htmlFor="totp-code" className="text-sm font-medium">
							6-digit code
						</label>
						<input
							id="totp-code"
							name="code"
							required
							inputMode="numeric"
							autoComplete="one-time-code"
							pattern="\d{6}"
							maxLength={6}
							className={controlClass}
							aria-invalid={failed('totp') ? true : undefined}
							aria-describedby={failed('totp') ? 'totp-error' : undefined}
						/>
					</div>
					{failed('totp') ? (
						<div id="totp-error">
							<Alert tone="error" role="alert">
								{failed('totp')}
							</Alert>
						</div>
					) : null}
					<SubmitButton>Sign in</SubmitButton>
				</Form>
			</Card>
			<details className="rounded-card border border-line p-4" open={actionData?.kind === 'recovery'}>
				<summary className="cursor-pointer font-medium">Lost your phone? Use a recovery code</summary>
				<Form method="post" className="mt-4 flex flex-col gap-4">
					<input type="hidden" name="kind" value="recovery" />
					<input type="hidden" name="redirectTo" value={redirectTo} />
					<div className="flex flex-col gap-1.5">
						<label htmlFor="recovery-code" className="text-sm font-medium">
							Recovery code
						</label>
						<input
							id="recovery-code"
							name="code"
							required
							autoComplete="off"
							spellCheck={false}
							className={controlClass}
							aria-invalid={failed('recovery') ? true : undefined}
							aria-describedby="recovery-hint"
						/>
						<span id="recovery-hint" className="text-xs text-ink-muted">
							One of the codes you saved when you turned two-factor sign-in on. Each works once.
						</span>
					</div>
					{failed('recovery') ? (
						<Alert tone="error" role="alert">
							{failed('recovery')}
						</Alert>
					) : null}
					<SubmitButton variant="secondary">Sign in with a recovery code</SubmitButton>
				</Form>
			</details>
			<Form method="post" action="/sign-out">
				<SubmitButton variant="ghost">Cancel and sign out</SubmitButton>
			</Form>
		</div>
	)
}
