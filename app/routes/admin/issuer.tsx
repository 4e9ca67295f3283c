import type { SubmissionResult } from '@conform-to/react'
import type { ReactNode } from 'react'
import { data, Form, useActionData, useLoaderData } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/issuer'
import { requireAdminMembership, requireUser } from '~/auth/auth.server'
import { pageTitle } from '~/components/page-title'
import { Alert } from '~/components/ui/alert'
import { Card } from '~/components/ui/card'
import { controlClass } from '~/components/ui/filter-fields'
import { errorAria, FieldErrors, useServerForm } from '~/components/ui/form-errors'
import { SubmitButton } from '~/components/ui/submit-button'
import { siteDidDocumentPath } from '~/credentials/issuer'
import { redirectWithFlash } from '~/http/flash.server'
import { formReply, parseForm } from '~/http/form-submission'
import { issuerDid } from '~/issuing/issuer.server'
import { acceptLogo, LogoError, MAX_LOGO_BYTES } from '~/issuing/issuer-logo.server'
import {
	getOrgIssuerProfile,
	IssuerProfileError,
	issuerProfileSchema,
	setOrgLogo,
	updateOrgIssuerProfile,
} from '~/issuing/issuer-profile.server'

export const meta: Route.MetaFunction = () => pageTitle('Issuer profile · Admin')

export async function loader({ context }: Route.LoaderArgs) {
	const membership = requireAdminMembership(context)
	const profile = await getOrgIssuerProfile(membership.orgId)
	return {
		profile,
		didDocumentPath: profile.did ? siteDidDocumentPath(issuerDid, profile.did) : null,
		canEdit: membership.role === 'OWNER',
	}
}

const FIELDS = ['name', 'url', 'description', 'email']

const logoSchema = z.object({
	intent: z.enum(['logo', 'remove-logo']),
	logo: z.file().optional().catch(undefined),
})

/** The logo form: a new PNG or SVG, checked (and an SVG cleaned), or the logo removed. */
async function logoAction(formData: FormData, orgId: string, actor: Parameters<typeof setOrgLogo>[1]) {
	const submission = parseForm(formData, { schema: logoSchema, disableAutoCoercion: true })
	if (submission.status !== 'success')
		return data({ logo: formReply(submission, { fields: ['logo'] }) }, { status: 400 })
	const { intent, logo: file } = submission.value
	const refuse = (message: string, status = 400) =>
		data({ logo: submission.reply({ fieldErrors: { logo: [message] } }) }, { status })
	try {
		if (intent === 'remove-logo') {
			await setOrgLogo(orgId, actor, null)
			return redirectWithFlash('/admin/issuer', { kind: 'success', message: 'The logo is removed.' })
		}
		if (!file || file.size === 0) return refuse('Choose a PNG or SVG file.')
		if (file.size > MAX_LOGO_BYTES) return refuse('The logo is larger than 200 KB; give a smaller one.')
		const logo = await acceptLogo({ bytes: new Uint8Array(await file.arrayBuffer()), name: file.name, type: file.type })
		await setOrgLogo(orgId, actor, logo)
	} catch (error) {
		if (error instanceof LogoError) return refuse(error.message)
		if (error instanceof IssuerProfileError)
			return data({ logo: submission.reply({ formErrors: [error.message] }) }, { status: 403 })
		throw error
	}
	return redirectWithFlash('/admin/issuer', {
		kind: 'success',
		message: 'Saved. Credentials issued from now on show this logo.',
	})
}

