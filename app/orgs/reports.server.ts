/**
 * Progress reports for admins: for one path, each active member's state — completed, overdue,
 * in progress or not started — counted per team, listed per learner in a team, and exported as CSV;
 * and the credentials the organisation's people earned per month.
 *
 * A member's state for a path:
 * - completed: a completion of the path, after their latest assignment of it if they have one (a
 *   recertification moves the assignment past the earlier completion);
 * - overdue: assigned, due date passed, not completed;
 * - in progress: started (a progress row), not completed, not overdue;
 * - not started: the rest.
 * Every figure comes from one SQL statement over the members, the path's progress rows (by the
 * unique (userId, pathSlug) index), and its completions and assignments aggregated per user.
 */
import { stringify } from 'csv-stringify/sync'
import { getPath } from '../content/catalog.server'
import { db } from '../db/db.server'
import { Prisma } from '../db/generated/sqlite/client'

import { PATH_STATE_LABELS, type PathState } from './report-states'

export { PATH_STATES, PATH_STATE_LABELS, type PathState } from './report-states'

export const REPORT_PAGE_SIZE = 50

type StateRow = {
	userId: string
	teamId: string | null
	state: PathState
	startedAt: Date | string | number | null
	lastVisitedAt: Date | string | number | null
	completedAt: Date | string | number | null
	assignedAt: Date | string | number | null
	dueAt: Date | string | number | null
}

const toDate = (value: Date | string | number | null) => (value === null ? null : new Date(value))

/**
 * Each active member of the organisation with their state for the path (a subquery to select from).
 * The path's completions and the organisation's assignments of it are aggregated once per user and
 * joined, so the statement reads each table in one pass rather than once per member.
 */
/**
 * Each member's state for the path. Counting learners (`learnersOnly`), owners and admins run the
 * organisation and count only when they take part in the path (started, completed or assigned).
 */
function memberStates(
	orgId: string,
	pathSlug: string,
	now: Date,
	extra: Prisma.Sql = Prisma.empty,
	learnersOnly = true,
) {
	const taking = learnersOnly
		? Prisma.sql`AND (m."role" = 'LEARNER' OR pp."userId" IS NOT NULL OR pc."userId" IS NOT NULL OR la."userId" IS NOT NULL)`
		: Prisma.empty
	return Prisma.sql`
		SELECT s.*,
			CASE
				WHEN s."completedAt" IS NOT NULL AND (s."assignedAt" IS NULL OR s."completedAt" >= s."assignedAt") THEN 'completed'
				WHEN s."dueAt" IS NOT NULL AND s."dueAt" < ${now} THEN 'overdue'
				WHEN s."startedAt" IS NOT NULL THEN 'in_progress'
				ELSE 'not_started'
			END AS "state"
		FROM (
			SELECT m."userId", m."teamId", pp."startedAt", pp."lastVisitedAt",
				pc."completedAt", la."assignedAt", la."dueAt"
			FROM "Membership" m
			LEFT JOIN (
				SELECT "userId", "startedAt", "lastVisitedAt" FROM "PathProgress" WHERE "pathSlug" = ${pathSlug}
			) pp ON pp."userId" = m."userId"
			LEFT JOIN (
				SELECT "userId", MAX("completedAt") AS "completedAt" FROM "PathCompletion"
				WHERE "pathSlug" = ${pathSlug} GROUP BY "userId"
			) pc ON pc."userId" = m."userId"
			LEFT JOIN (
				SELECT l."userId", MAX(l."assignedAt") AS "assignedAt", MIN(l."dueAt") AS "dueAt"
				FROM "LearnerAssignment" l
				JOIN "Assignment" a ON a."id" = l."assignmentId" AND a."archivedAt" IS NULL
				WHERE l."orgId" = ${orgId} AND l."pathSlug" = ${pathSlug}
				GROUP BY l."userId"
			) la ON la."userId" = m."userId"
			WHERE m."orgId" = ${orgId} AND m."deactivatedAt" IS NULL ${extra} ${taking}
		) s`
}

export type StateCounts = Record<PathState, number> & { members: number; assigned: number }

const emptyCounts = (): StateCounts => ({
	members: 0,
	assigned: 0,
	completed: 0,
	overdue: 0,
	in_progress: 0,
	not_started: 0,
})

