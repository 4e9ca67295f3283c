import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { data, Form, Link, useActionData, useLoaderData } from 'react-router'
import type { Route } from './+types/account'
import { changeEmailSchema, changeNameSchema, changePasswordSchema } from '~/auth/account-schemas'
import { changeName, changePassword } from '~/auth/account.server'
import { getEmailStatus, requestEmailChange } from '~/auth/email-verification.server'
import { getTwoFactorStatus } from '~/auth/two-factor.server'
import { formatDateTime } from '~/format/dates'
import { redirectSignedOut, redirectWithNewSession, requireUser } from '~/auth/auth.server'
import { countActiveSessions, invalidateAllSessions } from '~/auth/session.server'
import { pageTitle } from '~/components/page-title'
import { SubmitButton } from '~/components/ui/submit-button'
import { Card } from '~/components/ui/card'
import { ErrorList, Field } from '~/components/ui/field'
import { redirectWithFlash } from '~/http/flash.server'
import { parseForm } from '~/http/form-submission'

export const meta: Route.MetaFunction = () => pageTitle('Your account')

export async function loader({ request, context }: Route.LoaderArgs) {
	const { user } = requireUser(context, request)
	const [email, activeSessions, twoFactor] = await Promise.all([
		getEmailStatus(user.id),
		countActiveSessions(user.id),
		getTwoFactorStatus(user.id),
	])
	return { name: user.name, email, activeSessions, twoFactorOn: twoFactor.enabledAt !== null }
}

type Intent = 'change-name' | 'change-email' | 'change-password'
const invalid = (intent: Intent, result: SubmissionResult) => data({ intent, result }, { status: 400 })

export async function action({ request, context }: Route.ActionArgs) {
	const { user, session } = requireUser(context, request)
	const formData = await request.formData()
	const intent = formData.get('intent')

	if (intent === 'sign-out-everywhere') {
		await invalidateAllSessions(user.id)
		return redirectSignedOut('/sign-in', 'You are signed out on every device.')
	}
	if (intent === 'change-name') {
		const submission = parseForm(formData, { schema: changeNameSchema })
		if (submission.status !== 'success') return invalid(intent, submission.reply())
		await changeName(user.id, submission.value.name)
		return redirectWithFlash('/account', { kind: 'success', message: 'Your name is updated.' })
	}
	if (intent === 'change-email') {
		const submission = parseForm(formData, { schema: changeEmailSchema })
		if (submission.status !== 'success') return invalid(intent, submission.reply({ hideFields: ['currentPassword'] }))
		const outcome = await requestEmailChange(user.id, submission.value)
		if (!outcome.ok) {
			const reply = submission.reply({
				fieldErrors: { [outcome.field]: [outcome.message] },
				hideFields: ['currentPassword'],
			})
			return invalid(intent, reply)
		}
		const message = outcome.unchanged
			? `We sent a new link to ${submission.value.email}: open it to confirm your address.`
			: `We sent a link to ${submission.value.email}. Your address changes when you open it; until then it stays ${user.email}.`
		return redirectWithFlash('/account', { kind: 'success', message })
	}
	if (intent === 'change-password') {
		const hideFields = ['currentPassword', 'newPassword', 'confirmPassword']
		const submission = parseForm(formData, { schema: changePasswordSchema })
		if (submission.status !== 'success') return invalid(intent, submission.reply({ hideFields }))
		const outcome = await changePassword(user.id, session.id, submission.value)
		if (!outcome.ok)
			return invalid(intent, submission.reply({ fieldErrors: { [outcome.field]: [outcome.message] }, hideFields }))
		const others = outcome.otherSessionsEnded
		const message = `Your password is changed.${others ? ` ${others} other session${others === 1 ? ' was' : 's were'} signed out.` : ''}`
		// This browser's session was replaced by a new one: the cookie gets its token.
		return redirectWithNewSession(outcome, '/account', message)
	}
	throw data({ message: 'Unknown account action.' }, { status: 400 })
}

function useResultFor(intent: Intent) {
	const actionData = useActionData<typeof action>()
	return actionData?.intent === intent ? actionData.result : undefined
}

function NameForm({ name }: { name: string }) {
	const [form, fields] = useForm({
		id: 'change-name',
		lastResult: useResultFor('change-name'),
		defaultValue: { name },
		constraint: getZodConstraint(changeNameSchema),
		onValidate: ({ formData }) => parseWithZod(formData, { schema: changeNameSchema }),
	})
	return (
		<Form method="post" {...getFormProps(form)} className="flex flex-col gap-4">
			<input type="hidden" name="intent" value="change-name" />
			<ErrorList id={form.errorId} errors={form.errors} />
			<Field
				id={fields.name.id}
				label="Name"
				errors={fields.name.errors}
				inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'name' }}
			/>
			<SubmitButton variant="secondary" className="self-start">
				Save name
			</SubmitButton>
		</Form>
	)
}

type EmailStatus = Awaited<ReturnType<typeof getEmailStatus>>

