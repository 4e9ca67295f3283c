import { data, Form, useActionData, useLoaderData } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/index'
import { requireAdminMembership, requireUser } from '~/auth/auth.server'
import { pageTitle } from '~/components/page-title'
import { Card } from '~/components/ui/card'
import { SkillLink } from '~/components/skills/skill-link'
import { getSkill } from '~/content/skill-ids'
import { getOrgOverview } from '~/orgs/membership.server'
import { getTeamSkillCoverage } from '~/skills/skills-profile.server'
import { getAssignmentTrends } from '~/orgs/assignment-trends.server'
import { ChartFigure } from '~/components/charts/chart-figure'
import { AssignmentTrendChart, TREND_SERIES } from '~/components/charts/report-charts'
import { DataTable } from '~/components/ui/data-table'
import { ProgressBar } from '~/components/ui/progress-bar'
import { formatDayMonth } from '~/format/dates'
import { Link } from 'react-router'
import { redirectWithFlash } from '~/http/flash.server'
import { parseForm } from '~/http/form-submission'
import { OverdueReminderError, remindOverdue } from '~/orgs/overdue-reminder.server'
import { SubmitButton } from '~/components/ui/submit-button'
import { Alert } from '~/components/ui/alert'

export const meta: Route.MetaFunction = () => pageTitle('Administration')

export async function loader({ context }: Route.LoaderArgs) {
	const membership = requireAdminMembership(context)
	const [overview, coverage, assignments] = await Promise.all([
		getOrgOverview(membership.orgId),
		getTeamSkillCoverage(membership.orgId),
		getAssignmentTrends(membership.orgId),
	])
	const skillIds = [...new Set(coverage.map((c) => c.skillId))]
	const skills = skillIds
		.flatMap((id) => {
			const skill = getSkill(id)
			return skill ? [{ id, label: skill.label, pagePath: skill.pagePath, framework: skill.framework }] : []
		})
		.sort((a, b) => a.label.localeCompare(b.label))
	const holders = Object.fromEntries(coverage.map((c) => [`${c.teamId ?? ''}|${c.skillId}`, c.holders]))
	return { ...overview, skills, holders, assignments }
}

const actionSchema = z.object({
	intent: z.literal('remind-overdue'),
	assignmentId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
})

/** One click: an email and a message to everyone overdue on an assignment (at most once a day each). */
export async function action({ request, context }: Route.ActionArgs) {
	const { user } = requireUser(context, request)
	const membership = requireAdminMembership(context)
	const submission = parseForm(await request.formData(), { schema: actionSchema, disableAutoCoercion: true })
	if (submission.status !== 'success') return data({ message: 'This request is not valid.' }, { status: 400 })
	try {
		const outcome = await remindOverdue(
			membership.orgId,
			{ id: user.id, name: user.name },
			submission.value.assignmentId,
		)
		const message =
			outcome.sent > 0
				? `Reminded ${outcome.sent} ${outcome.sent === 1 ? 'person' : 'people'} by email and in the app.${outcome.alreadyToday > 0 ? ` ${outcome.alreadyToday} already had a reminder today.` : ''}`
				: outcome.alreadyToday > 0
					? 'Everyone overdue already had a reminder today: nothing more was sent.'
					: 'Nobody is overdue on it now.'
		return redirectWithFlash('/admin', { kind: outcome.sent > 0 ? 'success' : 'info', message })
	} catch (error) {
		if (error instanceof OverdueReminderError) return data({ message: error.message }, { status: 404 })
		throw error
	}
}

type Trend = Awaited<ReturnType<typeof loader>>['assignments'][number]

function AssignmentCard({ a }: { a: Trend }) {
	const audience = a.team ? `Team ${a.team}` : 'Chosen people'
	const weeks = a.trend.map((p) => ({ ...p, week: formatDayMonth(p.weekEnding) }))
	const first = a.trend[0]!
	return (
		<li className="flex flex-col gap-3 border-b border-line pb-6 last:border-0 last:pb-0">
			<div className="flex flex-wrap items-baseline justify-between gap-2">
				<h3 className="text-lg font-semibold">
					{a.path} <span className="font-normal text-ink-muted">· {audience}</span>
				</h3>
				<Link to={`/admin/reports?path=${a.pathSlug}`} className="text-sm">
					Report
				</Link>
			</div>
			<p>
				<span className="font-semibold">
					{a.completed} of {a.learners} completed ({a.percent}%)
				</span>
				{a.overdue > 0 ? (
					<span className="font-semibold text-danger"> · {a.overdue} overdue</span>
				) : (
					<span className="text-ink-muted"> · none overdue</span>
				)}
			</p>
			{a.overdue > 0 ? (
				<Form method="post">
					<input type="hidden" name="assignmentId" value={a.id} />
					<SubmitButton
						name="intent"
						value="remind-overdue"
						variant="secondary"
						pendingLabel="Sending reminders…"
						aria-label={`Remind the ${a.overdue} overdue on ${a.path}, ${audience}`}
					>
						Remind the {a.overdue} overdue
					</SubmitButton>
				</Form>
			) : null}
			<ProgressBar value={a.percent} label={`${a.path}, ${audience}: completed`} className="max-w-md" />
			<ChartFigure
				title="Last 8 weeks"
				summary={`Lines by week: completed went from ${first.completed} to ${a.completed}, overdue from ${first.overdue} to ${a.overdue}, of ${a.learners} people.`}
				chart={() => <AssignmentTrendChart weeks={weeks} />}
				table={
					<DataTable
						columns={['Week ending', 'Assigned', ...TREND_SERIES.map((s) => s.label)]}
						caption={`${a.path}, ${audience}: people completed and overdue at the end of each week`}
					>
						{weeks.map((w) => (
							<tr key={w.weekEnding} className="border-b border-line last:border-0">
								<th scope="row" className="py-2 pr-3 font-normal">
									{w.week}
								</th>
								<td className="py-2 pr-3 tabular-nums">{w.assigned}</td>
								<td className="py-2 pr-3 tabular-nums">{w.completed}</td>
								<td className="py-2 pr-3 tabular-nums">{w.overdue}</td>
							</tr>
						))}
					</DataTable>
				}
			/>
		</li>
	)
}

export default function AdminHome() {
	const overview = useLoaderData<typeof loader>()
	const refused = useActionData<typeof action>()
	return (
		<div className="flex flex-col gap-6">
			<div>
				<h1 className="text-3xl font-bold">{overview.name}</h1>
				<p className="mt-1 text-ink-muted">Are we on track? Each assignment's completion and overdue, week by week.</p>
			</div>
			{refused ? (
				<Alert tone="error" role="alert">
					{refused.message}
				</Alert>
			) : null}
			<Card aria-labelledby="assignments-heading">
				<div className="flex flex-wrap items-baseline justify-between gap-2">
					<h2 id="assignments-heading" className="text-xl font-semibold">
						Assignments
					</h2>
					<Link to="/admin/assignments">Assign a path</Link>
				</div>
				{overview.assignments.length ? (
					<ul className="mt-4 flex flex-col gap-6">
						{overview.assignments.map((a) => (
							<AssignmentCard key={a.id} a={a} />
						))}
					</ul>
				) : (
					<p className="mt-2 text-ink-muted">
						Nothing is assigned yet. <Link to="/admin/assignments">Assign a path</Link> to a team or to people, with a
						due date, and its progress shows here.
					</p>
				)}
			</Card>
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