/** Per team (and people in no team): how many members are in each state for the path. */
export async function getPathReport(orgId: string, pathSlug: string, now = new Date()) {
	const [rows, teams] = await Promise.all([
		db.$queryRaw<
			Array<{ teamId: string | null; state: PathState; members: bigint | number; assigned: bigint | number }>
		>`
			SELECT x."teamId", x."state", COUNT(*) AS "members",
				SUM(CASE WHEN x."assignedAt" IS NOT NULL THEN 1 ELSE 0 END) AS "assigned"
			FROM (${memberStates(orgId, pathSlug, now)}) x
			GROUP BY x."teamId", x."state"`,
		db.team.findMany({
			where: { orgId },
			orderBy: { name: 'asc' },
			select: { id: true, name: true, archivedAt: true },
		}),
	])
	const byTeam = new Map<string | null, StateCounts>()
	const total = emptyCounts()
	for (const row of rows) {
		const counts = byTeam.get(row.teamId) ?? emptyCounts()
		byTeam.set(row.teamId, counts)
		for (const target of [counts, total]) {
			target[row.state] += Number(row.members)
			target.members += Number(row.members)
			target.assigned += Number(row.assigned ?? 0)
		}
	}
	const teamRows = teams
		.filter((t) => byTeam.has(t.id) || !t.archivedAt)
		.map((t) => ({ teamId: t.id as string | null, name: t.name, ...(byTeam.get(t.id) ?? emptyCounts()) }))
	const none = byTeam.get(null)
	if (none) teamRows.push({ teamId: null, name: 'No team', ...none })
	return { teams: teamRows, total }
}

/** One team's members (or people in no team, with 'none') and their state for the path, a page at a time. */
export async function getTeamPathReport(
	orgId: string,
	pathSlug: string,
	team: string,
	filter: { state?: PathState | undefined },
	page = 1,
	now = new Date(),
) {
	const teamCondition = team === 'none' ? Prisma.sql`AND m."teamId" IS NULL` : Prisma.sql`AND m."teamId" = ${team}`
	const stateCondition = filter.state ? Prisma.sql`WHERE x."state" = ${filter.state}` : Prisma.empty
	const offset = (page - 1) * REPORT_PAGE_SIZE
	const states = memberStates(orgId, pathSlug, now, teamCondition)
	const [rows, [count]] = await Promise.all([
		db.$queryRaw<Array<StateRow & { name: string; email: string }>>`
			SELECT x.*, u."name", u."email"
			FROM (${states}) x
			JOIN "User" u ON u."id" = x."userId"
			${stateCondition}
			ORDER BY u."name", u."id"
			LIMIT ${REPORT_PAGE_SIZE} OFFSET ${offset}`,
		db.$queryRaw<Array<{ total: bigint | number }>>`
			SELECT COUNT(*) AS "total" FROM (${states}) x ${stateCondition}`,
	])
	const total = Number(count?.total ?? 0)
	return {
		learners: rows.map((r) => ({
			userId: r.userId,
			name: r.name,
			email: r.email,
			state: r.state,
			startedAt: toDate(r.startedAt),
			lastVisitedAt: toDate(r.lastVisitedAt),
			completedAt: toDate(r.completedAt),
			dueAt: toDate(r.dueAt),
		})),
		total,
		pages: Math.max(1, Math.ceil(total / REPORT_PAGE_SIZE)),
	}
}

/** Credentials earned by the organisation's people per calendar month (UTC), the last `months` months. */
export async function getCredentialsByMonth(orgId: string, pathSlug: string | null, months = 12, now = new Date()) {
	const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (months - 1), 1))
	const rows = await db.credential.findMany({
		where: { orgId, issuedAt: { gte: since, lte: now }, ...(pathSlug ? { pathSlug } : {}) },
		select: { issuedAt: true },
	})
	const keyOf = (d: Date) => `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`
	const counts = new Map<string, number>()
	for (let i = 0; i < months; i++) {
		counts.set(keyOf(new Date(Date.UTC(since.getUTCFullYear(), since.getUTCMonth() + i, 1))), 0)
	}
	for (const row of rows) {
		const key = keyOf(row.issuedAt)
		counts.set(key, (counts.get(key) ?? 0) + 1)
	}
	return [...counts].map(([month, issued]) => ({ month, issued }))
}

