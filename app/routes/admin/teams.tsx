import type { SubmissionResult } from '@conform-to/react'
import { data, Form, Link, useActionData, useLoaderData } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/teams'
import { requireAdminMembership, requireUser } from '~/auth/auth.server'
import { formatDate } from '~/format/dates'
import { pageTitle } from '~/components/page-title'
import { Alert } from '~/components/ui/alert'
import { errorAria, FieldErrors, useServerForm } from '~/components/ui/form-errors'
import { SubmitButton } from '~/components/ui/submit-button'
import { Card } from '~/components/ui/card'
import { ErrorList } from '~/components/ui/field'
import { redirectWithFlash } from '~/http/flash.server'
import { formReply, parseForm } from '~/http/form-submission'
import { createTeam, listTeams, renameTeam, setTeamArchived, TeamError, teamNameSchema } from '~/orgs/teams.server'

export const meta: Route.MetaFunction = () => pageTitle('Teams · Admin')

export async function loader({ context }: Route.LoaderArgs) {
	const membership = requireAdminMembership(context)
	const teams = await listTeams(membership.orgId)
	return {
		teams: teams.map((t) => ({
			id: t.id,
			name: t.name,
			members: t.members,
			archivedAt: t.archivedAt?.toISOString() ?? null,
		})),
	}
}

const teamId = z.string().regex(/^[a-z0-9]{1,40}$/)
const actionSchema = z.discriminatedUnion('intent', [
	z.object({ intent: z.literal('create'), name: teamNameSchema }),
	z.object({ intent: z.literal('rename'), teamId, name: teamNameSchema }),
	z.object({ intent: z.literal('archive'), teamId }),
	z.object({ intent: z.literal('restore'), teamId }),
])

/** The team a refused form was about (its rename or archive form shows the errors), or null for a new one. */
function formTeam(payload: Record<string, unknown>) {
	return typeof payload.teamId === 'string' ? payload.teamId : null
}

export async function action({ request, context }: Route.ActionArgs) {
	const { user } = requireUser(context, request)
	const membership = requireAdminMembership(context)
	const submission = parseForm(await request.formData(), { schema: actionSchema, disableAutoCoercion: true })
	const teamId = formTeam(submission.payload)
	if (submission.status !== 'success') {
		return data({ teamId, result: formReply(submission, { fields: ['name'] }) }, { status: 400 })
	}
	const actor = { id: user.id, name: user.name }
	const orgId = membership.orgId
	const input = submission.value
	try {
		let message: string
		if (input.intent === 'create') {
			await createTeam(orgId, actor, input.name)
			message = `The team “${input.name}” is created.`
		} else if (input.intent === 'rename') {
			await renameTeam(orgId, actor, input.teamId, input.name)
			message = `The team is now called “${input.name}”.`
		} else {
			await setTeamArchived(orgId, actor, input.teamId, input.intent === 'archive')
			message =
				input.intent === 'archive'
					? 'The team is archived. Its members keep it until you move them.'
					: 'The team is restored.'
		}
		return redirectWithFlash('/admin/teams', { kind: 'success', message })
	} catch (error) {
		if (error instanceof TeamError) {
			// A name taken is the name's error; a team that cannot be archived, the form's.
			const reply =
				input.intent === 'create' || input.intent === 'rename'
					? submission.reply({ fieldErrors: { name: [error.message] } })
					: submission.reply({ formErrors: [error.message] })
			return data({ teamId, result: reply }, { status: 400 })
		}
		throw error
	}
}

type TeamAnswer = { teamId: string | null; result: SubmissionResult<string[]> }

/** The answer for the form about `teamId` (null: the new-team form). */
function useAnswerFor(teamId: string | null) {
	const actionData = useActionData<typeof action>() as TeamAnswer | undefined
	return actionData && actionData.teamId === teamId ? actionData.result : undefined
}

