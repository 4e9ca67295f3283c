import { data, Form, useActionData, useLoaderData } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/access'
import { requireAdminMembership, requireUser } from '~/auth/auth.server'
import { pageTitle } from '~/components/page-title'
import { Card } from '~/components/ui/card'
import { controlClass } from '~/components/ui/filter-fields'
import { errorAria, FieldErrors, useServerForm } from '~/components/ui/form-errors'
import { SubmitButton } from '~/components/ui/submit-button'
import { formatDate } from '~/format/dates'
import { redirectWithFlash } from '~/http/flash.server'
import { formReply, parseForm } from '~/http/form-submission'
import { typedText } from '~/http/typed-text'
import {
	createScimToken,
	listScimTokens,
	revokeScimToken,
	scimBaseUrl,
	ScimTokenError,
} from '~/orgs/scim/tokens.server'
import { ScimTokens } from '~/components/admin/scim-tokens'
import { SsoSettings } from '~/components/admin/sso-settings'
import { getSsoSettings, removeSso, saveSsoSettings, ssoSettingsSchema } from '~/orgs/sso/sso-settings.server'
import { SsoError } from '~/orgs/sso/sso.server'
import {
	addJoinDomain,
	domainOf,
	getAdminTwoFactorPolicy,
	JoinDomainError,
	listJoinDomains,
	removeJoinDomain,
	setAdminTwoFactorPolicy,
} from '~/orgs/join-domains.server'

export const meta: Route.MetaFunction = () => pageTitle('Access · Admin')

export async function loader({ request, context }: Route.LoaderArgs) {
	const { user } = requireUser(context, request)
	const membership = requireAdminMembership(context)
	const [domains, twoFactor, scimTokens, sso] = await Promise.all([
		listJoinDomains(membership.orgId),
		getAdminTwoFactorPolicy(membership.orgId),
		listScimTokens(membership.orgId),
		getSsoSettings(membership.orgId),
	])
	return {
		sso,
		domains,
		twoFactor,
		scimTokens,
		scimBaseUrl: scimBaseUrl(),
		canEdit: membership.role === 'OWNER',
		ownDomain: user.emailVerified ? domainOf(user.email) : null,
	}
}

/** A domain name as typed (an address's part after @ is accepted too), lower-cased. */
const domainSchema = z
	.string({ error: 'Enter a domain, like example.com' })
	.trim()
	.toLowerCase()
	.transform((value) => value.slice(value.lastIndexOf('@') + 1))
	.pipe(
		z
			.string()
			.max(253, 'A domain has at most 253 characters')
			.regex(
				/^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
				'Enter a domain, like example.com',
			),
	)

const joiningSchema = z.object({ intent: z.enum(['add', 'remove']), domain: domainSchema })
const twoFactorSchema = z.object({ intent: z.literal('two-factor'), required: z.enum(['yes', 'no']) })

async function twoFactorAction(
	formData: FormData,
	orgId: string,
	actor: Parameters<typeof setAdminTwoFactorPolicy>[1],
) {
	const submission = parseForm(formData, { schema: twoFactorSchema })
	if (submission.status !== 'success') return data({ twoFactor: 'Choose whether to require it.' }, { status: 400 })
	const required = submission.value.required === 'yes'
	try {
		await setAdminTwoFactorPolicy(orgId, actor, required)
	} catch (error) {
		if (!(error instanceof JoinDomainError)) throw error
		return data({ twoFactor: error.message }, { status: actor.role === 'OWNER' ? 400 : 403 })
	}
	return redirectWithFlash('/admin/access', {
		kind: 'success',
		message: required
			? 'Owners and administrators now open the admin area only with two-factor sign-in on.'
			: 'Two-factor sign-in is no longer required for the admin area.',
	})
}

const scimSchema = z.discriminatedUnion('intent', [
	z.object({
		intent: z.literal('scim-create'),
		label: typedText(
			z.string({ error: 'Name the token' }).trim().min(1, 'Name the token').max(60, 'At most 60 characters'),
		),
	}),
	z.object({ intent: z.literal('scim-revoke'), tokenId: z.string().max(40) }),
])

