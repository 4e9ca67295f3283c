import { data, Form, useActionData, useLoaderData } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/credentials'
import { requireAdminMembership, requireUser } from '~/auth/auth.server'
import { formatDate } from '~/format/dates'
import { CredentialStateBadge } from '~/components/credentials/credential-state-badge'
import { pageTitle } from '~/components/page-title'
import { Alert } from '~/components/ui/alert'
import { ErrorList } from '~/components/ui/field'
import { errorAria, FieldErrors, useServerForm } from '~/components/ui/form-errors'
import { SubmitButton } from '~/components/ui/submit-button'
import { getPath } from '~/content/catalog.server'
import type { CredentialState } from '~/credentials/credential-state'
import { redirectWithFlash } from '~/http/flash.server'
import { formError, formReply, parseForm } from '~/http/form-submission'
import { typedText } from '~/http/typed-text'
import { listOrgCredentials } from '~/issuing/org-credentials.server'
import { changeCredentialStatus, CredentialNotFoundError, CredentialStatusError } from '~/issuing/status-changes.server'

export const meta: Route.MetaFunction = () => pageTitle('Credentials · Admin')

export async function loader({ context }: Route.LoaderArgs) {
	const membership = requireAdminMembership(context)
	const credentials = await listOrgCredentials(membership.orgId)
	return {
		orgName: membership.orgName,
		credentials: credentials.map((c) => ({
			id: c.id,
			learner: c.user.name,
			email: c.user.email,
			path: getPath(c.pathSlug)?.title ?? c.pathSlug,
			issuedAt: c.issuedAt.toISOString(),
			validUntil: c.validUntil.toISOString(),
			state: c.state,
			reason: c.state === 'revoked' ? c.revokedReason : c.state === 'suspended' ? c.suspendedReason : null,
		})),
	}
}

const REVOKE_CONFIRMATION = 'Tick “I understand that revoking cannot be undone” to revoke: it is final.'

const actionSchema = z
	.object({
		credentialId: z.string().min(1).max(64),
		action: z.enum(['revoke', 'suspend', 'reinstate']),
		reason: typedText(
			z
				.string()
				.trim()
				.min(5, 'Give a reason of at least 5 characters: the learner and every verifier will see it.')
				.max(500, 'Keep the reason under 500 characters.'),
		),
		confirmRevoke: z.literal('yes').optional(),
	})
	// Revoking cannot be undone, so it is confirmed on purpose (suspending and lifting are not final).
	.refine((input) => input.action !== 'revoke' || input.confirmRevoke === 'yes', {
		message: REVOKE_CONFIRMATION,
		path: ['confirmRevoke'],
	})

export async function action({ request, context }: Route.ActionArgs) {
	const { user } = requireUser(context, request)
	const membership = requireAdminMembership(context)
	const submission = parseForm(await request.formData(), { schema: actionSchema, disableAutoCoercion: true })
	if (submission.status !== 'success') {
		const credentialId = typeof submission.payload.credentialId === 'string' ? submission.payload.credentialId : null
		return data(
			{ credentialId, result: formReply(submission, { fields: ['reason', 'confirmRevoke'] }) },
			{ status: 400 },
		)
	}
	const { credentialId, action: change, reason } = submission.value
	try {
		await changeCredentialStatus({
			credentialId,
			action: change,
			reason,
			actorId: user.id,
			actorName: user.name,
			orgId: membership.orgId,
		})
	} catch (error) {
		if (error instanceof CredentialNotFoundError) throw data({ message: error.message }, { status: 404 })
		if (error instanceof CredentialStatusError)
			return data({ credentialId, result: formError(error.message) }, { status: 409 })
		throw error
	}
	const done = { revoke: 'revoked', suspend: 'suspended', reinstate: 'reinstated' }[change]
	return redirectWithFlash('/admin/credentials', {
		kind: 'success',
		message: `The credential is ${done}. The learner is told, and its status list is already updated for every verifier.`,
	})
}

function StatusForm({ credentialId, state }: { credentialId: string; state: CredentialState }) {
	const answer = useActionData<typeof action>()
	const [form, fields] = useServerForm<{ reason: string; confirmRevoke: string }>({
		id: `status-${credentialId}`,
		lastResult: answer?.credentialId === credentialId ? answer.result : undefined,
	})
	if (state === 'revoked') return null
	const reasonId = `reason-${credentialId}`
	return (
		<Form method="post" id={form.id} className="flex flex-col gap-2">
			<input type="hidden" name="credentialId" value={credentialId} />
			<label htmlFor={reasonId} className="text-sm font-medium">
				Reason (shown to the learner and on the verification page)
			</label>
			<input
				id={reasonId}
				name="reason"
				required
				minLength={5}
				maxLength={500}
				{...errorAria(fields.reason)}
				className="min-h-11 rounded-control border border-line bg-surface px-3 py-2 text-ink"
			/>
			<FieldErrors field={fields.reason} />
			<div className="flex items-center gap-2 text-sm">
				<input
					id={`confirm-${credentialId}`}
					type="checkbox"
					name="confirmRevoke"
					value="yes"
					{...errorAria(fields.confirmRevoke)}
					className="size-5 shrink-0"
				/>
				<label htmlFor={`confirm-${credentialId}`}>I understand that revoking cannot be undone</label>
			</div>
			<FieldErrors field={fields.confirmRevoke} />
			<div className="flex flex-wrap gap-2">
				{state === 'suspended' ? (
					<SubmitButton name="action" value="reinstate" variant="secondary">
						Lift the suspension
					</SubmitButton>
				) : (
					<SubmitButton name="action" value="suspend" variant="secondary">
						Suspend
					</SubmitButton>
				)}
				<SubmitButton name="action" value="revoke" variant="danger">
					Revoke for good
				</SubmitButton>
			</div>
		</Form>
	)
}

export default function AdminCredentialsPage() {
	const { orgName, credentials } = useLoaderData<typeof loader>()
	// Errors of the form as a whole show above the list, as the form they concern may be gone.
	const [form] = useServerForm({ id: 'credential-status', lastResult: useActionData<typeof action>()?.result })
	return (
		<div className="flex flex-col gap-6">
			<header>
				<h1 className="text-3xl font-bold">Credentials</h1>
				<p className="mt-2 text-ink-muted">
					Credentials issued to people of {orgName}. Suspension can be lifted; revocation is final.
				</p>
			</header>
			{form.errors?.length ? (
				<Alert tone="error" role="alert">
					<ErrorList id={form.errorId} errors={form.errors} />
				</Alert>
			) : null}
			{credentials.length === 0 ? (
				<p>No credential has been issued to your organisation&apos;s people yet.</p>
			) : (
				<ul className="flex flex-col gap-4">
					{credentials.map((c) => (
						<li key={c.id} className="rounded-card border border-line bg-surface p-4">
							<div className="flex flex-wrap items-start justify-between gap-2">
								<div>
									<p className="font-semibold">
										{c.learner} <span className="font-normal text-ink-muted">({c.email})</span>
									</p>
									<p>{c.path}</p>
									<p className="text-sm text-ink-muted">
										Issued {formatDate(c.issuedAt)} · valid until {formatDate(c.validUntil)}
									</p>
									{c.reason ? <p className="text-sm">Reason: {c.reason}</p> : null}
								</div>
								<CredentialStateBadge state={c.state} />
							</div>
							<div className="mt-3">
								<StatusForm credentialId={c.id} state={c.state} />
							</div>
						</li>
					))}
				</ul>
			)}
		</div>
	)
}