function CreateTeamForm() {
	const [form, fields] = useServerForm<{ name: string }>({ id: 'create-team', lastResult: useAnswerFor(null) })
	return (
		<>
			<Form method="post" id={form.id} className="mt-3 flex flex-wrap items-end gap-3">
				<input type="hidden" name="intent" value="create" />
				<div className="flex flex-col gap-1.5">
					<label htmlFor="new-team" className="text-sm font-medium">
						Name
					</label>
					<input
						id="new-team"
						name="name"
						required
						maxLength={80}
						{...errorAria(fields.name)}
						className="min-h-11 rounded-control border border-line bg-surface px-3 py-2 text-ink"
					/>
				</div>
				<SubmitButton>Create the team</SubmitButton>
			</Form>
			<FieldErrors field={fields.name} className="mt-2" />
			<FieldErrors field={form} className="mt-2" />
		</>
	)
}

type Team = Awaited<ReturnType<typeof loader>>['teams'][number]

function TeamForms({ team }: { team: Team }) {
	const [form, fields] = useServerForm<{ name: string }>({ id: `team-${team.id}`, lastResult: useAnswerFor(team.id) })
	return (
		<>
			<div className="mt-3 flex flex-wrap items-end gap-3">
				<Form method="post" id={form.id} className="flex flex-wrap items-end gap-3">
					<input type="hidden" name="intent" value="rename" />
					<input type="hidden" name="teamId" value={team.id} />
					<div className="flex flex-col gap-1.5">
						<label htmlFor={`rename-${team.id}`} className="text-sm font-medium">
							New name for {team.name}
						</label>
						<input
							id={`rename-${team.id}`}
							name="name"
							required
							maxLength={80}
							defaultValue={team.name}
							{...errorAria(fields.name)}
							className="min-h-11 rounded-control border border-line bg-surface px-3 py-2 text-ink"
						/>
					</div>
					<SubmitButton variant="secondary">Rename</SubmitButton>
				</Form>
				<Form method="post">
					<input type="hidden" name="teamId" value={team.id} />
					<SubmitButton
						name="intent"
						value={team.archivedAt ? 'restore' : 'archive'}
						variant={team.archivedAt ? 'secondary' : 'danger'}
					>
						{team.archivedAt ? `Restore ${team.name}` : `Archive ${team.name}`}
					</SubmitButton>
				</Form>
			</div>
			{fields.name.errors?.length || form.errors?.length ? (
				<Alert tone="error" role="alert" className="mt-3">
					<ErrorList id={fields.name.errorId} errors={fields.name.errors} />
					<ErrorList id={form.errorId} errors={form.errors} />
				</Alert>
			) : null}
		</>
	)
}

export default function TeamsPage() {
	const { teams } = useLoaderData<typeof loader>()
	return (
		<div className="flex flex-col gap-6">
			<h1 className="text-3xl font-bold">Teams</h1>
			<Card aria-labelledby="create-heading">
				<h2 id="create-heading" className="text-xl font-semibold">
					New team
				</h2>
				<CreateTeamForm />
			</Card>
			<section aria-labelledby="teams-heading" className="flex flex-col gap-4">
				<h2 id="teams-heading" className="text-xl font-semibold">
					{teams.length} {teams.length === 1 ? 'team' : 'teams'}
				</h2>
				<ul className="flex flex-col gap-4">
					{teams.map((team) => (
						<li key={team.id} className="rounded-card border border-line bg-surface p-4">
							<div className="flex flex-wrap items-baseline justify-between gap-2">
								<h3 className="text-lg font-semibold">
									{team.name}
									{team.archivedAt ? (
										<span className="ml-2 text-sm font-normal text-ink-muted">
											archived {formatDate(team.archivedAt)}
										</span>
									) : null}
								</h3>
								<Link to={`/admin/people?team=${team.id}`}>
									{team.members} {team.members === 1 ? 'member' : 'members'}
								</Link>
							</div>
							<TeamForms team={team} />
						</li>
					))}
				</ul>
			</section>
		</div>
	)
}
