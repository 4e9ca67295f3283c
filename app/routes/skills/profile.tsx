import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { data, Form, Link, useActionData, useLoaderData } from 'react-router'
import type { Route } from './+types/profile'
import { requireUser } from '~/auth/auth.server'
import { formatDate } from '~/format/dates'
import { CredentialStateBadge } from '~/components/credentials/credential-state-badge'
import { pageTitle } from '~/components/page-title'
import { SkillAttribution } from '~/components/skills/skill-attribution'
import { SkillLink } from '~/components/skills/skill-link'
import { LevelRule, SkillsWithProof, type ProofHref } from '~/components/skills/skill-lists'
import { Alert } from '~/components/ui/alert'
import { buttonClass } from '~/components/ui/button'
import { Card } from '~/components/ui/card'
import { SubmitButton } from '~/components/ui/submit-button'
import { ErrorList, Field } from '~/components/ui/field'
import { config } from '~/config.server'
import { listPaths } from '~/content/catalog.server'
import { redirectWithFlash } from '~/http/flash.server'
import { parseForm } from '~/http/form-submission'
import { listPathProgress } from '~/learning/progress.server'
import { profileSettingsSchema } from '~/skills/profile-settings'
import { getProfileSettings, ProfileSettingsError, saveProfileSettings } from '~/skills/public-profile.server'
import { LEVEL_RULE } from '~/skills/skill-level'
import { getSkillsProfile } from '~/skills/skills-profile.server'

export const meta: Route.MetaFunction = () => pageTitle('My skills')

export async function loader({ request, context }: Route.LoaderArgs) {
	const { user } = requireUser(context, request)
	const [profile, settings] = await Promise.all([
		getSkillsProfile(user.id, listPathProgress(user.id, listPaths())),
		getProfileSettings(user.id),
	])
	return { profile, settings, publicBase: `${config.PUBLIC_ORIGIN}/u/`, levelRule: LEVEL_RULE }
}

export async function action({ request, context }: Route.ActionArgs) {
	const { user } = requireUser(context, request)
	const formData = await request.formData()
	const submission = parseForm(formData, { schema: profileSettingsSchema })
	if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
	try {
		await saveProfileSettings(user.id, submission.value)
	} catch (error) {
		if (!(error instanceof ProfileSettingsError)) throw error
		return data({ result: submission.reply({ fieldErrors: { [error.field]: [error.message] } }) }, { status: 400 })
	}
	const { handle, published } = submission.value
	return redirectWithFlash('/profile', {
		kind: 'success',
		message: published
			? `Your public profile is published at /u/${handle}.`
			: 'Your public profile is off: its address now answers “not found”.',
	})
}

/** The holder sees each proof in their wallet, or on its public page when that link is on. */
const ownProofHref: ProofHref = (proof) =>
	proof.publicId ? `/c/${proof.publicId}` : `/credentials#credential-${proof.credentialId}`

function PublicProfileForm() {
	const { settings, publicBase } = useLoaderData<typeof loader>()
	const lastResult = useActionData<typeof action>()?.result
	const [form, fields] = useForm({
		id: 'public-profile',
		lastResult,
		defaultValue: {
			handle: settings.handle ?? '',
			published: settings.published ? 'on' : undefined,
			credentialIds: settings.credentials.filter((c) => c.onProfile).map((c) => c.id),
		},
		constraint: getZodConstraint(profileSettingsSchema),
		onValidate: ({ formData }) => parseWithZod(formData, { schema: profileSettingsSchema }),
		shouldRevalidate: 'onBlur',
	})
	const chosen = new Set(
		Array.isArray(fields.credentialIds.value)
			? fields.credentialIds.value
			: fields.credentialIds.value
				? [fields.credentialIds.value]
				: [],
	)
	return (
		<Form method="post" {...getFormProps(form)} className="flex flex-col gap-4">
			<ErrorList id={form.errorId} errors={form.errors} />
			<Field
				id={fields.handle.id}
				label="Address of your public profile"
				description={`Your profile would be at ${publicBase}<address>. Lower-case letters, digits and hyphens; 3 to 30 characters.`}
				errors={fields.handle.errors}
				inputProps={{ ...getInputProps(fields.handle, { type: 'text' }), autoComplete: 'off', spellCheck: false }}
			/>
			<fieldset className="flex flex-col gap-2" aria-describedby={fields.credentialIds.errorId}>
				<legend className="text-sm font-medium">Credentials shown on it</legend>
				{settings.credentials.length === 0 ? (
					<p className="text-sm text-ink-muted">You have no credentials yet.</p>
				) : (
					settings.credentials.map((credential) => {
						const id = `${fields.credentialIds.id}-${credential.id}`
						return (
							<div key={credential.id} className="flex items-center gap-3">
								<input
									type="checkbox"
									id={id}
									name={fields.credentialIds.name}
									value={credential.id}
									defaultChecked={chosen.has(credential.id)}
									className="h-5 w-5 shrink-0"
								/>
								<label htmlFor={id}>
									{credential.name}{' '}
									<span className="text-sm text-ink-muted">issued {formatDate(credential.issuedAt)}</span>
								</label>
								<CredentialStateBadge state={credential.state} />
							</div>
						)
					})
				)}
				<ErrorList id={fields.credentialIds.errorId} errors={fields.credentialIds.errors} />
			</fieldset>
			<div className="flex items-center gap-3">
				<input
					{...getInputProps(fields.published, { type: 'checkbox' })}
					className="h-5 w-5"
					aria-describedby={`${fields.published.id}-help`}
				/>
				<label htmlFor={fields.published.id} className="font-medium">
					Publish my profile
				</label>
			</div>
			<p id={`${fields.published.id}-help`} className="text-sm text-ink-muted">
				Anyone with the address sees your name, the credentials you chose and the skills they prove, never your email.
				Unpublish at any time: the address then answers “not found”.
			</p>
			<div>
				<SubmitButton>Save public profile</SubmitButton>
			</div>
		</Form>
	)
}

