import { data, Link, useLoaderData } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/report-person'
import { requireAdminMembership } from '~/auth/auth.server'
import { formatDate } from '~/format/dates'
import { pageTitle } from '~/components/page-title'
import { DataTable } from '~/components/ui/data-table'
import { listPaths } from '~/content/catalog.server'
import { PATH_STATE_LABELS } from '~/orgs/report-states'
import { getLearnerReport } from '~/orgs/reports.server'

export const meta: Route.MetaFunction = ({ data }) => pageTitle(`${data?.name ?? 'Person'} · Reports · Admin`)

export async function loader({ params, context }: Route.LoaderArgs) {
	const membership = requireAdminMembership(context)
	const userId = z
		.string()
		.regex(/^[A-Za-z0-9_-]{1,64}$/)
		.safeParse(params.userId)
	// Someone outside the organisation is simply not found.
	const report = userId.success
		? await getLearnerReport(
				membership.orgId,
				userId.data,
				listPaths().map((p) => p.slug),
			)
		: null
	if (!report) throw data({ message: 'There is no such person in your organisation.' }, { status: 404 })
	const iso = (d: Date | null) => d?.toISOString() ?? null
	return {
		...report,
		paths: report.paths.map((p) => ({
			...p,
			startedAt: iso(p.startedAt),
			lastVisitedAt: iso(p.lastVisitedAt),
			completedAt: iso(p.completedAt),
			dueAt: iso(p.dueAt),
		})),
		credentials: report.credentials.map((c) => ({
			id: c.id,
			title: c.title,
			issuedAt: c.issuedAt.toISOString(),
			validUntil: c.validUntil.toISOString(),
			state: c.revokedAt ? 'Revoked' : c.suspendedAt ? 'Suspended' : c.validUntil < new Date() ? 'Expired' : 'Valid',
		})),
	}
}

export default function PersonReportPage() {
	const { name, email, team, deactivated, paths, credentials } = useLoaderData<typeof loader>()
	return (
		<div className="flex flex-col gap-6">
			<p>
				<Link to="/admin/reports">← Reports</Link>
			</p>
			<div>
				<h1 className="text-3xl font-bold">{name}</h1>
				<p className="text-ink-muted">
					{email} · {team ? team.name : 'No team'}
					{deactivated ? ' · deactivated' : ''}
				</p>
			</div>
			<section aria-labelledby="person-paths-heading" className="flex flex-col gap-3">
				<h2 id="person-paths-heading" className="text-xl font-semibold">
					Learning paths
				</h2>
				<DataTable
					columns={['Path', 'State', 'Lessons done', 'Assessment', 'Started', 'Last visit', 'Completed', 'Due']}
					caption={`${name}: state on each path`}
				>
					{paths.map((p) => (
						<tr key={p.pathSlug} className="border-b border-line last:border-0">
							<th scope="row" className="py-2 pr-3 font-normal">
								{p.title}
							</th>
							<td className="py-2 pr-3">{p.state ? PATH_STATE_LABELS[p.state] : '—'}</td>
							<td className="py-2 pr-3">
								{p.lessonsDone} of {p.lessonCount}
								{p.lessonCount > 0 ? ` (${Math.round((p.lessonsDone / p.lessonCount) * 100)}%)` : ''}
							</td>
							<td className="py-2 pr-3">
								{p.attempts === 0
									? 'Not taken'
									: `${p.attempts} ${p.attempts === 1 ? 'attempt' : 'attempts'}, best ${Math.round((p.bestScore ?? 0) * 100)}%, last ${formatDate(p.lastAttemptAt)}`}
							</td>
							<td className="py-2 pr-3">{formatDate(p.startedAt)}</td>
							<td className="py-2 pr-3">{formatDate(p.lastVisitedAt)}</td>
							<td className="py-2 pr-3">{formatDate(p.completedAt)}</td>
							<td className="py-2 pr-3">{formatDate(p.dueAt)}</td>
						</tr>
					))}
				</DataTable>
			</section>
			<section aria-labelledby="person-credentials-heading" className="flex flex-col gap-3">
				<h2 id="person-credentials-heading" className="text-xl font-semibold">
					Credentials
				</h2>
				{credentials.length === 0 ? (
					<p className="text-ink-muted">No credentials from this organisation yet.</p>
				) : (
					<DataTable columns={['Credential', 'Earned', 'Valid until', 'State']} caption={`${name}: credentials`}>
						{credentials.map((c) => (
							<tr key={c.id} className="border-b border-line last:border-0">
								<th scope="row" className="py-2 pr-3 font-normal">
									{c.title}
								</th>
								<td className="py-2 pr-3">{formatDate(c.issuedAt)}</td>
								<td className="py-2 pr-3">{formatDate(c.validUntil)}</td>
								<td className="py-2 pr-3">{c.state}</td>
							</tr>
						))}
					</DataTable>
				)}
			</section>
		</div>
	)
}