export async function action({ request, context }: Route.ActionArgs) {
	const { user } = requireUser(context, request)
	const membership = requireAdminMembership(context)
	const actor = { id: user.id, name: user.name, role: membership.role }
	const formData = await request.formData()
	const intent = formData.get('intent')
	if (intent === 'logo' || intent === 'remove-logo') return logoAction(formData, membership.orgId, actor)
	const submission = parseForm(formData, { schema: issuerProfileSchema, disableAutoCoercion: true })
	if (submission.status !== 'success')
		return data({ profile: formReply(submission, { fields: FIELDS }) }, { status: 400 })
	try {
		await updateOrgIssuerProfile(membership.orgId, actor, submission.value)
	} catch (error) {
		if (error instanceof IssuerProfileError)
			return data({ profile: submission.reply({ formErrors: [error.message] }) }, { status: 403 })
		throw error
	}
	return redirectWithFlash('/admin/issuer', {
		kind: 'success',
		message: `Saved. Credentials issued from now on carry “${submission.value.name}”.`,
	})
}

type Profile = Awaited<ReturnType<typeof loader>>['profile']
type Answers = { profile?: SubmissionResult<string[]>; logo?: SubmissionResult<string[]> }
const useAnswers = () => useActionData<typeof action>() as Answers | undefined

function LogoForm({ profile }: { profile: Profile }) {
	const [form, fields] = useServerForm<{ logo: File }>({ id: 'issuer-logo', lastResult: useAnswers()?.logo })
	return (
		<div className="mt-4 flex flex-col gap-4">
			{profile.logoPath ? (
				<img
					src={profile.logoPath}
					alt={`${profile.name} logo, as credentials show it`}
					width={96}
					height={96}
					className="h-24 w-24 rounded-control border border-line bg-surface object-contain p-2"
				/>
			) : (
				<p className="text-ink-muted">No logo yet: credentials show your name alone.</p>
			)}
			<Form method="post" encType="multipart/form-data" id={form.id} className="flex flex-wrap items-end gap-3">
				<div className="flex flex-col gap-1.5">
					<label htmlFor="issuer-logo-file" className="text-sm font-medium">
						Logo file
					</label>
					<input
						id="issuer-logo-file"
						name="logo"
						type="file"
						accept="image/png,image/svg+xml,.png,.svg"
						{...errorAria(fields.logo, 'issuer-logo-hint')}
						className="max-w-full"
					/>
					<span id="issuer-logo-hint" className="text-xs text-ink-muted">
						PNG or SVG, at most 200 KB; a square image reads best
					</span>
				</div>
				<SubmitButton name="intent" value="logo">
					Upload the logo
				</SubmitButton>
				{profile.logoPath ? (
					<SubmitButton name="intent" value="remove-logo" variant="secondary">
						Remove the logo
					</SubmitButton>
				) : null}
			</Form>
			<FieldErrors field={fields.logo} />
			<FieldErrors field={form} />
		</div>
	)
}

function Field({
	id,
	label,
	hint,
	field,
	children,
}: {
	id: string
	label: string
	hint?: string
	field: { errorId: string; errors?: string[] | undefined }
	children: (aria: ReturnType<typeof errorAria> & { id: string }) => ReactNode
}) {
	const hintId = hint ? `${id}-hint` : undefined
	return (
		<div className="flex flex-col gap-1.5">
			<label htmlFor={id} className="text-sm font-medium">
				{label}
			</label>
			{children({ id, ...errorAria(field, hintId) })}
			{hint ? (
				<span id={hintId} className="text-xs text-ink-muted">
					{hint}
				</span>
			) : null}
			<FieldErrors field={field} />
		</div>
	)
}

