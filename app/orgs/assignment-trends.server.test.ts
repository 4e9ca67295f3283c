import { expect, test } from 'vitest'
import { assignFixturePath } from '../../tests/setup/assign'
import { passFixtureAssessment } from '../../tests/setup/earn-credential'
import { createTestOrg } from '../../tests/setup/factories'
import { db } from '../db/db.server'
import { getAssignmentTrends, TREND_WEEKS, weekEnds } from './assignment-trends.server'
import { createTeam } from './teams.server'

const DAY = 24 * 3600 * 1000

test('each assignment shows completed and overdue now and at the end of each past week, from the records', async () => {
	const { org, actor } = await createTestOrg('Trendco', { name: 'Tess Owner', role: 'OWNER' })
	const team = await createTeam(org.id, actor, 'Depot')
	const person = async (name: string) => {
		const user = await db.user.create({
			data: { name, email: `${crypto.randomUUID()}@example.test`, passwordHash: 'x', emailVerifiedAt: new Date() },
			select: { id: true },
		})
		await db.membership.create({ data: { userId: user.id, orgId: org.id, teamId: team.id } })
		return user
	}
	const early = await person('Early Finisher')
	const late = await person('Late Finisher')
	const never = await person('Never Finished')
	const now = new Date()
	// Assigned 6 weeks ago, due within 14 days: due 4 weeks ago.
	const assignedAt = new Date(now.getTime() - 42 * DAY)
	await assignFixturePath(org.id, actor, { teamId: team.id }, { kind: 'days', days: 14 }, assignedAt)
	// A completion before the assignment does not count for it.
	await passFixtureAssessment(never.id, new Date(now.getTime() - 60 * DAY))
	await passFixtureAssessment(early.id, new Date(now.getTime() - 35 * DAY))
	await passFixtureAssessment(late.id, new Date(now.getTime() - 10 * DAY))

	const [trend] = await getAssignmentTrends(org.id, now)
	expect(trend).toMatchObject({ team: 'Depot', learners: 3, completed: 2, overdue: 1, percent: 67 })
	expect(trend!.trend).toHaveLength(TREND_WEEKS)
	const at = (daysAgo: number) => {
		// The week ending closest after `daysAgo` days before now.
		const ends = weekEnds(now)
		const i = ends.findIndex((end) => end.getTime() >= now.getTime() - daysAgo * DAY)
		return trend!.trend[i]!
	}
	// 7 weeks ago nobody was assigned yet.
	expect(trend!.trend[0]).toMatchObject({ assigned: 0, completed: 0, overdue: 0 })
	// 5 weeks ago: assigned, one done, not yet due.
	expect(at(35)).toMatchObject({ assigned: 3, completed: 1, overdue: 0 })
	// 3 weeks ago: past due, the two unfinished are overdue.
	expect(at(21)).toMatchObject({ assigned: 3, completed: 1, overdue: 2 })
	// Now: the late finisher is done; one still overdue.
	expect(trend!.trend.at(-1)).toMatchObject({ assigned: 3, completed: 2, overdue: 1 })
	expect(trend!.trend.at(-1)!.weekEnding).toBe(now.toISOString())

	// Another organisation sees none of it.
	const other = await createTestOrg('Elsewhere', { name: 'Otto Owner', role: 'OWNER' })
	expect(await getAssignmentTrends(other.org.id, now)).toEqual([])
})
