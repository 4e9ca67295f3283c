import { data, Form, useActionData, useLoaderData, useNavigation } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/credentials'
import { requireAdminMembership, requireUser } from '~/auth/auth.server'
import { formatDate } from '~/components/credentials/credential-details'
import { CredentialStateBadge } from '~/components/credentials/credential-state-badge'
import { pageTitle } from '~/components/page-title'
import { Alert } from '~/components/ui/alert'
import { Button } from '~/components/ui/button'
import { getPath } from '~/content/catalog.server'
import type { CredentialState } from '~/credentials/credential-state'
import { redirectWithFlash } from '~/http/flash.server'
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

const actionSchema = z.object({
	credentialId: z.string().min(1).max(64),
	action: z.enum(['revoke', 'suspend', 'reinstate']),
	reason: z
		.string()
		.trim()
		.min(5, 'Give a reason of at least 5 characters: the learner and every verifier will see it.')
		.max(500, 'Keep the reason under 500 characters.'),
})

export async function action({ request, context }: Route.ActionArgs) {
	const { user } = requireUser(context, request)
	const membership = requireAdminMembership(context)
	const parsed = actionSchema.safeParse(Object.fromEntries(await request.formData()))
	if (!parsed.success) {
		return data(
			{ message: parsed.error.issues[0]?.message ?? 'This request is not valid.', credentialId: null as string | null },
			{ status: 400 },
		)
	}
	const { credentialId, action: change, reason } = parsed.data
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
		if (error instanceof CredentialStatusError) return data({ message: error.message, credentialId }, { status: 409 })
		throw error
	}
	const done = { revoke: 'revoked', suspend: 'suspended', reinstate: 'reinstated' }[change]
	return redirectWithFlash('/admin/credentials', {
		kind: 'success',
		message: `The credential is ${done}. The learner is told, and its status list is already updated for every verifier.`,
	})
}

function StatusForm({ credentialId, state }: { credentialId: string; state: CredentialState }) {
	const navigation = useNavigation()
	if (state === 'revoked') return null
	const reasonId = `reason-${credentialId}`
	return (
		<Form method="post" className="flex flex-col gap-2">
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
				className="min-h-11 rounded-control border border-line bg-surface px-3 py-2 text-ink"
			/>
			<div className="flex flex-wrap gap-2">
				{state === 'suspended' ? (
					<Button
						type="submit"
						name="action"
						value="reinstate"
						variant="secondary"
						disabled={navigation.state !== 'idle'}
					>
						Lift the suspension
					</Button>
				) : (
					<Button
						type="submit"
						name="action"
						value="suspend"
						variant="secondary"
						disabled={navigation.state !== 'idle'}
					>
						Suspend
					</Button>
				)}
				<Button type="submit" name="action" value="revoke" variant="danger" disabled={navigation.state !== 'idle'}>
					Revoke for good
				</Button>
			</div>
		</Form>
	)
}

export default function AdminCredentialsPage() {
	const { orgName, credentials } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	return (
		<div className="flex flex-col gap-6">
			<header>
				<h1 className="text-3xl font-bold">Credentials</h1>
				<p className="mt-2 text-ink-muted">
					Credentials issued to people of {orgName}. Suspension can be lifted; revocation is final.
				</p>
			</header>
			{actionData?.message ? (
				<Alert tone="error" role="alert">
					{actionData.message}
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
