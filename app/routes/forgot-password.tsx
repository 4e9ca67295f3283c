import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { data, Form, Link, useActionData } from 'react-router'
import type { Route } from './+types/forgot-password'
import { forgotPasswordSchema } from '~/auth/account-schemas'
import { requestPasswordReset } from '~/auth/password-reset.server'
import { pageTitle } from '~/components/page-title'
import { SubmitButton } from '~/components/ui/submit-button'
import { Card } from '~/components/ui/card'
import { ErrorList, Field } from '~/components/ui/field'
import { redirectWithFlash } from '~/http/flash.server'
import { getClientAddress } from '~/http/request-context'
import { parseForm } from '~/http/form-submission'

export const meta: Route.MetaFunction = () => pageTitle('Reset your password')

export async function action({ request, context }: Route.ActionArgs) {
	const submission = parseForm(await request.formData(), { schema: forgotPasswordSchema })
	if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
	const outcome = await requestPasswordReset({ email: submission.value.email, ip: getClientAddress(context) })
	if (!outcome.ok) return data({ result: submission.reply({ formErrors: [outcome.message] }) }, { status: 429 })
	// The same answer whether or not the address has an account; it does not wait for the email.
	return redirectWithFlash('/sign-in', {
		kind: 'info',
		message:
			'If an account exists for that address, we have sent a link to reset its password. The link works once, within one hour.',
	})
}

export default function ForgotPassword() {
	const actionData = useActionData<typeof action>()
	const [form, fields] = useForm({
		id: 'forgot-password',
		lastResult: actionData?.result,
		constraint: getZodConstraint(forgotPasswordSchema),
		shouldValidate: 'onSubmit',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: forgotPasswordSchema }),
	})
	return (
		<div className="mx-auto max-w-md">
			<h1 className="text-3xl font-bold">Reset your password</h1>
			<p className="mt-2 text-ink-muted">
				Give the email address of your account and we will send you a link to choose a new password.
			</p>
			<Card className="mt-6">
				<Form method="post" {...getFormProps(form)} className="flex flex-col gap-5">
					{form.errors?.length ? (
						<div role="alert">
							<ErrorList id={form.errorId} errors={form.errors} />
						</div>
					) : null}
					<Field
						id={fields.email.id}
						label="Email"
						errors={fields.email.errors}
						inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'email' }}
					/>
					<SubmitButton>Send me a link</SubmitButton>
				</Form>
			</Card>
			<p className="mt-4 text-ink-muted">
				Remembered it? <Link to="/sign-in">Sign in</Link>
			</p>
		</div>
	)
}
