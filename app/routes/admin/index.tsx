import { Link, useLoaderData } from 'react-router'
import type { Route } from './+types/index'
import { requireAdminMembership } from '~/auth/auth.server'
import { pageTitle } from '~/components/page-title'
import { Card } from '~/components/ui/card'
import { getOrgOverview } from '~/orgs/membership.server'

export const meta: Route.MetaFunction = () => pageTitle('Administration')

export async function loader({ context }: Route.LoaderArgs) {
	const membership = requireAdminMembership(context)
	return getOrgOverview(membership.orgId)
}

export default function AdminHome() {
	const overview = useLoaderData<typeof loader>()
	return (
		<div className="flex flex-col gap-6">
			<h1 className="text-3xl font-bold">{overview.name}</h1>
			<nav aria-label="Administration">
				<Link to="/admin/credentials">Credentials: revoke or suspend</Link>
			</nav>
			<Card aria-labelledby="people-heading">
				<h2 id="people-heading" className="text-xl font-semibold">
					People
				</h2>
				<dl className="mt-4 grid grid-cols-3 gap-4 text-center">
					{[
						['Learners', overview.learners],
						['Administrators', overview.admins],
						['Owners', overview.owners],
					].map(([label, count]) => (
						<div key={label} className="rounded-control bg-surface-muted p-3">
							<dt className="text-sm text-ink-muted">{label}</dt>
							<dd className="text-2xl font-bold tabular-nums">{count}</dd>
						</div>
					))}
				</dl>
			</Card>
			<Card aria-labelledby="teams-heading">
				<h2 id="teams-heading" className="text-xl font-semibold">
					Teams
				</h2>
				{overview.teams.length ? (
					<table className="mt-4 w-full text-left">
						<thead>
							<tr className="border-b border-line">
								<th scope="col" className="py-2 font-medium">
									Team
								</th>
								<th scope="col" className="py-2 text-right font-medium">
									Members
								</th>
							</tr>
						</thead>
						<tbody>
							{overview.teams.map((team) => (
								<tr key={team.id} className="border-b border-line last:border-0">
									<td className="py-2">{team.name}</td>
									<td className="py-2 text-right tabular-nums">{team.members}</td>
								</tr>
							))}
						</tbody>
					</table>
				) : (
					<p className="mt-2 text-ink-muted">No teams yet.</p>
				)}
			</Card>
		</div>
	)
}
