import { data, Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/people'
import { requireAdminMembership, requireUser } from '~/auth/auth.server'
import { pageTitle } from '~/components/page-title'
import { Alert } from '~/components/ui/alert'
import { Button } from '~/components/ui/button'
import { Card } from '~/components/ui/card'
import { redirectWithFlash } from '~/http/flash.server'
import { listMembers } from '~/orgs/members.server'
import { listTeams, MAX_MOVE, moveMembers, TeamError } from '~/orgs/teams.server'

export const meta: Route.MetaFunction = () => pageTitle('People · Admin')

const ROLE_LABELS = { LEARNER: 'Learner', ADMIN: 'Administrator', OWNER: 'Owner' } as const

/** Filters come from the address; anything malformed falls back to "no filter" rather than failing. */
const filterSchema = z.object({
	q: z.string().trim().max(100).optional().catch(undefined),
	team: z
		.string()
		.regex(/^[a-z0-9]{1,40}$/)
		.optional()
		.catch(undefined),
	role: z.enum(['LEARNER', 'ADMIN', 'OWNER']).optional().catch(undefined),
	page: z.coerce.number().int().min(1).max(100_000).catch(1),
})

export async function loader({ request, context }: Route.LoaderArgs) {
	const membership = requireAdminMembership(context)
	const url = new URL(request.url)
	const filter = filterSchema.parse(Object.fromEntries(url.searchParams))
	const [result, teams] = await Promise.all([
		listMembers(membership.orgId, { q: filter.q || undefined, team: filter.team, role: filter.role }, filter.page),
		listTeams(membership.orgId),
	])
	return {
		filter: { q: filter.q ?? '', team: filter.team ?? '', role: filter.role ?? '', page: filter.page },
		search: url.search,
		...result,
		teams: teams.map((t) => ({ id: t.id, name: t.name, archived: t.archivedAt !== null })),
	}
}

const moveSchema = z.object({
	userIds: z.array(z.string().min(1).max(40)).min(1, 'Choose at least one person to move.').max(MAX_MOVE),
	teamId: z.string().regex(/^[a-z0-9]{1,40}$/, 'Choose a team.'),
	returnTo: z.string().max(2000).optional(),
})

export async function action({ request, context }: Route.ActionArgs) {
	const { user } = requireUser(context, request)
	const membership = requireAdminMembership(context)
	const form = await request.formData()
	const parsed = moveSchema.safeParse({
		userIds: form.getAll('userId'),
		teamId: form.get('teamId'),
		returnTo: form.get('returnTo') ?? undefined,
	})
	if (!parsed.success)
		return data({ message: parsed.error.issues[0]?.message ?? 'This request is not valid.' }, { status: 400 })
	const { userIds, teamId, returnTo } = parsed.data
	try {
		const moved = await moveMembers(
			membership.orgId,
			{ id: user.id, name: user.name },
			userIds,
			teamId === 'none' ? null : teamId,
		)
		const search = returnTo?.startsWith('?') ? returnTo : ''
		return redirectWithFlash(`/admin/people${search}`, {
			kind: 'success',
			message:
				moved === 0 ? 'Everyone chosen was already there.' : `Moved ${moved} ${moved === 1 ? 'person' : 'people'}.`,
		})
	} catch (error) {
		if (error instanceof TeamError) return data({ message: error.message }, { status: 400 })
		throw error
	}
}

function pageHref(search: string, page: number) {
	const params = new URLSearchParams(search)
	params.set('page', String(page))
	return `?${params}`
}

export default function PeoplePage() {
	const { filter, members, total, pages, teams, search } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const navigation = useNavigation()
	const activeTeams = teams.filter((t) => !t.archived)
	return (
		<div className="flex flex-col gap-6">
			<h1 className="text-3xl font-bold">People</h1>
			<Card aria-labelledby="filter-heading">
				<h2 id="filter-heading" className="sr-only">
					Search and filter
				</h2>
				<Form method="get" className="grid gap-4 sm:grid-cols-[2fr_1fr_1fr_auto] sm:items-end">
					<div className="flex flex-col gap-1.5">
						<label htmlFor="q" className="text-sm font-medium">
							Name or email
						</label>
						<input
							id="q"
							name="q"
							type="search"
							defaultValue={filter.q}
							maxLength={100}
							className="min-h-11 rounded-control border border-line bg-surface px-3 py-2 text-ink"
						/>
					</div>
					<div className="flex flex-col gap-1.5">
						<label htmlFor="team" className="text-sm font-medium">
							Team
						</label>
						<select
							id="team"
							name="team"
							defaultValue={filter.team}
							className="min-h-11 rounded-control border border-line bg-surface px-3 py-2 text-ink"
						>
							<option value="">All teams</option>
							<option value="none">No team</option>
							{teams.map((t) => (
								<option key={t.id} value={t.id}>
									{t.name}
									{t.archived ? ' (archived)' : ''}
								</option>
							))}
						</select>
					</div>
					<div className="flex flex-col gap-1.5">
						<label htmlFor="role" className="text-sm font-medium">
							Role
						</label>
						<select
							id="role"
							name="role"
							defaultValue={filter.role}
							className="min-h-11 rounded-control border border-line bg-surface px-3 py-2 text-ink"
						>
							<option value="">All roles</option>
							{Object.entries(ROLE_LABELS).map(([value, label]) => (
								<option key={value} value={value}>
									{label}
								</option>
							))}
						</select>
					</div>
					<Button type="submit" variant="secondary">
						Search
					</Button>
				</Form>
			</Card>
			{actionData?.message ? (
				<Alert tone="error" role="alert">
					{actionData.message}
				</Alert>
			) : null}
			<section aria-labelledby="results-heading" className="flex flex-col gap-4">
				<h2 id="results-heading" className="text-xl font-semibold">
					{total} {total === 1 ? 'person' : 'people'}
					{pages > 1 ? ` · page ${filter.page} of ${pages}` : ''}
				</h2>
				<Form method="post" className="flex flex-col gap-4">
					<input type="hidden" name="returnTo" value={search} />
					<div className="overflow-x-auto">
						<table className="w-full text-left">
							<caption className="sr-only">People of the organisation; tick people to move them to a team</caption>
							<thead>
								<tr className="border-b border-line">
									<th scope="col" className="py-2 pr-3 font-medium">
										<span className="sr-only">Choose</span>
									</th>
									<th scope="col" className="py-2 pr-3 font-medium">
										Name
									</th>
									<th scope="col" className="py-2 pr-3 font-medium">
										Email
									</th>
									<th scope="col" className="py-2 pr-3 font-medium">
										Role
									</th>
									<th scope="col" className="py-2 pr-3 font-medium">
										Team
									</th>
								</tr>
							</thead>
							<tbody>
								{members.map((m) => (
									<tr key={m.userId} className="border-b border-line last:border-0">
										<td className="py-2 pr-3">
											<input
												type="checkbox"
												name="userId"
												value={m.userId}
												id={`choose-${m.userId}`}
												aria-label={`Choose ${m.name}`}
												className="h-5 w-5"
											/>
										</td>
										<th scope="row" className="py-2 pr-3 font-normal">
											{m.name}
										</th>
										<td className="break-all py-2 pr-3">{m.email}</td>
										<td className="py-2 pr-3">{ROLE_LABELS[m.role]}</td>
										<td className="py-2 pr-3">{m.teamName ?? <span className="text-ink-muted">No team</span>}</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
					{members.length === 0 ? <p className="text-ink-muted">Nobody matches this search.</p> : null}
					<div className="flex flex-wrap items-end gap-3">
						<div className="flex flex-col gap-1.5">
							<label htmlFor="move-to" className="text-sm font-medium">
								Move the people ticked to
							</label>
							<select
								id="move-to"
								name="teamId"
								required
								defaultValue=""
								className="min-h-11 rounded-control border border-line bg-surface px-3 py-2 text-ink"
							>
								<option value="" disabled>
									Choose a team
								</option>
								{activeTeams.map((t) => (
									<option key={t.id} value={t.id}>
										{t.name}
									</option>
								))}
								<option value="none">No team</option>
							</select>
						</div>
						<Button type="submit" disabled={navigation.state !== 'idle'}>
							Move
						</Button>
					</div>
				</Form>
				{pages > 1 ? (
					<nav aria-label="Pages" className="flex items-center gap-4">
						{filter.page > 1 ? <Link to={pageHref(search, filter.page - 1)}>Previous page</Link> : null}
						<span>
							Page {filter.page} of {pages}
						</span>
						{filter.page < pages ? <Link to={pageHref(search, filter.page + 1)}>Next page</Link> : null}
					</nav>
				) : null}
			</section>
		</div>
	)
}
