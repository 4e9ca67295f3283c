import { useLoaderData } from 'react-router'
import type { Route } from './+types/index'
import { requireAdminMembership } from '~/auth/auth.server'
import { pageTitle } from '~/components/page-title'
import { Card } from '~/components/ui/card'
import { SkillLink } from '~/components/skills/skill-link'
import { getSkill } from '~/content/skill-ids'
import { getOrgOverview } from '~/orgs/membership.server'
import { getTeamSkillCoverage } from '~/skills/skills-profile.server'

export const meta: Route.MetaFunction = () => pageTitle('Administration')

export async function loader({ context }: Route.LoaderArgs) {
	const membership = requireAdminMembership(context)
	const [overview, coverage] = await Promise.all([
		getOrgOverview(membership.orgId),
		getTeamSkillCoverage(membership.orgId),
	])
	const skillIds = [...new Set(coverage.map((c) => c.skillId))]
	const skills = skillIds
		.flatMap((id) => {
			const skill = getSkill(id)
			return skill ? [{ id, label: skill.label, pagePath: skill.pagePath, framework: skill.framework }] : []
		})
		.sort((a, b) => a.label.localeCompare(b.label))
	const holders = Object.fromEntries(coverage.map((c) => [`${c.teamId ?? ''}|${c.skillId}`, c.holders]))
	return { ...overview, skills, holders }
}

export default function AdminHome() {
	const overview = useLoaderData<typeof loader>()
	return (
		<div className="flex flex-col gap-6">
			<h1 className="text-3xl font-bold">{overview.name}</h1>
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
			<Card aria-labelledby="skills-heading">
				<h2 id="skills-heading" className="text-xl font-semibold">
					Verified skills by team
				</h2>
				<p className="mt-1 text-sm text-ink-muted">
					Learners holding each skill through a valid credential now, out of the team&apos;s members.
				</p>
				{overview.skills.length && overview.teams.length ? (
					<div className="mt-4 overflow-x-auto">
						<table className="w-full text-left">
							<thead>
								<tr className="border-b border-line">
									<th scope="col" className="py-2 pr-4 font-medium">
										Skill
									</th>
									{overview.teams.map((team) => (
										<th key={team.id} scope="col" className="py-2 pr-4 text-right font-medium">
											{team.name}
										</th>
									))}
								</tr>
							</thead>
							<tbody>
								{overview.skills.map((skill) => (
									<tr key={skill.id} className="border-b border-line last:border-0">
										<th scope="row" className="py-2 pr-4 font-normal">
											<SkillLink skill={skill} />
										</th>
										{overview.teams.map((team) => (
											<td key={team.id} className="py-2 pr-4 text-right tabular-nums">
												{overview.holders[`${team.id}|${skill.id}`] ?? 0} of {team.members}
											</td>
										))}
									</tr>
								))}
							</tbody>
						</table>
					</div>
				) : (
					<p className="mt-2 text-ink-muted">No learner holds a verified skill yet.</p>
				)}
			</Card>
		</div>
	)
}