/** One person of the organisation: their team, and their state on every path. Null if not a member. */
export async function getLearnerReport(orgId: string, userId: string, pathSlugs: string[], now = new Date()) {
	const member = await db.membership.findUnique({
		where: { userId_orgId: { userId, orgId } },
		select: {
			role: true,
			deactivatedAt: true,
			team: { select: { id: true, name: true } },
			user: { select: { name: true, email: true } },
		},
	})
	if (!member) return null
	const onlyThem = Prisma.sql`AND m."userId" = ${userId}`
	const paths = await Promise.all(
		pathSlugs.map(async (slug) => {
			// One person's own report shows their state on every path, whatever their role.
			const [row] = await db.$queryRaw<
				StateRow[]
			>`SELECT x.* FROM (${memberStates(orgId, slug, now, onlyThem, false)}) x`
			return {
				pathSlug: slug,
				title: getPath(slug)?.title ?? slug,
				state: row?.state ?? null,
				startedAt: toDate(row?.startedAt ?? null),
				lastVisitedAt: toDate(row?.lastVisitedAt ?? null),
				completedAt: toDate(row?.completedAt ?? null),
				dueAt: toDate(row?.dueAt ?? null),
			}
		}),
	)
	// Progress inside each path: lessons done (of those the path has now), and the final assessment's tries.
	const [lessonsDone, attempts] = await Promise.all([
		db.lessonProgress.findMany({
			where: { userId, pathSlug: { in: pathSlugs }, completedAt: { not: null } },
			select: { pathSlug: true, lessonSlug: true },
		}),
		db.assessmentAttempt.groupBy({
			by: ['pathSlug'],
			where: { userId, pathSlug: { in: pathSlugs }, submittedAt: { not: null } },
			_count: { _all: true },
			_max: { score: true, submittedAt: true },
		}),
	])
	const withProgress = paths.map((p) => {
		const lessons = getPath(p.pathSlug)?.lessons.map((l) => l.slug) ?? []
		const done = lessonsDone.filter((l) => l.pathSlug === p.pathSlug && lessons.includes(l.lessonSlug)).length
		const tries = attempts.find((a) => a.pathSlug === p.pathSlug)
		return {
			...p,
			lessonsDone: done,
			lessonCount: lessons.length,
			attempts: tries?._count._all ?? 0,
			bestScore: tries?._max.score ?? null,
			lastAttemptAt: tries?._max.submittedAt ?? null,
		}
	})
	const credentials = await db.credential.findMany({
		where: { userId, orgId },
		orderBy: { issuedAt: 'desc' },
		select: { id: true, pathSlug: true, issuedAt: true, validUntil: true, revokedAt: true, suspendedAt: true },
	})
	return {
		name: member.user.name,
		email: member.user.email,
		role: member.role,
		deactivated: member.deactivatedAt !== null,
		team: member.team,
		paths: withProgress,
		credentials: credentials.map((c) => ({ ...c, title: getPath(c.pathSlug)?.title ?? c.pathSlug })),
	}
}

const day = (value: Date | string | number | null) => (value === null ? '' : new Date(value).toISOString().slice(0, 10))

/**
 * The report as CSV, one row per member: read by keyset on the member's id in batches of 1,000 only
 * when the reader asks for more (a pull stream), so memory stays flat at any size.
 */
export function streamPathReportCsv(
	orgId: string,
	pathSlug: string,
	team: string | null,
	now = new Date(),
): ReadableStream<Uint8Array> {
	const BATCH = 1000
	const encoder = new TextEncoder()
	const title = getPath(pathSlug)?.title ?? pathSlug
	const teamCondition =
		team === null
			? Prisma.empty
			: team === 'none'
				? Prisma.sql`AND m."teamId" IS NULL`
				: Prisma.sql`AND m."teamId" = ${team}`
	let cursor = ''
	let header = true
	return new ReadableStream<Uint8Array>({
		async pull(controller) {
			const rows = await db.$queryRaw<Array<StateRow & { name: string; email: string; teamName: string | null }>>`
				SELECT x.*, u."name", u."email", t."name" AS "teamName"
				FROM (${memberStates(orgId, pathSlug, now, Prisma.sql`${teamCondition} AND m."userId" > ${cursor}`)}) x
				JOIN "User" u ON u."id" = x."userId"
				LEFT JOIN "Team" t ON t."id" = x."teamId"
				ORDER BY x."userId"
				LIMIT ${BATCH}`
			const text = stringify(
				rows.map((r) => [
					r.name,
					r.email,
					r.teamName ?? '',
					title,
					PATH_STATE_LABELS[r.state],
					day(r.startedAt),
					day(r.lastVisitedAt),
					day(r.completedAt),
					day(r.assignedAt),
					day(r.dueAt),
				]),
				{
					// A cell that starts like a formula (=, +, -, @) is text in a spreadsheet, never run.
					escape_formulas: true,
					// The byte-order mark first, so that Excel reads the file as UTF-8 ("Chloé", not "ChloÃ©").
					...(header
						? {
								bom: true,
								header: true,
								columns: [
									'name',
									'email',
									'team',
									'path',
									'state',
									'started',
									'last visit',
									'completed',
									'assigned',
									'due',
								],
							}
						: {}),
				},
			)
			header = false
			if (text) controller.enqueue(encoder.encode(text))
			const last = rows.at(-1)
			if (rows.length < BATCH || !last) controller.close()
			else cursor = last.userId
		},
	})
}
