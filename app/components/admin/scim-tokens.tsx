import { Form } from 'react-router'
import { Card } from '../ui/card'
import { controlClass } from '../ui/filter-fields'
import { ConfirmAction } from '../ui/confirm-action'
import { SubmitButton } from '../ui/submit-button'
import { formatDateTime } from '~/format/dates'

type Token = { id: string; label: string; createdAt: Date; lastUsedAt: Date | null }

/**
 * Provisioning over SCIM: the base address to give the identity provider, its tokens (the new one
 * shown once, right after it is made), and, for owners, making and revoking them.
 */
export function ScimTokens({
	baseUrl,
	tokens,
	canEdit,
	created,
	failure,
}: {
	baseUrl: string
	tokens: Token[]
	canEdit: boolean
	created?: { label: string; token: string }
	failure?: string
}) {
	return (
		<Card aria-labelledby="scim-heading">
			<h2 id="scim-heading" className="text-xl font-semibold">
				Provisioning from your identity provider (SCIM)
			</h2>
			<p className="mt-2 max-w-prose">
				Microsoft Entra ID, Okta and other identity providers can add, update and deactivate your people and teams. Give
				them this base address and a token (Entra ID: Tenant URL and Secret Token; Okta: SCIM connector base URL and
				HTTP Header authentication):
			</p>
			<p className="mt-2">
				<code className="font-mono break-all">{baseUrl}</code>
			</p>
			{created ? (
				<div role="status" className="mt-4 rounded-control border-l-4 border-success bg-success-surface px-4 py-3">
					<p>The token “{created.label}”, shown only now: copy it into your identity provider.</p>
					<p className="mt-2">
						<code className="font-mono break-all" aria-label="New provisioning token">
							{created.token}
						</code>
					</p>
				</div>
			) : null}
			{tokens.length === 0 ? (
				<p className="mt-4 text-ink-muted">No token yet: nothing provisions this organisation.</p>
			) : (
				<ul className="mt-4 flex flex-col gap-2">
					{tokens.map((t) => (
						<li key={t.id} className="flex flex-wrap items-center gap-3">
							<strong>{t.label}</strong>
							<span className="text-sm text-ink-muted">
								made {formatDateTime(t.createdAt)},{' '}
								{t.lastUsedAt ? `last used ${formatDateTime(t.lastUsedAt)}` : 'never used'}
							</span>
							{canEdit ? (
								<ConfirmAction
									label="Revoke"
									accessibleLabel={`Revoke the token ${t.label}`}
									warning={`Your identity provider is refused from its next call. A revoked token cannot be turned back on: to provision again you create a new token and give it to the provider.`}
									confirmLabel={`Revoke ${t.label} for good`}
								>
									<input type="hidden" name="intent" value="scim-revoke" />
									<input type="hidden" name="tokenId" value={t.id} />
								</ConfirmAction>
							) : null}
						</li>
					))}
				</ul>
			)}
			{canEdit ? (
				<Form method="post" className="mt-6 flex flex-wrap items-end gap-3">
					<input type="hidden" name="intent" value="scim-create" />
					<div className="flex flex-col gap-1.5">
						<label htmlFor="scim-label" className="text-sm font-medium">
							Name of the new token
						</label>
						<input
							id="scim-label"
							name="label"
							required
							maxLength={60}
							placeholder="Entra ID"
							className={controlClass}
							aria-invalid={failure ? true : undefined}
							aria-describedby={failure ? 'scim-error' : undefined}
						/>
						{failure ? (
							<p id="scim-error" role="alert" className="text-sm text-danger">
								{failure}
							</p>
						) : null}
					</div>
					<SubmitButton variant="secondary">Make a token</SubmitButton>
				</Form>
			) : null}
		</Card>
	)
}
