import { data, Form, Link, useActionData, useLoaderData } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/ai-literacy'
import { requireAdminMembership, requireUser } from '~/auth/auth.server'
import { AiRoleForm } from '~/components/admin/ai-role-form'
import { pageTitle } from '~/components/page-title'
import { Card } from '~/components/ui/card'
import { ConfirmAction } from '~/components/ui/confirm-action'
import { controlClass } from '~/components/ui/filter-fields'
import { FieldErrors } from '~/components/ui/form-errors'
import { SubmitButton } from '~/components/ui/submit-button'
import { listPaths } from '~/content/catalog.server'
import { formatDate } from '~/format/dates'
import { redirectWithFlash } from '~/http/flash.server'
import { formError, formReply, parseForm } from '~/http/form-submission'
import {
	addStarterRoles,
	AiRoleError,
	aiRoleInputSchema,
	createAiRole,
	endAiRoleGrant,
	grantAiRole,
	listAiRoles,
} from '~/literacy/roles.server'
import { listTeams } from '~/orgs/teams.server'

export const meta: Route.MetaFunction = () => pageTitle('AI literacy · Admin')

export async function loader({ context }: Route.LoaderArgs) {
	const membership = requireAdminMembership(context)
	const [roles, teams] = await Promise.all([listAiRoles(membership.orgId), listTeams(membership.orgId)])
	return {
		roles,
		teams: teams.filter((t) => t.archivedAt === null).map((t) => ({ id: t.id, name: t.name })),
		paths: listPaths().map((p) => ({ slug: p.slug, title: p.title })),
		canEdit: membership.role === 'OWNER',
	}
}

const id = z.string().regex(/^[a-z0-9]{1,40}$/)
const grantSchema = z.discriminatedUnion('intent', [
	z.object({ intent: z.literal('grant-team'), roleId: id, teamId: id }),
	z.object({
		intent: z.literal('grant-people'),
		roleId: id,
		emails: z
			.string()
			.max(5000)
			.transform((text) => text.split(/[\s,;]+/).filter(Boolean))
			.pipe(z.array(z.string().email('One of these is not an email address.')).min(1, 'Give at least one address.')),
	}),
	z.object({ intent: z.literal('ungrant'), grantId: id }),
])
const ROLE_FIELDS = ['name', 'description', 'refreshMonths', 'dueDays', 'pathSlugs']

export async function action({ request, context }: Route.ActionArgs) {
	const { user } = requireUser(context, request)
	const membership = requireAdminMembership(context)
	if (membership.role !== 'OWNER')
		return data({ form: 'role', result: formError('Only owners define and give AI-use roles.') }, { status: 403 })
	const actor = { id: user.id, name: user.name }
	const formData = await request.formData()
	const intent = formData.get('intent')
	try {
		if (intent === 'starters') {
			const made = await addStarterRoles(membership.orgId, actor)
			return redirectWithFlash('/admin/ai-literacy', {
				kind: 'success',
				message:
					made > 0
						? `Added ${made} starter roles: adapt them to how your people use AI.`
						: 'Your roles are already set up.',
			})
		}
		if (intent === 'create') {
			const submission = parseForm(formData, { schema: aiRoleInputSchema })
			if (submission.status !== 'success')
				return data({ form: 'role', result: formReply(submission, { fields: ROLE_FIELDS }) }, { status: 400 })
			await createAiRole(membership.orgId, actor, submission.value)
			return redirectWithFlash('/admin/ai-literacy', {
				kind: 'success',
				message: `The role “${submission.value.name}” is defined.`,
			})
		}
		const submission = parseForm(formData, { schema: grantSchema })
		const formId = typeof formData.get('roleId') === 'string' ? `grant-${String(formData.get('roleId'))}` : 'role'
		if (submission.status !== 'success')
			return data({ form: formId, result: formReply(submission, { fields: [] }) }, { status: 400 })
		const input = submission.value
		if (input.intent === 'ungrant') {
			await endAiRoleGrant(membership.orgId, actor, input.grantId)
			return redirectWithFlash('/admin/ai-literacy', {
				kind: 'success',
				message: 'The role is taken back; its assignments are withdrawn.',
			})
		}
		const { granted } = await grantAiRole(
			membership.orgId,
			actor,
			input.roleId,
			input.intent === 'grant-team' ? { teamId: input.teamId } : { emails: input.emails },
		)
		return redirectWithFlash('/admin/ai-literacy', {
			kind: 'success',
			message:
				granted === 0
					? 'They hold this role already.'
					: 'The role is given, and its training assigned to everyone who holds it.',
		})
	} catch (error) {
		if (!(error instanceof AiRoleError)) throw error
		const roleId = formData.get('roleId')
		return data(
			{ form: typeof roleId === 'string' ? `grant-${roleId}` : 'role', result: formError(error.message) },
			{ status: 400 },
		)
	}
}

