import { data, Form, useActionData, useLoaderData } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/invitations'
import { emailSchema } from '~/auth/account-schemas'
import { requireAdminMembership, requireUser } from '~/auth/auth.server'
import { hitRateLimit } from '~/auth/rate-limit.server'
import { formatDate } from '~/format/dates'
import { pageTitle } from '~/components/page-title'
import { Alert } from '~/components/ui/alert'
import { DataTable } from '~/components/ui/data-table'
import { Card } from '~/components/ui/card'
import { ErrorList } from '~/components/ui/field'
import { controlClass, SelectField } from '~/components/ui/filter-fields'
import { errorAria, FieldErrors, useServerForm } from '~/components/ui/form-errors'
import { ConfirmAction } from '~/components/ui/confirm-action'
import { SubmitButton } from '~/components/ui/submit-button'
import { redirectWithFlash } from '~/http/flash.server'
import { formError, formReply, parseForm } from '~/http/form-submission'
import {
	createInvitations,
	InvitationError,
	listInvitations,
	MAX_INVITATIONS_AT_ONCE,
	revokeInvitation,
} from '~/orgs/invitations.server'
import { listTeams } from '~/orgs/teams.server'

export const meta: Route.MetaFunction = () => pageTitle('Invitations · Admin')

const STATE_LABELS = { open: 'Waiting', used: 'Accepted', expired: 'Expired', revoked: 'Withdrawn' } as const

export async function loader({ context }: Route.LoaderArgs) {
	const membership = requireAdminMembership(context)
	const [invitations, teams] = await Promise.all([
		listInvitations(membership.orgId, membership.role),
		listTeams(membership.orgId),
	])
	const teamNames = new Map(teams.map((t) => [t.id, t.name]))
	return {
		canInviteAdmins: membership.role === 'OWNER',
		maxAtOnce: MAX_INVITATIONS_AT_ONCE,
		teams: teams.filter((t) => !t.archivedAt).map((t) => ({ id: t.id, name: t.name })),
		invitations: invitations.map((i) => ({
			id: i.id,
			email: i.email,
			role: i.role,
			team: i.teamId ? (teamNames.get(i.teamId) ?? null) : null,
			state: i.state,
			createdAt: i.createdAt.toISOString(),
			expiresAt: i.expiresAt.toISOString(),
		})),
	}
}

/** Addresses separated by commas, semicolons, spaces or new lines; each one checked. */
const emailListSchema = z
	.string()
	.max(64 * 1024, 'The list is too long: import a CSV file instead.')
	.transform((text, ctx) => {
		const parts = text.split(/[\s,;]+/).filter(Boolean)
		const bad = parts.filter((p) => !emailSchema.safeParse(p).success)
		if (bad.length > 0) {
			ctx.addIssue({
				code: 'custom',
				message: `${bad.length === 1 ? 'This is not an email address' : 'These are not email addresses'}: ${bad.slice(0, 5).join(', ')}${bad.length > 5 ? '…' : ''}`,
			})
			return z.NEVER
		}
		if (parts.length === 0) {
			ctx.addIssue({ code: 'custom', message: 'Give at least one email address.' })
			return z.NEVER
		}
		return parts
	})

const actionSchema = z.discriminatedUnion('intent', [
	z.object({
		intent: z.literal('invite'),
		emails: emailListSchema,
		teamId: z.string().regex(/^[a-z0-9]{0,40}$/),
		role: z.enum(['LEARNER', 'ADMIN']),
	}),
	z.object({ intent: z.literal('withdraw'), invitationId: z.string().regex(/^[a-z0-9]{1,40}$/) }),
])

/** Sending invitations costs email: 60 submissions an hour per admin. */
const INVITE_RULE = { limit: 60, windowMs: 60 * 60 * 1000 }

export async function action({ request, context }: Route.ActionArgs) {
	const { user } = requireUser(context, request)
	const membership = requireAdminMembership(context)
	const submission = parseForm(await request.formData(), { schema: actionSchema, disableAutoCoercion: true })
	if (submission.status !== 'success')
		return data({ result: formReply(submission, { fields: ['emails', 'teamId', 'role'] }) }, { status: 400 })
	const input = submission.value
	const actor = { id: user.id, name: user.name, role: membership.role }
	try {
		if (input.intent === 'withdraw') {
			await revokeInvitation(membership.orgId, actor, input.invitationId)
			return redirectWithFlash('/admin/invitations', { kind: 'success', message: 'The invitation is withdrawn.' })
		}
		const limit = await hitRateLimit(`invite:user:${user.id}`, INVITE_RULE)
		if (limit.blocked) {
			return data(
				{ result: formError('You have sent many invitations in the last hour. Try again later.') },
				{ status: 429 },
			)
		}
		const { emails, teamId, role } = input
		const result = await createInvitations({ orgId: membership.orgId, actor, emails, teamId: teamId || null, role })
		const parts = [`Invited ${result.invited.length} ${result.invited.length === 1 ? 'person' : 'people'}.`]
		if (result.alreadyMembers.length > 0)
			parts.push(`Already in the organisation: ${result.alreadyMembers.join(', ')}.`)
		return redirectWithFlash('/admin/invitations', { kind: 'success', message: parts.join(' ') })
	} catch (error) {
		if (error instanceof InvitationError) return data({ result: formError(error.message) }, { status: 400 })
		throw error
	}
}

