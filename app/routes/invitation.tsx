import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { data, Form, Link, useActionData, useLoaderData, useLocation } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/invitation'
import { nameSchema, newPasswordSchema } from '~/auth/account-schemas'
import { getSession, getUser, redirectWithNewSession } from '~/auth/auth.server'
import { rotateSession } from '~/auth/session.server'
import { pageTitle } from '~/components/page-title'
import { Alert } from '~/components/ui/alert'
import { SubmitButton } from '~/components/ui/submit-button'
import { Card } from '~/components/ui/card'
import { ErrorList, Field } from '~/components/ui/field'
import { acceptInvitation, acceptInvitationAsNewUser, getInvitation, InvitationError } from '~/orgs/invitations.server'
import { parseForm } from '~/http/form-submission'

export const meta: Route.MetaFunction = ({ data: loaderData }) =>
	pageTitle(loaderData ? `Join ${loaderData.invitation.orgName}` : 'Invitation')

export async function loader({ params, context }: Route.LoaderArgs) {
	const invitation = await getInvitation(params.token)
	if (!invitation) throw data({ message: 'There is no invitation at this address.' }, { status: 404 })
	const user = getUser(context)
	return data(
		{ invitation, signedInAs: user ? { email: user.email } : null },
		// The link is a secret: keep it out of caches and referrers.
		{ headers: { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' } },
	)
}

/** The page itself (not only its data requests) keeps the link out of caches and referrers. */
export function headers({ loaderHeaders }: Route.HeadersArgs) {
	return loaderHeaders
}

const newAccountSchema = z
	.object({
		name: nameSchema,
		password: newPasswordSchema,
		confirmPassword: z.string({ error: 'Type the password again' }),
	})
	.refine((value) => value.password === value.confirmPassword, {
		message: 'The two passwords differ',
		path: ['confirmPassword'],
	})

export async function action({ request, params, context }: Route.ActionArgs) {
	const formData = await request.formData()
	const user = getUser(context)
	if (formData.get('intent') === 'join') {
		const session = getSession(context)
		if (!user || !session) throw data({ message: 'Sign in first.' }, { status: 401 })
		try {
			await acceptInvitation(params.token, user)
		} catch (error) {
			if (error instanceof InvitationError) return data({ message: error.message, result: undefined }, { status: 400 })
			throw error
		}
		// Joining changes what this account may do: it continues on a new session token.
		const renewed = await rotateSession(session.session.id, user.id)
		return redirectWithNewSession(renewed, '/dashboard', 'You have joined the organisation.')
	}
	if (user) return data({ message: 'You are signed in: join with your account.', result: undefined }, { status: 400 })
	const hideFields = ['password', 'confirmPassword']
	const submission = parseForm(formData, { schema: newAccountSchema })
	if (submission.status !== 'success')
		return data({ message: null, result: submission.reply({ hideFields }) }, { status: 400 })
	const outcome = await acceptInvitationAsNewUser(params.token, submission.value)
	if (!outcome.ok) {
		const reply =
			outcome.field === 'password'
				? submission.reply({ fieldErrors: { password: [outcome.message] }, hideFields })
				: submission.reply({ formErrors: [outcome.message], hideFields })
		return data({ message: null, result: reply }, { status: 400 })
	}
	return redirectWithNewSession(outcome, '/dashboard', `Welcome to Skillproof, ${submission.value.name}.`)
}

function NewAccountForm({ email }: { email: string }) {
	const actionData = useActionData<typeof action>()
	const [form, fields] = useForm({
		id: 'accept-invitation',
		lastResult: actionData?.result,
		constraint: getZodConstraint(newAccountSchema),
		shouldValidate: 'onBlur',
		shouldRevalidate: 'onInput',
		onValidate: ({ formData }) => parseWithZod(formData, { schema: newAccountSchema }),
	})
	return (
		<Form method="post" {...getFormProps(form)} className="flex flex-col gap-5">
			<ErrorList id={form.errorId} errors={form.errors} />
			<p>
				Your account will use <strong>{email}</strong>.
			</p>
			<Field
				id={fields.name.id}
				label="Name"
				errors={fields.name.errors}
				inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'name' }}
			/>
			<Field
				id={fields.password.id}
				label="Password"
				description="At least 10 characters. A few unrelated words make a strong one."
				errors={fields.password.errors}
				inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'new-password' }}
			/>
			<Field
				id={fields.confirmPassword.id}
				label="Password again"
				errors={fields.confirmPassword.errors}
				inputProps={{ ...getInputProps(fields.confirmPassword, { type: 'password' }), autoComplete: 'new-password' }}
			/>
			<SubmitButton>Create my account and join</SubmitButton>
		</Form>
	)
}

export default function InvitationPage() {
	const { invitation, signedInAs } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const location = useLocation()
	const here = `${invitation.orgName}${invitation.teamName ? `, team ${invitation.teamName}` : ''}`
	let body
	if (invitation.state !== 'open') {
		body = (
			<Alert tone="error" role="alert">
				{invitation.state === 'used'
					? 'This invitation has already been used.'
					: invitation.state === 'expired'
						? 'This invitation has expired. Ask your administrator for a new one.'
						: 'This invitation was replaced or withdrawn. Ask your administrator for a new one.'}{' '}
				<Link to="/sign-in">Sign in</Link>
			</Alert>
		)
	} else if (signedInAs && signedInAs.email.toLowerCase() === invitation.email) {
		body = (
			<Form method="post">
				<SubmitButton name="intent" value="join">
					Join {invitation.orgName}
				</SubmitButton>
			</Form>
		)
	} else if (signedInAs) {
		body = (
			<Alert tone="error">
				This invitation is for {invitation.email}, and you are signed in as {signedInAs.email}. Sign out, then open the
				link again.
			</Alert>
		)
	} else if (invitation.accountExists) {
		body = (
			<p>
				An account with {invitation.email} exists already.{' '}
				<Link to={`/sign-in?${new URLSearchParams({ redirectTo: location.pathname })}`}>
					Sign in as {invitation.email} to accept
				</Link>
			</p>
		)
	} else {
		body = <NewAccountForm email={invitation.email} />
	}
	return (
		<div className="mx-auto max-w-md">
			<h1 className="text-3xl font-bold">Join {invitation.orgName}</h1>
			<p className="mt-2 text-ink-muted">
				You are invited to {here} on Skillproof, as {invitation.role === 'ADMIN' ? 'an administrator' : 'a learner'}.
			</p>
			{actionData?.message ? (
				<Alert tone="error" role="alert" className="mt-4">
					{actionData.message}
				</Alert>
			) : null}
			<Card className="mt-6">{body}</Card>
		</div>
	)
}