function ProfileForm({ profile }: { profile: Profile }) {
	const [form, fields] = useServerForm<{ name: string; url: string; description: string; email: string }>({
		id: 'issuer-profile',
		lastResult: useAnswers()?.profile,
	})
	return (
		<Form method="post" id={form.id} className="mt-4 flex max-w-xl flex-col gap-4">
			<Field id="issuer-name" label="Name on credentials" field={fields.name}>
				{(props) => (
					<input {...props} name="name" required maxLength={120} defaultValue={profile.name} className={controlClass} />
				)}
			</Field>
			<Field id="issuer-url" label="Web address" hint="Optional; starts with https://" field={fields.url}>
				{(props) => (
					<input
						{...props}
						name="url"
						type="url"
						maxLength={300}
						defaultValue={profile.url ?? ''}
						className={controlClass}
					/>
				)}
			</Field>
			<Field
				id="issuer-description"
				label="Description"
				hint="Optional; one paragraph, up to 500 characters"
				field={fields.description}
			>
				{(props) => (
					<textarea
						{...props}
						name="description"
						rows={3}
						maxLength={500}
						defaultValue={profile.description ?? ''}
						className={controlClass}
					/>
				)}
			</Field>
			<Field
				id="issuer-email"
				label="Contact email"
				hint="Optional; where an employer can ask about a credential"
				field={fields.email}
			>
				{(props) => (
					<input
						{...props}
						name="email"
						type="email"
						maxLength={254}
						defaultValue={profile.email ?? ''}
						className={controlClass}
					/>
				)}
			</Field>
			<FieldErrors field={form} />
			<div>
				<SubmitButton>Save the profile</SubmitButton>
			</div>
		</Form>
	)
}

export default function IssuerProfilePage() {
	const { profile, didDocumentPath, canEdit } = useLoaderData<typeof loader>()
	return (
		<div className="flex flex-col gap-6">
			<header>
				<h1 className="text-3xl font-bold">Issuer profile</h1>
				<p className="mt-2 text-ink-muted">
					Your people&apos;s credentials are issued in your organisation&apos;s name, through Skillproof, and signed
					with your organisation&apos;s own key. Credentials already issued keep the profile they were signed with; new
					ones carry this one.
				</p>
			</header>
			<Card aria-labelledby="issuer-identity">
				<h2 id="issuer-identity" className="text-xl font-semibold">
					Signing identity
				</h2>
				{profile.did ? (
					<dl className="mt-3 grid gap-x-6 gap-y-2 sm:grid-cols-[10rem_1fr]">
						<dt className="font-medium text-ink-muted">DID</dt>
						<dd className="break-all font-mono text-sm">{profile.did}</dd>
						<dt className="font-medium text-ink-muted">Public keys</dt>
						<dd>{didDocumentPath ? <a href={didDocumentPath}>The DID document</a> : null}</dd>
					</dl>
				) : (
					<p className="mt-3">
						Your organisation&apos;s DID and signing key are made when the first of your people earns a credential (or
						when an owner saves this profile).
					</p>
				)}
			</Card>
			<Card aria-labelledby="issuer-profile">
				<h2 id="issuer-profile" className="text-xl font-semibold">
					What credentials say about you
				</h2>
				{canEdit ? (
					<>
						<ProfileForm profile={profile} />
						<h3 className="mt-6 text-lg font-semibold">Logo</h3>
						<LogoForm profile={profile} />
					</>
				) : (
					<>
						<Alert tone="info" className="mt-3">
							Only owners of the organisation can change it.
						</Alert>
						<dl className="mt-3 grid gap-x-6 gap-y-2 sm:grid-cols-[10rem_1fr]">
							<dt className="font-medium text-ink-muted">Name</dt>
							<dd>{profile.name}</dd>
							<dt className="font-medium text-ink-muted">Web address</dt>
							<dd>{profile.url ?? '—'}</dd>
							<dt className="font-medium text-ink-muted">Description</dt>
							<dd>{profile.description ?? '—'}</dd>
							<dt className="font-medium text-ink-muted">Contact email</dt>
							<dd>{profile.email ?? '—'}</dd>
							<dt className="font-medium text-ink-muted">Logo</dt>
							<dd>
								{profile.logoPath ? (
									<img
										src={profile.logoPath}
										alt={`${profile.name} logo`}
										width={64}
										height={64}
										className="h-16 w-16"
									/>
								) : (
									'—'
								)}
							</dd>
						</dl>
					</>
				)}
			</Card>
		</div>
	)
}