async function scimAction(formData: FormData, orgId: string, actor: Parameters<typeof createScimToken>[1]) {
	const submission = parseForm(formData, { schema: scimSchema })
	if (submission.status !== 'success') {
		const message = Object.values(submission.error ?? {}).flat()[0] ?? 'Name the token.'
		return data({ scim: { failure: message } }, { status: 400 })
	}
	try {
		if (submission.value.intent === 'scim-create') {
			const token = await createScimToken(orgId, actor, submission.value.label)
			return { scim: { created: { label: submission.value.label, token } } }
		}
		await revokeScimToken(orgId, actor, submission.value.tokenId)
	} catch (error) {
		if (!(error instanceof ScimTokenError)) throw error
		return data({ scim: { failure: error.message } }, { status: actor.role === 'OWNER' ? 400 : 403 })
	}
	return redirectWithFlash('/admin/access', {
		kind: 'success',
		message: 'The token is revoked: it opens nothing any more.',
	})
}

async function ssoAction(formData: FormData, orgId: string, actor: Parameters<typeof saveSsoSettings>[1]) {
	try {
		if (formData.get('intent') === 'sso-remove') {
			await removeSso(orgId, actor)
			return redirectWithFlash('/admin/access', { kind: 'success', message: 'Single sign-on is off.' })
		}
		const submission = parseForm(formData, { schema: ssoSettingsSchema })
		if (submission.status !== 'success') {
			const message = Object.values(submission.error ?? {}).flat()[0] ?? 'Fill in the issuer and the client.'
			return data({ sso: message }, { status: 400 })
		}
		await saveSsoSettings(orgId, actor, submission.value)
	} catch (error) {
		if (!(error instanceof SsoError)) throw error
		return data({ sso: error.message }, { status: actor.role === 'OWNER' ? 400 : 403 })
	}
	return redirectWithFlash('/admin/access', {
		kind: 'success',
		message: 'Single sign-on is saved: the provider’s discovery document was read.',
	})
}

export async function action({ request, context }: Route.ActionArgs) {
	const { user } = requireUser(context, request)
	const membership = requireAdminMembership(context)
	const actor = { id: user.id, name: user.name, role: membership.role }
	const formData = await request.formData()
	const kind = String(formData.get('intent') ?? '')
	if (kind === 'two-factor') return twoFactorAction(formData, membership.orgId, actor)
	if (kind.startsWith('scim-')) return scimAction(formData, membership.orgId, actor)
	if (kind.startsWith('sso-')) return ssoAction(formData, membership.orgId, actor)
	const submission = parseForm(formData, { schema: joiningSchema })
	if (submission.status !== 'success')
		return data({ result: formReply(submission, { fields: ['domain'] }) }, { status: 400 })
	const { intent, domain } = submission.value
	try {
		if (intent === 'add') await addJoinDomain(membership.orgId, actor, domain)
		else await removeJoinDomain(membership.orgId, actor, domain)
	} catch (error) {
		if (!(error instanceof JoinDomainError)) throw error
		const status = membership.role === 'OWNER' ? 400 : 403
		return data({ result: submission.reply({ fieldErrors: { domain: [error.message] } }) }, { status })
	}
	return redirectWithFlash('/admin/access', {
		kind: 'success',
		message:
			intent === 'add'
				? `From now on, people who confirm an address at ${domain} join as learners.`
				: `People at ${domain} now join by invitation only.`,
	})
}

type Policy = Awaited<ReturnType<typeof loader>>['twoFactor']

function AdminTwoFactor({ policy, canEdit, failure }: { policy: Policy; canEdit: boolean; failure?: string }) {
	return (
		<Card aria-labelledby="two-factor-heading">
			<h2 id="two-factor-heading" className="text-xl font-semibold">
				Two-factor sign-in for owners and administrators
			</h2>
			<p className="mt-2 max-w-prose">
				{policy.required
					? 'Required: the admin area opens only for owners and administrators who sign in with a code from an authenticator app.'
					: 'Not required. Each person can turn it on for themselves on their account page.'}
			</p>
			{policy.lacking.length > 0 ? (
				<p className="mt-2 text-ink-muted">
					Without it so far:{' '}
					{policy.lacking.map((p) => `${p.name} (${p.role === 'OWNER' ? 'owner' : 'administrator'})`).join(', ')}.
				</p>
			) : (
				<p className="mt-2 text-ink-muted">Every owner and administrator has it on.</p>
			)}
			{canEdit ? (
				<Form method="post" className="mt-4 flex flex-col gap-2">
					<input type="hidden" name="intent" value="two-factor" />
					<input type="hidden" name="required" value={policy.required ? 'no' : 'yes'} />
					{failure ? (
						<p role="alert" className="text-sm text-danger">
							{failure}
						</p>
					) : null}
					<SubmitButton variant={policy.required ? 'secondary' : 'primary'} className="self-start">
						{policy.required ? 'Stop requiring it' : 'Require it'}
					</SubmitButton>
				</Form>
			) : null}
		</Card>
	)
}

