import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { data, Form, Link, useActionData, useRouteLoaderData, useSearchParams } from 'react-router'
import type { Route } from './+types/sign-in'
import { signInSchema } from '~/auth/account-schemas'
import { signIn } from '~/auth/account.server'
import { redirectWithNewSession, requireAnonymous } from '~/auth/auth.server'
import { pageTitle } from '~/components/page-title'
import { SubmitButton } from '~/components/ui/submit-button'
import { Card } from '~/components/ui/card'
import { ErrorList, Field } from '~/components/ui/field'
import { getClientAddress } from '~/http/request-context'
import { safeRedirectPath } from '~/http/safe-redirect'
import { landingPath } from '~/auth/landing.server'
import { parseForm } from '~/http/form-submission'
import type { loader as rootLoader } from '~/root'

export const meta: Route.MetaFunction = () => pageTitle('Sign in')

export function loader({ context }: Route.LoaderArgs) {
	requireAnonymous(context)
	return null
}

export async function action({ request, context }: Route.ActionArgs) {
	requireAnonymous(context)
	const submission = parseForm(await request.formData(), { schema: signInSchema })
	if (submission.status !== 'success') {
		return data({ result: submission.reply({ hideFields: ['password'] }) }, { status: 400 })
	}
	const { email, password, redirectTo } = submission.value
	const outcome = await signIn({ email, password, ip: getClientAddress(context) })
	if (!outcome.ok) {
		return data(
			{ result: submission.reply({ formErrors: [outcome.message], hideFields: ['password'] }) },
			{ status: outcome.throttled ? 429 : 400 },
		)
	}
	if (outcome.twoFactor) {
		// The second step sends them on: to the page asked for, or else to where they land.
		const next = new URLSearchParams(redirectTo ? { redirectTo: safeRedirectPath(redirectTo) } : {})
		return redirectWithNewSession(
			outcome,
			`/sign-in/two-factor?${next}`,
			'Your password is right. One more step: a code from your authenticator app.',
		)
	}
	return redirectWithNewSession(
		outcome,
		safeRedirectPath(redirectTo, await landingPath(outcome.userId)),
		'You are signed in.',
	)
}

export default function SignIn() {
	const actionData = useActionData<typeof action>()
	const [searchParams] = useSearchParams()
	const [form, fields] = useForm({
		id: 'sign-in',
		lastResult: actionData?.result,
		constraint: getZodConstraint(signInSchema),
		shouldValidate: 'onSubmit',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: signInSchema }),
	})
	const root = useRouteLoaderData<typeof rootLoader>('root')
	return (
		<div className="mx-auto max-w-md">
			<h1 className="text-3xl font-bold">Sign in</h1>
			<p className="mt-2 text-ink-muted">
				{root?.signUpOpen ? (
					<>
						New here? <Link to="/sign-up">Create an account</Link>
					</>
				) : (
					'New here? Accounts are created by invitation: ask your organisation’s administrator.'
				)}
			</p>
			<Card className="mt-6">
				<Form method="post" {...getFormProps(form)} className="flex flex-col gap-5">
					{form.errors?.length ? (
						<div role="alert">
							<ErrorList id={form.errorId} errors={form.errors} />
						</div>
					) : null}
					<input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
					<Field
						id={fields.email.id}
						label="Email"
						errors={fields.email.errors}
						inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'email' }}
					/>
					<Field
						id={fields.password.id}
						label="Password"
						errors={fields.password.errors}
						inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'current-password' }}
					/>
					<SubmitButton pendingLabel="Signing in…">Sign in</SubmitButton>
					<p className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
						<Link to="/forgot-password">Forgot your password?</Link>
						<Link
							to={`/sso${searchParams.get('redirectTo') ? `?${new URLSearchParams({ redirectTo: searchParams.get('redirectTo')! })}` : ''}`}
						>
							Sign in with your organisation (single sign-on)
						</Link>
					</p>
				</Form>
			</Card>
		</div>
	)
}
