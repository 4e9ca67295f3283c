import { data, Form, Link, useLoaderData } from 'react-router'
import type { Route } from './+types/report-team'
import { requireAdminMembership } from '~/auth/auth.server'
import { formatDate } from '~/format/dates'
import { pageTitle } from '~/components/page-title'
import { Button } from '~/components/ui/button'
import { Card } from '~/components/ui/card'
import { DataTable } from '~/components/ui/data-table'
import { FilterSelect, Pager } from '~/components/ui/filter-fields'
import { listPaths } from '~/content/catalog.server'
import { pickPath, reportQuerySchema, teamParamSchema } from '~/orgs/report-query'
import { PATH_STATE_LABELS } from '~/orgs/report-states'
import { getTeamPathReport } from '~/orgs/reports.server'
import { getOrgTeam } from '~/orgs/teams.server'

export const meta: Route.MetaFunction = ({ data }) => pageTitle(`${data?.teamName ?? 'Team'} · Reports · Admin`)

export async function loader({ request, params, context }: Route.LoaderArgs) {
	const membership = requireAdminMembership(context)
	const url = new URL(request.url)
	const query = reportQuerySchema.parse(Object.fromEntries(url.searchParams))
	const teamParam = teamParamSchema.safeParse(params.teamId)
	const team =
		teamParam.success && teamParam.data !== 'none' ? await getOrgTeam(membership.orgId, teamParam.data) : null
	// Another organisation's team, or a malformed id, is simply not found.
	if (!teamParam.success || (teamParam.data !== 'none' && !team))
		throw data({ message: 'There is no such team in your organisation.' }, { status: 404 })
	const paths = listPaths().map((p) => ({ slug: p.slug, title: p.title }))
	const path = pickPath(paths, query.path)
	if (!path) throw data({ message: 'There are no learning paths yet.' }, { status: 404 })
	const teamId = team?.id ?? 'none'
	const result = await getTeamPathReport(membership.orgId, path.slug, teamId, { state: query.state }, query.page)
	return {
		teamId,
		teamName: team?.name ?? 'No team',
		paths,
		path,
		state: query.state ?? '',
		page: query.page,
		search: url.search,
		...result,
		learners: result.learners.map((l) => ({
			...l,
			lastVisitedAt: l.lastVisitedAt?.toISOString() ?? null,
			completedAt: l.completedAt?.toISOString() ?? null,
			dueAt: l.dueAt?.toISOString() ?? null,
			startedAt: l.startedAt?.toISOString() ?? null,
		})),
	}
}

export default function TeamReportPage() {
	const { teamId, teamName, paths, path, state, page, pages, total, learners, search } = useLoaderData<typeof loader>()
	return (
		<div className="flex flex-col gap-6">
			<p>
				<Link to={`/admin/reports?path=${path.slug}`}>← All teams</Link>
			</p>
			<h1 className="text-3xl font-bold">
				{teamName}: {path.title}
			</h1>
			<Card aria-labelledby="team-filter-heading">
				<h2 id="team-filter-heading" className="sr-only">
					Filter
				</h2>
				<Form method="get" className="grid gap-4 sm:grid-cols-[2fr_1fr_auto] sm:items-end">
					<FilterSelect
						name="path"
						label="Learning path"
						value={path.slug}
						anyLabel="First path"
						options={paths.map((p) => [p.slug, p.title] as const)}
					/>
					<FilterSelect
						name="state"
						label="State"
						value={state}
						anyLabel="All states"
						options={Object.entries(PATH_STATE_LABELS)}
					/>
					<Button type="submit" variant="secondary">
						Show
					</Button>
				</Form>
			</Card>
			<section aria-labelledby="team-learners-heading" className="flex flex-col gap-4">
				<h2 id="team-learners-heading" className="text-xl font-semibold">
					{total} {total === 1 ? 'person' : 'people'}
					{pages > 1 ? ` · page ${page} of ${pages}` : ''}
				</h2>
				<p>
					<a href={`/admin/reports.csv?path=${path.slug}&team=${teamId}`} download>
						Export this team as CSV
					</a>
				</p>
				<DataTable
					columns={['Name', 'Email', 'State', 'Last visit', 'Completed', 'Due']}
					caption={`${teamName}: each person's state on ${path.title}`}
				>
					{learners.map((l) => (
						<tr key={l.userId} className="border-b border-line last:border-0">
							<th scope="row" className="py-2 pr-3 font-normal">
								<Link to={`/admin/reports/people/${l.userId}`}>{l.name}</Link>
							</th>
							<td className="break-all py-2 pr-3">{l.email}</td>
							<td className="py-2 pr-3">{PATH_STATE_LABELS[l.state]}</td>
							<td className="py-2 pr-3">{l.lastVisitedAt ? formatDate(l.lastVisitedAt) : '—'}</td>
							<td className="py-2 pr-3">{l.completedAt ? formatDate(l.completedAt) : '—'}</td>
							<td className="py-2 pr-3">{l.dueAt ? formatDate(l.dueAt) : '—'}</td>
						</tr>
					))}
				</DataTable>
				{learners.length === 0 ? <p className="text-ink-muted">Nobody here is in this state.</p> : null}
				<Pager page={page} pages={pages} search={search} />
			</section>
		</div>
	)
}