export default function Access() {
	const {
		domains,
		twoFactor,
		scimTokens,
		scimBaseUrl: baseUrl,
		canEdit,
		ownDomain,
		sso,
	} = useLoaderData<typeof loader>()
	const answer = useActionData<typeof action>()
	const [form, fields] = useServerForm<{ domain: string }>({
		id: 'join-domain',
		lastResult: answer && 'result' in answer ? answer.result : undefined,
	})
	return (
		<div className="flex flex-col gap-6">
			<header>
				<h1 className="text-3xl font-bold">Access</h1>
				<h2 className="mt-4 text-2xl font-semibold">Who may join</h2>
				<p className="mt-2 max-w-prose text-ink-muted">
					{domains.length === 0
						? 'People join your organisation by invitation only.'
						: 'People join by invitation, and anyone who confirms an address at a domain below joins by themselves as a learner, with no team.'}{' '}
					Someone you deactivated does not come back this way.
				</p>
			</header>
			<Card aria-labelledby="domains-heading">
				<h2 id="domains-heading" className="text-xl font-semibold">
					Domains whose people join by themselves
				</h2>
				{domains.length === 0 ? (
					<p className="mt-2">None: invitation only.</p>
				) : (
					<ul className="mt-3 flex flex-col gap-2">
						{domains.map((d) => (
							<li key={d.domain} className="flex flex-wrap items-center gap-3">
								<strong>{d.domain}</strong>
								<span className="text-sm text-ink-muted">since {formatDate(d.createdAt)}</span>
								{canEdit ? (
									<Form method="post">
										<input type="hidden" name="intent" value="remove" />
										<input type="hidden" name="domain" value={d.domain} />
										<SubmitButton variant="ghost" className="min-h-9 px-3" aria-label={`Remove ${d.domain}`}>
											Remove
										</SubmitButton>
									</Form>
								) : null}
							</li>
						))}
					</ul>
				)}
				{canEdit ? (
					<Form method="post" id={form.id} className="mt-6 flex flex-wrap items-end gap-3">
						<input type="hidden" name="intent" value="add" />
						<div className="flex flex-col gap-1.5">
							<label htmlFor="join-domain-input" className="text-sm font-medium">
								Domain
							</label>
							<input
								id="join-domain-input"
								name="domain"
								required
								defaultValue={ownDomain ?? ''}
								className={controlClass}
								{...errorAria(fields.domain, 'join-domain-hint')}
							/>
							<span id="join-domain-hint" className="max-w-prose text-xs text-ink-muted">
								Only the domain of your own confirmed address{ownDomain ? ` (${ownDomain})` : ''}, and no public mail
								provider: another owner at another domain of your organisation can add theirs.
							</span>
							<FieldErrors field={fields.domain} />
						</div>
						<SubmitButton>Let people at this domain join</SubmitButton>
					</Form>
				) : (
					<p className="mt-4 text-ink-muted">Only owners change who may join.</p>
				)}
			</Card>
			<AdminTwoFactor
				policy={twoFactor}
				canEdit={canEdit}
				{...(answer && 'twoFactor' in answer ? { failure: answer.twoFactor } : {})}
			/>
			<SsoSettings
				settings={sso.settings}
				redirectUri={sso.redirectUri}
				signInLink={sso.signInLink}
				canEdit={canEdit}
				{...(answer && 'sso' in answer ? { failure: answer.sso } : {})}
			/>
			<ScimTokens
				baseUrl={baseUrl}
				tokens={scimTokens}
				canEdit={canEdit}
				{...(answer && 'scim' in answer ? answer.scim : {})}
			/>
		</div>
	)
}
