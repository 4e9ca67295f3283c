import { Form, Link, useLoaderData } from 'react-router'
import type { Route } from './+types/ai-literacy-report'
import { requireAdminMembership } from '~/auth/auth.server'
import { pageTitle } from '~/components/page-title'
import { Alert } from '~/components/ui/alert'
import { ButtonLink } from '~/components/ui/button'
import { Card } from '~/components/ui/card'
import { DataTable } from '~/components/ui/data-table'
import { controlClass } from '~/components/ui/filter-fields'
import { formatDate } from '~/format/dates'
import { getEvidenceSummary } from '~/literacy/evidence-summary.server'
import { evidenceRequest } from '~/literacy/report-query'
import { listTeams } from '~/orgs/teams.server'
import { getStatement } from '~/literacy/statement.server'

export const meta: Route.MetaFunction = () => pageTitle('AI literacy evidence · Admin')

const GAPS_SHOWN = 100

const percent = (part: number, whole: number) => (whole === 0 ? '—' : `${Math.round((100 * part) / whole)}%`)

export async function loader({ request, context }: Route.LoaderArgs) {
	const membership = requireAdminMembership(context)
	const { query, asOf, scope } = evidenceRequest(new URL(request.url))
	// The figures are counted in the database; the CSV and the PDF carry every person's record.
	const [summary, teams, statement] = await Promise.all([
		getEvidenceSummary(membership.orgId, asOf.moment, scope, GAPS_SHOWN),
		listTeams(membership.orgId),
		getStatement(membership.orgId),
	])
	const teamNames = new Map(teams.map((t) => [t.id, t.name]))
	const params = new URLSearchParams({ asOf: asOf.day, ...(query.team ? { team: query.team } : {}) })
	return {
		asOf: { day: asOf.day, problem: asOf.problem, isToday: asOf.day === new Date().toISOString().slice(0, 10) },
		team: query.team ?? '',
		teams: teams.map((t) => ({ id: t.id, name: t.name })),
		roles: summary.roles,
		teamRows: summary.teams
			.map(({ teamId, cells }) => ({
				teamId: teamId ?? 'none',
				name: teamId === null ? 'No team' : (teamNames.get(teamId) ?? 'A team'),
				cells,
			}))
			.sort((a, b) => a.name.localeCompare(b.name)),
		gaps: summary.gaps.map(({ teamId, ...gap }) => ({ ...gap, team: teamId ? (teamNames.get(teamId) ?? null) : null })),
		gapCount: summary.gapCount,
		statement,
		canEdit: membership.role === 'OWNER',
		query: params.toString(),
	}
}

