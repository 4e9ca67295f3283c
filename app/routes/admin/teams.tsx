import { data, Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/teams'
import { requireAdminMembership, requireUser } from '~/auth/auth.server'
import { formatDate } from '~/format/dates'
import { pageTitle } from '~/components/page-title'
import { Alert } from '~/components/ui/alert'
import { Button } from '~/components/ui/button'
import { Card } from '~/components/ui/card'
import { redirectWithFlash } from '~/http/flash.server'
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

export async function action({ request, context }: Route.ActionArgs) {
	const { user } = requireUser(context, request)
	const membership = requireAdminMembership(context)
	const form = Object.fromEntries(await request.formData())
	const parsed = actionSchema.safeParse(form)
	const target = typeof form.teamId === 'string' ? form.teamId : null
	if (!parsed.success) {
		return data(
			{ message: parsed.error.issues[0]?.message ?? 'This request is not valid.', teamId: target },
			{ status: 400 },
		)
	}
	const actor = { id: user.id, name: user.name }
	const orgId = membership.orgId
	const input = parsed.data
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
		if (error instanceof TeamError) return data({ message: error.message, teamId: target }, { status: 400 })
		throw error
	}
}

export default function TeamsPage() {
	const { teams } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const navigation = useNavigation()
	const busy = navigation.state !== 'idle'
	return (
		<div className="flex flex-col gap-6">
			<h1 className="text-3xl font-bold">Teams</h1>
			<Card aria-labelledby="create-heading">
				<h2 id="create-heading" className="text-xl font-semibold">
					New team
				</h2>
				<Form method="post" className="mt-3 flex flex-wrap items-end gap-3">
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
							aria-describedby={actionData && !actionData.teamId ? 'create-error' : undefined}
							className="min-h-11 rounded-control border border-line bg-surface px-3 py-2 text-ink"
						/>
					</div>
					<Button type="submit" disabled={busy}>
						Create the team
					</Button>
				</Form>
				{actionData && !actionData.teamId ? (
					<p id="create-error" role="alert" className="mt-2 text-sm text-danger">
						{actionData.message}
					</p>
				) : null}
			</Card>
			<section aria-labelledby="teams-heading" className="flex flex-col gap-4">
				<h2 id="teams-heading" className="text-xl font-semibold">
					{teams.length} {teams.length === 1 ? 'team' : 'teams'}
				</h2>
				<ul className="flex flex-col gap-4">
					{teams.map((team) => {
						const error = actionData?.teamId === team.id ? actionData.message : null
						return (
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
								<div className="mt-3 flex flex-wrap items-end gap-3">
									<Form method="post" className="flex flex-wrap items-end gap-3">
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
												aria-invalid={error ? true : undefined}
												aria-describedby={error ? `error-${team.id}` : undefined}
												className="min-h-11 rounded-control border border-line bg-surface px-3 py-2 text-ink"
											/>
										</div>
										<Button type="submit" variant="secondary" disabled={busy}>
											Rename
										</Button>
									</Form>
									<Form method="post">
										<input type="hidden" name="teamId" value={team.id} />
										<Button
											type="submit"
											name="intent"
											value={team.archivedAt ? 'restore' : 'archive'}
											variant={team.archivedAt ? 'secondary' : 'danger'}
											disabled={busy}
										>
											{team.archivedAt ? `Restore ${team.name}` : `Archive ${team.name}`}
										</Button>
									</Form>
								</div>
								{error ? (
									<Alert tone="error" role="alert" className="mt-3">
										<span id={`error-${team.id}`}>{error}</span>
									</Alert>
								) : null}
							</li>
						)
					})}
				</ul>
			</section>
		</div>
	)
}
