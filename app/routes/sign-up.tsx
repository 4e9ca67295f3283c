import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { data, Form, Link, useActionData, useLoaderData } from 'react-router'
import type { Route } from './+types/sign-up'
import { signUpSchema } from '~/auth/account-schemas'
import { requireAnonymous } from '~/auth/auth.server'
import { signUp } from '~/auth/email-verification.server'
import { pageTitle } from '~/components/page-title'
import { SubmitButton } from '~/components/ui/submit-button'
import { Card } from '~/components/ui/card'
import { ErrorList, Field } from '~/components/ui/field'
import { parseForm } from '~/http/form-submission'
import { hitRateLimit } from '~/auth/rate-limit.server'
import { getClientAddress } from '~/http/request-context'
import { config } from '~/config.server'

export const meta: Route.MetaFunction = () => pageTitle('Create your account')

const CLOSED_MESSAGE =
	'Accounts on this site are created by invitation only: ask your organisation’s administrator to invite you.'

export function loader({ context }: Route.LoaderArgs) {
	requireAnonymous(context)
	return { open: config.SIGN_UP === 'open' }
}

/** Sign-ups tried from one client address in an hour: a family or an office, not a script. */
const SIGN_UP_RULE = { limit: 20, windowMs: 60 * 60_000 }
/** Sign-ups for one address in an hour, whether or not it has an account: no flood of mail to anyone. */
const SIGN_UP_EMAIL_RULE = { limit: 5, windowMs: 60 * 60_000 }

export async function action({ request, context }: Route.ActionArgs) {
	requireAnonymous(context)
	if (config.SIGN_UP === 'closed') throw data({ message: CLOSED_MESSAGE }, { status: 403 })
	const submission = parseForm(await request.formData(), { schema: signUpSchema })
	if (submission.status !== 'success') {
		return data({ result: submission.reply({ hideFields: ['password'] }) }, { status: 400 })
	}
	// Counted before the password is hashed: each try costs the server an argon2 hash.
	const [byIp, byEmail] = await Promise.all([
		hitRateLimit(`sign-up:ip:${getClientAddress(context)}`, SIGN_UP_RULE),
		hitRateLimit(`sign-up:email:${submission.value.email}`, SIGN_UP_EMAIL_RULE),
	])
	const blocked = [byIp.count > SIGN_UP_RULE.limit && byIp, byEmail.count > SIGN_UP_EMAIL_RULE.limit && byEmail]
	const limit = blocked.find((state) => state !== false)
	if (limit) {
		const minutes = Math.max(1, Math.ceil((limit.resetAt - Date.now()) / 60_000))
		const message = `Too many sign-ups were tried from your network or for this address. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`
		return data({ result: submission.reply({ formErrors: [message], hideFields: ['password'] }) }, { status: 429 })
	}
	const outcome = await signUp(submission.value)
	if (!outcome.ok) {
		return data(
			{ result: submission.reply({ fieldErrors: { [outcome.field]: [outcome.message] }, hideFields: ['password'] }) },
			{ status: 400 },
		)
	}
	// The same answer whether or not the address has an account: the email says which it was.
	return { result: submission.reply({ resetForm: true }), sentTo: submission.value.email }
}

export default function SignUp() {
	const { open } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	if (!open) return <SignUpClosed />
	return actionData && 'sentTo' in actionData ? <CheckYourEmail email={actionData.sentTo} /> : <SignUpForm />
}

function CheckYourEmail({ email }: { email: string }) {
	return (
		<div className="mx-auto max-w-md">
			<h1 className="text-3xl font-bold" tabIndex={-1} ref={(heading) => heading?.focus()}>
				Check your email
			</h1>
			<p className="mt-4">
				We sent a message to <strong>{email}</strong>. Open the link in it to confirm your address and finish creating
				your account; it works for 24 hours.
			</p>
			<p className="mt-2 text-ink-muted">
				No message after a few minutes? Look in your spam folder, or <Link to="/sign-up">sign up again</Link> to get a
				new link. If you already have an account, <Link to="/sign-in">sign in</Link>.
			</p>
		</div>
	)
}

function SignUpClosed() {
	return (
		<div className="mx-auto max-w-md">
			<h1 className="text-3xl font-bold">Sign-up is closed</h1>
			<p className="mt-2">{CLOSED_MESSAGE}</p>
			<p className="mt-2 text-ink-muted">
				Already have an account? <Link to="/sign-in">Sign in</Link>
			</p>
		</div>
	)
}

function SignUpForm() {
	const actionData = useActionData<typeof action>()
	const [form, fields] = useForm({
		id: 'sign-up',
		lastResult: actionData?.result,
		constraint: getZodConstraint(signUpSchema),
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: signUpSchema }),
	})
	return (
		<div className="mx-auto max-w-md">
			<h1 className="text-3xl font-bold">Create your account</h1>
			<p className="mt-2 text-ink-muted">
				Already have one? <Link to="/sign-in">Sign in</Link>
			</p>
			<Card className="mt-6">
				<Form method="post" {...getFormProps(form)} className="flex flex-col gap-5">
					<ErrorList id={form.errorId} errors={form.errors} />
					<Field
						id={fields.name.id}
						label="Name"
						errors={fields.name.errors}
						inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'name' }}
					/>
					<Field
						id={fields.email.id}
						label="Email"
						errors={fields.email.errors}
						inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'email' }}
					/>
					<Field
						id={fields.password.id}
						label="Password"
						description="At least 10 characters. Commonly used passwords are refused; a few unrelated words make a strong one."
						errors={fields.password.errors}
						inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'new-password' }}
					/>
					<SubmitButton>Create account</SubmitButton>
				</Form>
			</Card>
		</div>
	)
}