export default function InvitationsPage() {
	const { invitations, teams, canInviteAdmins, maxAtOnce } = useLoaderData<typeof loader>()
	const [form, fields] = useServerForm<{ emails: string; teamId: string; role: string }>({
		id: 'invite',
		lastResult: useActionData<typeof action>()?.result,
	})
	return (
		<div className="flex flex-col gap-6">
			<h1 className="text-3xl font-bold">Invitations</h1>
			<Card aria-labelledby="invite-heading">
				<h2 id="invite-heading" className="text-xl font-semibold">
					Invite people
				</h2>
				<p className="mt-1 text-sm text-ink-muted">
					Each person gets an email with a link that works once, for seven days. Emails are sent through the mail server
					when one is configured; they are always listed in the <a href="/admin/outbox">outbox</a>.
				</p>
				{/* Sent invitations (a new newest one) start an empty form; a refused submission keeps what was typed. */}
				<Form key={invitations[0]?.id ?? 'none'} method="post" id={form.id} className="mt-4 flex flex-col gap-4">
					<input type="hidden" name="intent" value="invite" />
					<div className="flex flex-col gap-1.5">
						<label htmlFor="emails" className="text-sm font-medium">
							Email addresses
						</label>
						<p id="emails-help" className="text-sm text-ink-muted">
							One or many (up to {maxAtOnce}), separated by commas or new lines.
						</p>
						<textarea
							id="emails"
							name="emails"
							rows={4}
							required
							{...errorAria(fields.emails, 'emails-help')}
							className={controlClass}
						/>
						<FieldErrors field={fields.emails} />
					</div>
					<div className="grid gap-4 sm:grid-cols-2">
						<SelectField
							id="invite-team"
							name="teamId"
							label="Team"
							placeholder="No team"
							options={teams.map((t) => [t.id, t.name] as const)}
							field={fields.teamId}
						/>
						<SelectField
							id="invite-role"
							name="role"
							label="Role"
							defaultValue="LEARNER"
							options={
								canInviteAdmins
									? [
											['LEARNER', 'Learner'],
											['ADMIN', 'Administrator'],
										]
									: [['LEARNER', 'Learner']]
							}
							field={fields.role}
						/>
					</div>
					{form.errors?.length ? (
						<Alert tone="error" role="alert">
							<ErrorList id={form.errorId} errors={form.errors} />
						</Alert>
					) : null}
					<div>
						<SubmitButton>Send invitations</SubmitButton>
					</div>
				</Form>
			</Card>
			<section aria-labelledby="sent-heading" className="flex flex-col gap-3">
				<h2 id="sent-heading" className="text-xl font-semibold">
					Sent invitations
				</h2>
				{invitations.length === 0 ? (
					<p className="text-ink-muted">None yet.</p>
				) : (
					<DataTable columns={['Email', 'Role', 'Team', 'Sent', 'State', 'Action']}>
						{invitations.map((i) => (
							<tr key={i.id} className="border-b border-line last:border-0">
								<th scope="row" className="break-all py-2 pr-3 font-normal">
									{i.email}
								</th>
								<td className="py-2 pr-3">{i.role === 'ADMIN' ? 'Administrator' : 'Learner'}</td>
								<td className="py-2 pr-3">{i.team ?? '—'}</td>
								<td className="py-2 pr-3">{formatDate(i.createdAt)}</td>
								<td className="py-2 pr-3">
									{STATE_LABELS[i.state]}
									{i.state === 'open' ? ` (until ${formatDate(i.expiresAt)})` : ''}
								</td>
								<td className="py-2 pr-3">
									{i.state === 'open' ? (
										<ConfirmAction
											label="Withdraw"
											accessibleLabel={`Withdraw the invitation of ${i.email}`}
											warning={`The link sent to ${i.email} stops working. To invite them again you send a new invitation.`}
											confirmLabel="Withdraw the invitation"
										>
											<input type="hidden" name="intent" value="withdraw" />
											<input type="hidden" name="invitationId" value={i.id} />
										</ConfirmAction>
									) : null}
								</td>
							</tr>
						))}
					</DataTable>
				)}
			</section>
		</div>
	)
}
