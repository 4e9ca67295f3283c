import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { data, Form, Link, useActionData, useLoaderData } from 'react-router'
import type { Route } from './+types/reset-password'
import { resetPasswordSchema } from '~/auth/account-schemas'
import { redirectWithNewSession } from '~/auth/auth.server'
import { getPasswordResetState, PASSWORD_RESET_MESSAGES, resetPassword } from '~/auth/password-reset.server'
import { secretLinkHeaders, secretLinkMeta } from '~/components/secret-link-page'
import { Alert } from '~/components/ui/alert'
import { SubmitButton } from '~/components/ui/submit-button'
import { Card } from '~/components/ui/card'
import { ErrorList, Field } from '~/components/ui/field'
import { parseForm } from '~/http/form-submission'
import { onAddressConfirmed } from '~/orgs/address-confirmed.server'

// The token is in the address: no Referer may carry it, and no cache keep the page.
export const meta: Route.MetaFunction = () => secretLinkMeta('Choose a new password')
export const headers = secretLinkHeaders

export async function loader({ params }: Route.LoaderArgs) {
	const state = await getPasswordResetState(params.token)
	if (state === 'open') return { message: null }
	return data({ message: PASSWORD_RESET_MESSAGES[state] }, { status: state === 'unknown' ? 404 : 410 })
}

export async function action({ request, params }: Route.ActionArgs) {
	const hideFields = ['password', 'confirmPassword']
	const submission = parseForm(await request.formData(), { schema: resetPasswordSchema })
	if (submission.status !== 'success') return data({ result: submission.reply({ hideFields }) }, { status: 400 })
	const outcome = await resetPassword(
		params.token,
		{ password: submission.value.password },
		new Date(),
		onAddressConfirmed,
	)
	if (!outcome.ok) {
		if (outcome.field === 'password') {
			return data(
				{ result: submission.reply({ fieldErrors: { password: [outcome.message] }, hideFields }) },
				{ status: 400 },
			)
		}
		return data({ result: submission.reply({ formErrors: [outcome.message], hideFields }) }, { status: 410 })
	}
	return redirectWithNewSession(
		outcome,
		'/dashboard',
		'Your password is changed and you are signed in. Every other device was signed out.',
	)
}

export default function ResetPassword() {
	const { message } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const [form, fields] = useForm({
		id: 'reset-password',
		lastResult: actionData?.result,
		constraint: getZodConstraint(resetPasswordSchema),
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: resetPasswordSchema }),
	})
	return (
		<div className="mx-auto max-w-md">
			<h1 className="text-3xl font-bold">Choose a new password</h1>
			{message ? (
				<Alert tone="error" role="alert" className="mt-6">
					{message} <Link to="/forgot-password">Ask for a new link</Link>
				</Alert>
			) : (
				<>
					<p className="mt-2 text-ink-muted">Every device signed in to your account will be signed out.</p>
					<Card className="mt-6">
						<Form method="post" {...getFormProps(form)} className="flex flex-col gap-5">
							{form.errors?.length ? (
								<div role="alert">
									<ErrorList id={form.errorId} errors={form.errors} />
									<p className="mt-2 text-sm">
										<Link to="/forgot-password">Ask for a new link</Link>
									</p>
								</div>
							) : null}
							<Field
								id={fields.password.id}
								label="New password"
								description="At least 10 characters. Commonly used passwords are refused; a few unrelated words make a strong one."
								errors={fields.password.errors}
								inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'new-password' }}
							/>
							<Field
								id={fields.confirmPassword.id}
								label="New password again"
								errors={fields.confirmPassword.errors}
								inputProps={{
									...getInputProps(fields.confirmPassword, { type: 'password' }),
									autoComplete: 'new-password',
								}}
							/>
							<SubmitButton>Change my password</SubmitButton>
						</Form>
					</Card>
				</>
			)}
		</div>
	)
}
