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

type Row = Record<string, string | number | bigint | null> & { assignmentId: string }

export async function getAssignmentTrends(orgId: string, now = new Date()): Promise<AssignmentTrend[]> {
	const assignments = await db.assignment.findMany({
		where: { orgId, archivedAt: null },
		orderBy: { createdAt: 'desc' },
		take: MAX_ASSIGNMENTS,
		select: { id: true, pathSlug: true, teamId: true },
	})
	if (assignments.length === 0) return []
	const ends = weekEnds(now)
	const sums = ends.flatMap((end, i) => [
		Prisma.sql`SUM(CASE WHEN t."assignedAt" <= ${end} THEN 1 ELSE 0 END) AS ${Prisma.raw(`"a${i}"`)}`,
		Prisma.sql`SUM(CASE WHEN t."firstDone" IS NOT NULL AND t."firstDone" <= ${end} THEN 1 ELSE 0 END) AS ${Prisma.raw(`"c${i}"`)}`,
		Prisma.sql`SUM(CASE WHEN t."assignedAt" <= ${end} AND t."dueAt" < ${end} AND (t."firstDone" IS NULL OR t."firstDone" > ${end}) THEN 1 ELSE 0 END) AS ${Prisma.raw(`"o${i}"`)}`,
	])
	const ids = assignments.map((a) => a.id)
	const rows = await db.$queryRaw<Row[]>`
		SELECT t."assignmentId" AS "assignmentId", ${Prisma.join(sums)}
		FROM (
			SELECT la."assignmentId", la."assignedAt", la."dueAt",
				(SELECT MIN(pc."completedAt") FROM "PathCompletion" pc
					WHERE pc."userId" = la."userId" AND pc."pathSlug" = la."pathSlug" AND pc."completedAt" >= la."assignedAt") AS "firstDone"
			FROM "LearnerAssignment" la
			WHERE la."orgId" = ${orgId} AND la."assignmentId" IN (${Prisma.join(ids)})
		) t
		GROUP BY t."assignmentId"`
	const byId = new Map(rows.map((r) => [r.assignmentId, r]))
	const teamIds = [...new Set(assignments.flatMap((a) => (a.teamId ? [a.teamId] : [])))]
	const teams = new Map(
		(await db.team.findMany({ where: { id: { in: teamIds } }, select: { id: true, name: true } })).map((t) => [
			t.id,
			t.name,
		]),
	)
	return assignments.map((a) => {
		const row = byId.get(a.id)
		const value = (key: string) => Number(row?.[key] ?? 0)
		const trend = ends.map((end, i) => ({
			weekEnding: end.toISOString(),
			assigned: value(`a${i}`),
			completed: value(`c${i}`),
			overdue: value(`o${i}`),
		}))
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
