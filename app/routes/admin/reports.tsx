import { Form, Link, useLoaderData } from 'react-router'
import type { Route } from './+types/reports'
import { requireAdminMembership } from '~/auth/auth.server'
import { ChartFigure } from '~/components/charts/chart-figure'
import { CredentialsByMonthChart, STATE_SERIES, StatesByTeamChart } from '~/components/charts/report-charts'
import { pageTitle } from '~/components/page-title'
import { Button } from '~/components/ui/button'
import { Card } from '~/components/ui/card'
import { DataTable } from '~/components/ui/data-table'
import { SelectField } from '~/components/ui/filter-fields'
import { listPaths } from '~/content/catalog.server'
import { formatShortMonthYear } from '~/format/dates'
import { pickPath, reportQuerySchema } from '~/orgs/report-query'
import { getCredentialsByMonth, getPathReport } from '~/orgs/reports.server'

export const meta: Route.MetaFunction = () => pageTitle('Reports · Admin')

export async function loader({ request, context }: Route.LoaderArgs) {
	const membership = requireAdminMembership(context)
	const query = reportQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
	const paths = listPaths().map((p) => ({ slug: p.slug, title: p.title }))
	const path = pickPath(paths, query.path)
	if (!path) return { paths, path: null, report: null, months: [] }
	const [report, months] = await Promise.all([
		getPathReport(membership.orgId, path.slug),
		getCredentialsByMonth(membership.orgId, path.slug),
	])
	return { paths, path, report, months }
}

const percent = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 100))

export default function ReportsPage() {
	const { paths, path, report, months } = useLoaderData<typeof loader>()
	if (!path || !report) {
		return (
			<div className="flex flex-col gap-6">
				<h1 className="text-3xl font-bold">Reports</h1>
				<p>There are no learning paths yet.</p>
			</div>
		)
	}
	const q = `path=${encodeURIComponent(path.slug)}`
	const { total } = report
	const issued = months.reduce((n, m) => n + m.issued, 0)
	const teamsWithPeople = report.teams.filter((t) => t.members > 0)
	return (
		<div className="flex flex-col gap-6">
			<h1 className="text-3xl font-bold">Reports</h1>
			<Card aria-labelledby="report-path-heading">
				<h2 id="report-path-heading" className="sr-only">
					Choose a path
				</h2>
				<Form method="get" className="flex flex-wrap items-end gap-3">
					<SelectField
						id="report-path"
						name="path"
						label="Learning path"
						defaultValue={path.slug}
						options={paths.map((p) => [p.slug, p.title] as const)}
					/>
					<Button type="submit" variant="secondary">
						Show
					</Button>
				</Form>
			</Card>

			<section aria-labelledby="summary-heading" className="flex flex-col gap-3">
				<h2 id="summary-heading" className="text-xl font-semibold">
					{path.title}: {total.members} active {total.members === 1 ? 'person' : 'people'}
				</h2>
				<ul className="grid gap-3 sm:grid-cols-4">
					{STATE_SERIES.map((s) => (
						<li key={s.key} className="rounded-card border border-line bg-surface p-4">
							<p className="text-sm text-ink-muted">{s.label}</p>
							<p className="text-2xl font-bold">
								{total[s.key]} <span className="text-base font-normal">({percent(total[s.key], total.members)}%)</span>
							</p>
						</li>
					))}
				</ul>
				<p className="text-sm text-ink-muted">
					{total.assigned} assigned. Completed means a completion after the latest assignment (or at any time, for
					people not assigned); overdue means assigned, past the due date and not completed.{' '}
					<a href={`/admin/reports.csv?${q}`} download>
						Export everyone as CSV
					</a>
				</p>
			</section>

			<Card aria-labelledby="teams-heading" className="flex flex-col gap-4">
				<h2 id="teams-heading" className="sr-only">
					By team
				</h2>
				<ChartFigure
					title="By team"
					summary={`Stacked bars of ${teamsWithPeople.length} teams: ${STATE_SERIES.map((s) => `${total[s.key]} ${s.label.toLowerCase()}`).join(', ')} in all.`}
					chart={() => <StatesByTeamChart rows={teamsWithPeople} />}
					table={
						<DataTable
							columns={['Team', 'People', ...STATE_SERIES.map((s) => s.label), 'Assigned', 'Export']}
							caption={`${path.title}: people in each state, by team`}
						>
							{report.teams.map((t) => {
								const team = t.teamId ?? 'none'
								return (
									<tr key={team} className="border-b border-line last:border-0">
										<th scope="row" className="py-2 pr-3 font-normal">
											<Link to={`/admin/reports/teams/${team}?${q}`}>{t.name}</Link>
										</th>
										<td className="py-2 pr-3">{t.members}</td>
										{STATE_SERIES.map((s) => (
											<td key={s.key} className="py-2 pr-3">
												{t[s.key] > 0 ? (
													<Link
														to={`/admin/reports/teams/${team}?${q}&state=${s.key}`}
														aria-label={`${t.name}: ${t[s.key]} ${s.label.toLowerCase()}`}
													>
														{t[s.key]}
													</Link>
												) : (
													0
												)}
											</td>
										))}
										<td className="py-2 pr-3">{t.assigned}</td>
										<td className="py-2 pr-3">
											<a href={`/admin/reports.csv?${q}&team=${team}`} download aria-label={`Export ${t.name} as CSV`}>
												CSV
											</a>
										</td>
									</tr>
								)
							})}
						</DataTable>
					}
				/>
			</Card>

			<Card aria-labelledby="months-heading" className="flex flex-col gap-4">
				<h2 id="months-heading" className="sr-only">
					Credentials earned
				</h2>
				<ChartFigure
					title="Credentials earned, last 12 months"
					summary={`Bars per month: ${issued} credentials for ${path.title} in the last 12 months.`}
					chart={() => (
						<CredentialsByMonthChart months={months.map((m) => ({ ...m, month: formatShortMonthYear(m.month) }))} />
					)}
					table={
						<DataTable
							columns={['Month', 'Credentials earned']}
							caption={`${path.title}: credentials earned per month`}
						>
							{months.map((m) => (
								<tr key={m.month} className="border-b border-line last:border-0">
									<th scope="row" className="py-2 pr-3 font-normal">
										{formatShortMonthYear(m.month)}
									</th>
									<td className="py-2 pr-3">{m.issued}</td>
								</tr>
							))}
						</DataTable>
					}
				/>
			</Card>
		</div>
	)
}