function EmailState({ status }: { status: EmailStatus }) {
	return (
		<div className="mb-4 flex flex-col gap-1">
			<p>
				Your address is <strong>{status.email}</strong>
				{status.verified ? ', confirmed.' : ', not confirmed yet: no credential is issued until it is.'}
			</p>
			{status.pendingChange ? (
				<p className="text-ink-muted">
					Waiting for you to open the link sent to <strong>{status.pendingChange.email}</strong> on{' '}
					{formatDateTime(status.pendingChange.createdAt)}; it works until{' '}
					{formatDateTime(status.pendingChange.expiresAt)}.
				</p>
			) : null}
		</div>
	)
}

function EmailForm({ email }: { email: string }) {
	const [form, fields] = useForm({
		id: 'change-email',
		lastResult: useResultFor('change-email'),
		defaultValue: { email },
		constraint: getZodConstraint(changeEmailSchema),
		onValidate: ({ formData }) => parseWithZod(formData, { schema: changeEmailSchema }),
	})
	return (
		<Form method="post" {...getFormProps(form)} className="flex flex-col gap-4">
			<input type="hidden" name="intent" value="change-email" />
			<ErrorList id={form.errorId} errors={form.errors} />
			<Field
				id={fields.email.id}
				label="Email"
				description="We send a link to a new address; the change takes effect when you open it, and your current address is told."
				errors={fields.email.errors}
				inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'email' }}
			/>
			<Field
				id={fields.currentPassword.id}
				label="Current password"
				errors={fields.currentPassword.errors}
				inputProps={{
					...getInputProps(fields.currentPassword, { type: 'password' }),
					autoComplete: 'current-password',
				}}
			/>
			<SubmitButton variant="secondary" className="self-start">
				Change email
			</SubmitButton>
		</Form>
	)
}

function PasswordForm() {
	const [form, fields] = useForm({
		id: 'change-password',
		lastResult: useResultFor('change-password'),
		constraint: getZodConstraint(changePasswordSchema),
		onValidate: ({ formData }) => parseWithZod(formData, { schema: changePasswordSchema }),
	})
	return (
		<Form method="post" {...getFormProps(form)} className="flex flex-col gap-4">
			<input type="hidden" name="intent" value="change-password" />
			<ErrorList id={form.errorId} errors={form.errors} />
			<Field
				id={fields.currentPassword.id}
				label="Current password"
				errors={fields.currentPassword.errors}
				inputProps={{
					...getInputProps(fields.currentPassword, { type: 'password' }),
					autoComplete: 'current-password',
				}}
			/>
			<Field
				id={fields.newPassword.id}
				label="New password"
				description="At least 10 characters; commonly used passwords are refused. Your other devices will be signed out."
				errors={fields.newPassword.errors}
				inputProps={{ ...getInputProps(fields.newPassword, { type: 'password' }), autoComplete: 'new-password' }}
			/>
			<Field
				id={fields.confirmPassword.id}
				label="Repeat the new password"
				errors={fields.confirmPassword.errors}
				inputProps={{ ...getInputProps(fields.confirmPassword, { type: 'password' }), autoComplete: 'new-password' }}
			/>
			<SubmitButton variant="secondary" className="self-start">
				Change password
			</SubmitButton>
		</Form>
	)
}

export default function Account() {
	const { name, email, activeSessions, twoFactorOn } = useLoaderData<typeof loader>()
	return (
		<div className="flex flex-col gap-6">
			<h1 className="text-3xl font-bold">Your account</h1>
			<Card aria-labelledby="name-heading">
				<h2 id="name-heading" className="mb-4 text-xl font-semibold">
					Name
				</h2>
				<NameForm name={name} />
			</Card>
			<Card aria-labelledby="email-heading">
				<h2 id="email-heading" className="mb-4 text-xl font-semibold">
					Email
				</h2>
				<EmailState status={email} />
				<EmailForm email={email.email} />
			</Card>
			<Card aria-labelledby="password-heading">
				<h2 id="password-heading" className="mb-4 text-xl font-semibold">
					Password
				</h2>
				<PasswordForm />
			</Card>
			<Card aria-labelledby="two-factor-heading">
				<h2 id="two-factor-heading" className="text-xl font-semibold">
					Two-factor sign-in
				</h2>
				<p className="mt-2">
					{twoFactorOn
						? 'On: signing in asks for a code from your authenticator app.'
						: 'Off: signing in asks for your password only.'}{' '}
					<Link to="/account/two-factor">
						{twoFactorOn ? 'Manage two-factor sign-in' : 'Turn on two-factor sign-in'}
					</Link>
				</p>
			</Card>
			<Card aria-labelledby="devices-heading">
				<h2 id="devices-heading" className="text-xl font-semibold">
					Devices
				</h2>
				<p className="mt-2 text-ink-muted">
					You are signed in on {activeSessions} {activeSessions === 1 ? 'device or browser' : 'devices or browsers'}.
				</p>
				<Form method="post" className="mt-4">
					<input type="hidden" name="intent" value="sign-out-everywhere" />
					<SubmitButton variant="danger">Sign out of all devices</SubmitButton>
				</Form>
			</Card>
		</div>
	)
}