export default function ProfilePage() {
	const { profile, settings, publicBase, levelRule } = useLoaderData<typeof loader>()
	const hasCredentials = settings.credentials.length > 0
	return (
		<div className="flex flex-col gap-6">
			<header className="flex flex-col gap-2">
				<h1 className="text-3xl font-bold">My skills</h1>
				<p className="max-w-3xl text-ink-muted">
					Each verified skill is backed by a credential you earned by passing a final assessment; anyone can check that
					credential from its link.
				</p>
			</header>
			<LevelRule rule={levelRule} />
			<Card aria-labelledby="verified-heading">
				<h2 id="verified-heading" className="mb-4 text-xl font-semibold">
					Verified skills
				</h2>
				<SkillsWithProof
					skills={profile.verified}
					href={ownProofHref}
					emptyText="No verified skills yet: pass a path's final assessment to prove the skills it teaches."
				/>
			</Card>
			{profile.lapsed.length > 0 ? (
				<Card aria-labelledby="lapsed-heading">
					<h2 id="lapsed-heading" className="mb-2 text-xl font-semibold">
						Skills whose proof lapsed
					</h2>
					<p className="mb-4 text-ink-muted">
						Every credential behind these skills has expired, or was suspended or revoked, so they no longer count as
						verified.
					</p>
					<SkillsWithProof skills={profile.lapsed} href={ownProofHref} emptyText="" />
				</Card>
			) : null}
			<Card aria-labelledby="progress-heading">
				<h2 id="progress-heading" className="mb-2 text-xl font-semibold">
					Skills in progress
				</h2>
				{profile.inProgress.length === 0 ? (
					<p className="text-ink-muted">
						None: <Link to="/paths">start a path</Link> to work towards its skills.
					</p>
				) : (
					<>
						<p className="mb-3 text-ink-muted">
							Not yet verified: they will be once you pass the path&apos;s final assessment.
						</p>
						<ul className="flex flex-col gap-2">
							{profile.inProgress.map(({ skill, paths }) => (
								<li key={skill.id} data-skill={skill.id}>
									<SkillLink skill={skill} />{' '}
									<span className="text-sm text-ink-muted">
										(not yet verified) ·{' '}
										{paths.map((p, i) => (
											<span key={p.slug}>
												{i > 0 ? ', ' : ''}
												<Link to={`/paths/${p.slug}`}>{p.title}</Link> {p.percent}% done
											</span>
										))}
									</span>
								</li>
							))}
						</ul>
					</>
				)}
			</Card>
			<Card aria-labelledby="export-heading">
				<h2 id="export-heading" className="text-xl font-semibold">
					Export your whole record
				</h2>
				<p className="mt-2 max-w-3xl text-ink-muted">
					One signed file (a W3C Verifiable Presentation) holding every credential you hold, exactly as issued. Anyone
					can check it on the <Link to="/verify">verify page</Link>; changing anything in it breaks its signature.
				</p>
				{hasCredentials ? (
					<a className={`${buttonClass('secondary')} mt-4`} href="/profile/skills-record.json" download>
						Download my skills record (JSON)
					</a>
				) : (
					<p className="mt-2 text-sm">You hold no credentials yet, so there is nothing to export.</p>
				)}
			</Card>
			<Card aria-labelledby="public-heading">
				<h2 id="public-heading" className="text-xl font-semibold">
					Public profile
				</h2>
				{settings.published && settings.handle ? (
					<Alert tone="success" className="mt-3">
						Published at <a href={`/u/${settings.handle}`}>{`${publicBase}${settings.handle}`}</a>
					</Alert>
				) : (
					<p className="mt-2 text-ink-muted">
						Off: nobody can see your skills profile. Choose an address and publish it.
					</p>
				)}
				<div className="mt-4">
					<PublicProfileForm />
				</div>
			</Card>
			<SkillAttribution />
		</div>
	)
}