export default function AiLiteracyPage() {
	const { roles, teams, paths, canEdit } = useLoaderData<typeof loader>()
	const answer = useActionData<typeof action>()
	return (
		<div className="flex flex-col gap-6">
			<h1 className="text-3xl font-bold">AI literacy</h1>
			<div className="flex max-w-prose flex-col gap-2">
				<p>
					Since 2 February 2025, Article 4 of the EU AI Act asks organisations that provide or use AI systems to make
					sure their people have enough AI literacy for how they use AI. Here you describe those uses as roles, give
					each role the training it needs, and give roles to teams or people. The training is assigned to everyone who
					holds a role, and assigned again when the role’s refresh period has passed.
				</p>
				<p>
					The <Link to="/admin/ai-literacy/report">evidence report</Link> shows, for any day, who held each role,
					whether they had passed the required assessments, and who was overdue. It records your measures; it is not
					legal advice.
				</p>
			</div>
			{roles.length === 0 ? (
				<Card className="flex flex-col gap-3">
					<h2 className="text-xl font-semibold">No roles yet</h2>
					<p className="max-w-prose">
						Start from four typical roles (general AI assistants, AI in HR decisions, oversight of a high-risk system,
						buying or configuring AI tools) and adapt them, or define your own below.
					</p>
					{canEdit ? (
						<Form method="post">
							<input type="hidden" name="intent" value="starters" />
							<SubmitButton variant="secondary">Add the starter roles</SubmitButton>
						</Form>
					) : null}
				</Card>
			) : (
				<ul className="flex flex-col gap-4">
					{roles.map((role) => (
						<li key={role.id}>
							<Card aria-labelledby={`role-${role.id}`} className="flex flex-col gap-3">
								<div className="flex flex-wrap items-baseline justify-between gap-2">
									<h2 id={`role-${role.id}`} className="text-xl font-semibold">
										{role.name}
									</h2>
									{canEdit ? (
										<Link to={`/admin/ai-literacy/roles/${role.id}`} aria-label={`Change the role ${role.name}`}>
											Change
										</Link>
									) : null}
								</div>
								<p className="max-w-prose text-ink-muted">{role.description}</p>
								<p>
									Requires {role.paths.map((p) => `“${p.title}”`).join(', ')}
									{role.refreshMonths ? `, again every ${role.refreshMonths} months` : ', once'}; {role.dueDays} days to
									complete.
								</p>
								<div>
									<h3 className="font-medium">Held by</h3>
									{role.grants.length === 0 ? (
										<p className="text-ink-muted">Nobody yet.</p>
									) : (
										<ul className="mt-1 flex flex-col gap-1">
											{role.grants.map((g) => (
												<li key={g.id} className="flex flex-wrap items-center gap-2">
													<span>
														{g.kind === 'team' ? `Team ${g.name}` : g.name}{' '}
														<span className="text-sm text-ink-muted">since {formatDate(g.since)}</span>
													</span>
													{canEdit ? (
														<ConfirmAction
															label="Take back"
															accessibleLabel={`Take the role ${role.name} back from ${g.name}`}
															warning="Its assignments are withdrawn for them. The report keeps the time they held it."
															confirmLabel="Take the role back"
														>
															<input type="hidden" name="intent" value="ungrant" />
															<input type="hidden" name="grantId" value={g.id} />
														</ConfirmAction>
													) : null}
												</li>
											))}
										</ul>
									)}
								</div>
								{canEdit ? <GrantForms roleId={role.id} roleName={role.name} teams={teams} answer={answer} /> : null}
							</Card>
						</li>
					))}
				</ul>
			)}
			{canEdit ? (
				<Card aria-labelledby="new-role" className="flex flex-col gap-4">
					<h2 id="new-role" className="text-xl font-semibold">
						Define a role
					</h2>
					<AiRoleForm
						id="role"
						intent="create"
						submitLabel="Define the role"
						paths={paths}
						lastResult={answer?.form === 'role' ? answer.result : undefined}
					/>
				</Card>
			) : (
				<p className="text-ink-muted">Only owners define and give roles.</p>
			)}
		</div>
	)
}

function GrantForms({
	roleId,
	roleName,
	teams,
	answer,
}: {
	roleId: string
	roleName: string
	teams: Array<{ id: string; name: string }>
	answer: ReturnType<typeof useActionData<typeof action>>
}) {
	const errors = answer?.form === `grant-${roleId}` ? answer.result.error?.[''] : undefined
	return (
		<div className="flex flex-col gap-3 border-t border-line pt-3">
			<FieldErrors field={{ errorId: `grant-${roleId}-error`, errors: errors ?? undefined }} className="text-sm" />
			<Form method="post" className="flex flex-wrap items-end gap-2">
				<input type="hidden" name="intent" value="grant-team" />
				<input type="hidden" name="roleId" value={roleId} />
				<div className="flex flex-col gap-1.5">
					<label htmlFor={`team-${roleId}`} className="text-sm font-medium">
						Give “{roleName}” to a team
					</label>
					<select id={`team-${roleId}`} name="teamId" required className={controlClass} defaultValue="">
						<option value="" disabled>
							Choose a team
						</option>
						{teams.map((t) => (
							<option key={t.id} value={t.id}>
								{t.name}
							</option>
						))}
					</select>
				</div>
				<SubmitButton variant="secondary">Give to the team</SubmitButton>
			</Form>
			<Form method="post" className="flex flex-wrap items-end gap-2">
				<input type="hidden" name="intent" value="grant-people" />
				<input type="hidden" name="roleId" value={roleId} />
				<div className="flex min-w-64 flex-col gap-1.5">
					<label htmlFor={`people-${roleId}`} className="text-sm font-medium">
						Give “{roleName}” to people (email addresses)
					</label>
					<input id={`people-${roleId}`} name="emails" required className={controlClass} />
				</div>
				<SubmitButton variant="secondary">Give to them</SubmitButton>
			</Form>
		</div>
	)
}