export default function EvidenceReportPage() {
	const { asOf, team, teams, roles, teamRows, gaps, gapCount, statement, canEdit, query } =
		useLoaderData<typeof loader>()
	return (
		<div className="flex flex-col gap-6">
			<p>
				<Link to="/admin/ai-literacy">AI literacy</Link>
			</p>
			<h1 className="text-3xl font-bold">AI literacy evidence</h1>
			<p className="max-w-prose">
				For the day you choose, read from the records as they stood then: who held each AI-use role, whether they had
				passed the assessments its training requires (and, for a role with a refresh period, recently enough), and who
				was past the days the role gives. It is evidence of your measures under Article 4 of the EU AI Act, not legal
				advice: it cannot show how well people use AI at work, only the training and assessments they completed.
			</p>
			<Form method="get" className="flex flex-wrap items-end gap-3">
				<div className="flex flex-col gap-1.5">
					<label htmlFor="as-of" className="text-sm font-medium">
						As of
					</label>
					<input id="as-of" type="date" name="asOf" defaultValue={asOf.day} className={controlClass} />
				</div>
				<div className="flex flex-col gap-1.5">
					<label htmlFor="team" className="text-sm font-medium">
						Team
					</label>
					<select id="team" name="team" defaultValue={team} className={controlClass}>
						<option value="">Whole organisation</option>
						<option value="none">No team</option>
						{teams.map((t) => (
							<option key={t.id} value={t.id}>
								{t.name}
							</option>
						))}
					</select>
				</div>
				<button type="submit" className="min-h-11 rounded-control border border-line px-4 font-semibold">
					Show
				</button>
			</Form>
			{asOf.problem ? (
				<Alert tone="error" role="alert">
					{asOf.problem}
				</Alert>
			) : null}
			<div className="flex flex-wrap gap-3">
				<ButtonLink to={`/admin/ai-literacy/report.csv?${query}`} reloadDocument variant="secondary">
					Download CSV
				</ButtonLink>
				<ButtonLink to={`/admin/ai-literacy/report.pdf?${query}`} reloadDocument variant="secondary">
					Download PDF
				</ButtonLink>
			</div>
			<section aria-labelledby="roles-heading" className="flex flex-col gap-3">
				<h2 id="roles-heading" className="text-xl font-semibold">
					Roles {asOf.isToday ? 'today' : `on ${formatDate(`${asOf.day}T12:00:00Z`)}`}
				</h2>
				{roles.length === 0 ? (
					<p className="text-ink-muted">
						No AI-use role existed then. <Link to="/admin/ai-literacy">Define roles</Link> to start.
					</p>
				) : (
					<DataTable
						columns={['Role', 'Requires', 'Holders', 'Meeting it', 'Overdue']}
						caption="Roles and who meets them"
					>
						{roles.map((r) => (
							<tr key={r.roleId} className="border-b border-line last:border-0">
								<th scope="row" className="py-2 pr-3 font-medium">
									{r.name}
								</th>
								<td className="py-2 pr-3">
									{r.paths.map((p) => p.title).join(', ')}
									{r.refreshMonths ? `, every ${r.refreshMonths} months` : ''}
								</td>
								<td className="py-2 pr-3 tabular-nums">{r.holders}</td>
								<td className="py-2 pr-3 tabular-nums">
									{r.meeting} ({percent(r.meeting, r.holders)})
								</td>
								<td className="py-2 pr-3 tabular-nums">{r.overdue}</td>
							</tr>
						))}
					</DataTable>
				)}
			</section>
			{teamRows.length > 0 ? (
				<section aria-labelledby="teams-heading" className="flex flex-col gap-3">
					<h2 id="teams-heading" className="text-xl font-semibold">
						By team
					</h2>
					<DataTable
						columns={['Team', ...roles.map((r) => r.name)]}
						caption="Share of each team’s holders meeting each role"
					>
						{teamRows.map((t) => (
							<tr key={t.teamId} className="border-b border-line last:border-0">
								<th scope="row" className="py-2 pr-3 font-normal">
									{t.name}
								</th>
								{t.cells.map((c, i) => (
									<td key={roles[i]!.roleId} className="py-2 pr-3 tabular-nums">
										{c.holders === 0 ? '—' : `${c.meeting} of ${c.holders} (${percent(c.meeting, c.holders)})`}
									</td>
								))}
							</tr>
						))}
					</DataTable>
				</section>
			) : null}
			<section aria-labelledby="gaps-heading" className="flex flex-col gap-3">
				<h2 id="gaps-heading" className="text-xl font-semibold">
					Who is missing what
				</h2>
				{gapCount === 0 ? (
					<p>Everyone who held a role met its requirements.</p>
				) : (
					<>
						<p>
							{gapCount} {gapCount === 1 ? 'requirement' : 'requirements'} not met, overdue first
							{gapCount > gaps.length ? `; the first ${gaps.length} here, all of them in the CSV` : ''}.
						</p>
						<DataTable columns={['Person', 'Team', 'Role', 'Path', 'State']} caption="Requirements not met">
							{gaps.map((g) => (
								<tr key={`${g.userId}-${g.role}-${g.path}`} className="border-b border-line last:border-0">
									<th scope="row" className="py-2 pr-3 font-normal">
										<Link to={`/admin/ai-literacy/people/${g.userId}?asOf=${asOf.day}`}>{g.name}</Link>
									</th>
									<td className="py-2 pr-3">{g.team ?? '—'}</td>
									<td className="py-2 pr-3">{g.role}</td>
									<td className="py-2 pr-3">{g.path}</td>
									<td className="py-2 pr-3">
										{g.state === 'overdue' ? `Overdue since ${formatDate(g.dueOn)}` : `Due by ${formatDate(g.dueOn)}`}
									</td>
								</tr>
							))}
						</DataTable>
					</>
				)}
			</section>
			<Card aria-labelledby="statement-heading" className="flex flex-col gap-3">
				<h2 id="statement-heading" className="text-xl font-semibold">
					Statement of measures
				</h2>
				{statement.isTemplate ? (
					<p className="text-sm text-ink-muted">
						The starter text: the report prints it until an owner adapts it to your organisation.
					</p>
				) : null}
				{statement.text.split('\n\n').map((paragraph, i) => (
					<p key={i} className="max-w-prose whitespace-pre-line">
						{paragraph}
					</p>
				))}
				{canEdit ? (
					<p>
						<Link to="/admin/ai-literacy/statement">Edit the statement</Link>
					</p>
				) : null}
			</Card>
		</div>
	)
}
