import { data, Form, Link, redirect, useActionData, useSearchParams } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/sso'
import { emailSchema } from '~/auth/account-schemas'
import { requireAnonymous } from '~/auth/auth.server'
import { pageTitle } from '~/components/page-title'
import { Card } from '~/components/ui/card'
import { controlClass } from '~/components/ui/filter-fields'
import { SubmitButton } from '~/components/ui/submit-button'
import { parseForm } from '~/http/form-submission'
import { safeRedirectPath } from '~/http/safe-redirect'
import { ssoOrgForEmail } from '~/orgs/sso/sso.server'

export const meta: Route.MetaFunction = () => pageTitle('Sign in with your organisation')

export function loader({ context }: Route.LoaderArgs) {
	requireAnonymous(context)
	return null
}

const schema = z.object({ email: emailSchema, redirectTo: z.string().optional() })

/** Finds the organisation whose single sign-on the address's domain uses, and goes there. */
export async function action({ request, context }: Route.ActionArgs) {
	requireAnonymous(context)
	const submission = parseForm(await request.formData(), { schema })
	if (submission.status !== 'success') return data({ message: 'Enter your work email address.' }, { status: 400 })
	const { email, redirectTo } = submission.value
	const slug = await ssoOrgForEmail(email)
	if (!slug) {
		return data(
			{
				message:
					'No organisation signs in people at this address’s domain with single sign-on. Sign in with your password.',
			},
			{ status: 400 },
		)
	}
	const next = new URLSearchParams({
		login_hint: email,
		...(redirectTo ? { redirectTo: safeRedirectPath(redirectTo) } : {}),
	})
	return redirect(`/sso/${slug}?${next}`)
}

export default function SingleSignOn() {
	const actionData = useActionData<typeof action>()
	const [searchParams] = useSearchParams()
	return (
		<div className="mx-auto max-w-md">
			<h1 className="text-3xl font-bold">Sign in with your organisation</h1>
			<p className="mt-2 text-ink-muted">
				If your organisation signs you in through Microsoft, Okta, Google or another provider, enter your work address.
			</p>
			<Card className="mt-6">
				<Form method="post" className="flex flex-col gap-4">
					<input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
					<div className="flex flex-col gap-1.5">
						<label htmlFor="sso-email" className="text-sm font-medium">
							Work email
						</label>
						<input
							id="sso-email"
							name="email"
							type="email"
							required
							autoComplete="email"
							className={controlClass}
							aria-invalid={actionData ? true : undefined}
							aria-describedby={actionData ? 'sso-error' : undefined}
						/>
						{actionData ? (
							<p id="sso-error" role="alert" className="text-sm text-danger">
								{actionData.message}
							</p>
						) : null}
					</div>
					<SubmitButton>Continue</SubmitButton>
					<p className="text-sm">
						<Link to="/sign-in">Sign in with a password instead</Link>
					</p>
				</Form>
			</Card>
		</div>
	)
}
