/**
 * "Are we on track?": for each of the organisation's current assignments, how many of its people
 * have completed it and how many are overdue, now and at the end of each of the last weeks. The
 * history comes from the records (when each person was assigned, when it fell due, when they first
 * completed the path after being assigned), so a past week shows what was true then. One pass over
 * the organisation's assignment rows, with each person's first completion found through the
 * completions' (userId, pathSlug) index.
 *
 * A recertification round moves a person's assignment time forward (assignments.server.ts), so
 * weeks before it count them as assigned from the new round's start: the history of a renewed
 * assignment describes its current round.
 */
import { Prisma } from '../db/generated/sqlite/client'
import { db } from '../db/db.server'
import { getPath } from '../content/catalog.server'

export const TREND_WEEKS = 8
const WEEK_MS = 7 * 24 * 60 * 60 * 1000
/** The admin home shows the newest assignments first, this many at most. */
const MAX_ASSIGNMENTS = 12

export type TrendPoint = { weekEnding: string; assigned: number; completed: number; overdue: number }

export type AssignmentTrend = {
	id: string
	path: string
	pathSlug: string
	team: string | null
	learners: number
	completed: number
	overdue: number
	/** Completed, as a whole per cent of the people assigned (0 when nobody is). */
	percent: number
	/** Oldest first; the last point is now. */
	trend: TrendPoint[]
}

/** The ends of the last `weeks` weeks, oldest first, the last one being `now`. */
export function weekEnds(now: Date, weeks = TREND_WEEKS): Date[] {
	return Array.from({ length: weeks }, (_, i) => new Date(now.getTime() - (weeks - 1 - i) * WEEK_MS))
}

type Group = {
	assignmentId: string
	assignedAt: Date | string | number
	dueAt: Date | string | number
	doneBy: number | bigint
	people: number | bigint
}

export async function getAssignmentTrends(orgId: string, now = new Date()): Promise<AssignmentTrend[]> {
	const assignments = await db.assignment.findMany({
		where: { orgId, archivedAt: null },
		orderBy: { createdAt: 'desc' },
		take: MAX_ASSIGNMENTS,
		select: { id: true, pathSlug: true, teamId: true },
	})
	if (assignments.length === 0) return []
	const ends = weekEnds(now)
	// Per assignment, assignment time and due date (few distinct values: people joining a team later
	// differ), and the week by whose end each person first completed it (ends.length: not yet): a
	// few dozen groups, each counted once; the weeks' figures are added up from them below.
	const doneBy = Prisma.sql`CASE WHEN la."completedAt" IS NULL THEN ${ends.length} ${Prisma.join(
		ends.map((end, i) => Prisma.sql`WHEN la."completedAt" <= ${end} THEN ${i}`),
		' ',
	)} ELSE ${ends.length} END`
	const ids = assignments.map((a) => a.id)
	const groups = await db.$queryRaw<Group[]>`
		SELECT la."assignmentId" AS "assignmentId", la."assignedAt" AS "assignedAt", la."dueAt" AS "dueAt",
			${doneBy} AS "doneBy", COUNT(*) AS "people"
		FROM "LearnerAssignment" la
		WHERE la."assignmentId" IN (${Prisma.join(ids)})
		GROUP BY 1, 2, 3, 4`
	const empty = () => ends.map(() => ({ assigned: 0, completed: 0, overdue: 0 }))
	const weeks = new Map(ids.map((id) => [id, empty()]))
	for (const g of groups) {
		const assignedAt = new Date(g.assignedAt).getTime()
		const dueAt = new Date(g.dueAt).getTime()
		const doneBy = Number(g.doneBy)
		const people = Number(g.people)
		const counts = weeks.get(g.assignmentId)!
		ends.forEach((end, i) => {
			if (assignedAt > end.getTime()) return
			counts[i]!.assigned += people
			if (doneBy <= i) counts[i]!.completed += people
			else if (dueAt < end.getTime()) counts[i]!.overdue += people
		})
	}
	const teamIds = [...new Set(assignments.flatMap((a) => (a.teamId ? [a.teamId] : [])))]
	const teams = new Map(
		(await db.team.findMany({ where: { id: { in: teamIds } }, select: { id: true, name: true } })).map((t) => [
			t.id,
			t.name,
		]),
	)
	return assignments.map((a) => {
		const trend = ends.map((end, i) => ({ weekEnding: end.toISOString(), ...weeks.get(a.id)![i]! }))
		const current = trend.at(-1)!
		return {
			id: a.id,
			path: getPath(a.pathSlug)?.title ?? a.pathSlug,
			pathSlug: a.pathSlug,
			team: a.teamId ? (teams.get(a.teamId) ?? null) : null,
			learners: current.assigned,
			completed: current.completed,
			overdue: current.overdue,
			percent: current.assigned === 0 ? 0 : Math.round((current.completed / current.assigned) * 100),
			trend,
		}
	})
}
