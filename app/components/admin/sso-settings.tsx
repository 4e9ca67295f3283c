import { Form } from 'react-router'
import { Card } from '../ui/card'
import { controlClass } from '../ui/filter-fields'
import { ConfirmAction } from '../ui/confirm-action'
import { SubmitButton } from '../ui/submit-button'

type Settings = { issuer: string; clientId: string; teamClaim: string | null; required: boolean } | null

function TextField({
	id,
	label,
	hint,
	...input
}: { id: string; label: string; hint?: string } & React.InputHTMLAttributes<HTMLInputElement>) {
	return (
		<div className="flex flex-col gap-1.5">
			<label htmlFor={id} className="text-sm font-medium">
				{label}
			</label>
			<input id={id} className={controlClass} aria-describedby={hint ? `${id}-hint` : undefined} {...input} />
			{hint ? (
				<span id={`${id}-hint`} className="text-xs text-ink-muted">
					{hint}
				</span>
			) : null}
		</div>
	)
}

/** Single sign-on with the organisation's OpenID Provider: what to register there, and the settings. */
export function SsoSettings({
	settings,
	redirectUri,
	signInLink,
	canEdit,
	failure,
}: {
	settings: Settings
	redirectUri: string
	signInLink: string
	canEdit: boolean
	failure?: string
}) {
	return (
		<Card aria-labelledby="sso-heading">
			<h2 id="sso-heading" className="text-xl font-semibold">
				Single sign-on (OpenID Connect)
			</h2>
			<p className="mt-2 max-w-prose">
				{settings
					? `On, through ${settings.issuer}${settings.required ? '; members sign in only this way (owners keep their password).' : '.'}`
					: 'Off: people sign in with their passwords.'}{' '}
				It signs in people whose address is at a domain listed above.
			</p>
			<dl className="mt-3 grid gap-1 text-sm">
				<dt className="font-medium">Redirect URI to register at your provider</dt>
				<dd>
					<code className="font-mono break-all">{redirectUri}</code>
				</dd>
				<dt className="font-medium">Your organisation’s sign-in link</dt>
				<dd>
					<code className="font-mono break-all">{signInLink}</code>
				</dd>
			</dl>
			{failure ? (
				<p role="alert" className="mt-3 text-sm text-danger">
					{failure}
				</p>
			) : null}
			{canEdit ? (
				<>
					<Form method="post" className="mt-4 flex flex-col gap-4">
						<input type="hidden" name="intent" value="sso-save" />
						<TextField
							id="sso-issuer"
							name="issuer"
							label="Issuer"
							required
							defaultValue={settings?.issuer ?? ''}
							hint="Entra ID: https://login.microsoftonline.com/<tenant id>/v2.0 · Okta: https://<your domain>.okta.com"
						/>
						<TextField
							id="sso-client-id"
							name="clientId"
							label="Client id"
							required
							defaultValue={settings?.clientId ?? ''}
						/>
						<TextField
							id="sso-client-secret"
							name="clientSecret"
							type="password"
							autoComplete="off"
							label="Client secret"
							required={!settings}
							hint={settings ? 'Leave empty to keep the secret already saved.' : 'Kept encrypted; never shown again.'}
						/>
						<TextField
							id="sso-team-claim"
							name="teamClaim"
							label="Team claim (optional)"
							defaultValue={settings?.teamClaim ?? ''}
							hint="A claim of the ID token whose value is the name of one of your teams, e.g. department."
						/>
						<div className="flex items-center gap-2">
							<input
								id="sso-required"
								name="required"
								type="checkbox"
								defaultChecked={settings?.required ?? false}
								className="size-5 shrink-0"
							/>
							<label htmlFor="sso-required">Members sign in only with single sign-on</label>
						</div>
						<SubmitButton className="self-start">Save single sign-on</SubmitButton>
					</Form>
					{settings ? (
						<ConfirmAction
							className="mt-3"
							label="Turn single sign-on off"
							warning="The provider's settings and its client secret are deleted, and members sign in with their passwords from now on. To turn it back on you enter the settings and the secret again."
							confirmLabel="Delete the settings and turn it off"
						>
							<input type="hidden" name="intent" value="sso-remove" />
						</ConfirmAction>
					) : null}
				</>
			) : null}
		</Card>
	)
}
