/**
 * The graded questions of a submitted attempt, kept for item analysis (orgs/item-analysis.server.ts):
 * one AttemptItem row per question (whether it was right, and how many of the attempt's other
 * questions were), and the same answers added to the running sums (ItemStat) of every organisation
 * the learner is an active member of. Both are written in the grading transaction, so the sums are
 * always those of the rows.
 */
import { Prisma } from '../db/generated/sqlite/client'
import type { ItemSums } from './item-statistics'

export type ItemResponseInput = {
	attemptId: string
	userId: string
	pathSlug: string
	submittedAt: Date
	/** Question id and whether the answer was right, for every question of the attempt. */
	graded: Array<{ questionId: string; correct: boolean }>
	/** Whether the learner had submitted no other attempt at the path before this one. */
	firstAttempt: boolean
}

/** The question id of the ItemStat row that counts attempts (its `answers`). */
export const ATTEMPTS_ROW = '*'

/** The rows of one attempt (pure; the large seed writes them in bulk). */
export function itemResponseRows(input: ItemResponseInput): Prisma.AttemptItemCreateManyInput[] {
	const total = input.graded.filter((g) => g.correct).length
	return input.graded.map((g) => ({
		attemptId: input.attemptId,
		questionId: g.questionId,
		userId: input.userId,
		pathSlug: input.pathSlug,
		correct: g.correct ? 1 : 0,
		restScore: total - (g.correct ? 1 : 0),
		firstAttempt: input.firstAttempt,
		submittedAt: input.submittedAt,
	}))
}

type Row = { pathSlug: string; questionId: string; firstAttempt: boolean; correct: number; restScore: number }
export type StatKey = { pathSlug: string; questionId: string; firstAttempt: boolean }

/**
 * Adds one attempt's rows to `sums` (keyed by path, first attempt or not, and question), with one
 * more attempt on its ATTEMPTS_ROW. Pure: grading adds one attempt; the seeds add many before writing.
 */
export function addToSums(sums: Map<string, StatKey & ItemSums>, rows: Row[]) {
	const add = (key: StatKey, x: number, y: number) => {
		const id = `${key.pathSlug}\n${key.firstAttempt}\n${key.questionId}`
		const s = sums.get(id) ?? { ...key, n: 0, sumX: 0, sumY: 0, sumXY: 0, sumYY: 0 }
		s.n += 1
		s.sumX += x
		s.sumY += y
		s.sumXY += x * y
		s.sumYY += y * y
		sums.set(id, s)
	}
	for (const r of rows) add(r, r.correct, r.restScore)
	if (rows[0]) add({ pathSlug: rows[0].pathSlug, questionId: ATTEMPTS_ROW, firstAttempt: rows[0].firstAttempt }, 0, 0)
	return sums
}

/**
 * Adds `sums` to an organisation's ItemStat rows in one statement (an upsert that increments, on
 * SQLite and PostgreSQL alike), in key order so that concurrent gradings lock rows in the same order.
 */
export async function incrementItemStats(
	tx: Prisma.TransactionClient,
	orgId: string,
	sums: Iterable<StatKey & ItemSums>,
) {
	const order = (r: StatKey) => `${r.pathSlug}\n${Number(r.firstAttempt)}\n${r.questionId}`
	const rows = [...sums].sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0))
	if (rows.length === 0) return
	const values = rows.map(
		(r) =>
			Prisma.sql`(${orgId}, ${r.pathSlug}, ${r.questionId}, ${r.firstAttempt}, ${r.n}, ${r.sumX}, ${r.sumY}, ${r.sumXY}, ${r.sumYY})`,
	)
	await tx.$executeRaw`
		INSERT INTO "ItemStat" ("orgId", "pathSlug", "questionId", "firstAttempt", "answers", "sumX", "sumY", "sumXY", "sumYY")
		VALUES ${Prisma.join(values)}
		ON CONFLICT ("orgId", "pathSlug", "firstAttempt", "questionId") DO UPDATE SET
			"answers" = "ItemStat"."answers" + excluded."answers",
			"sumX" = "ItemStat"."sumX" + excluded."sumX",
			"sumY" = "ItemStat"."sumY" + excluded."sumY",
			"sumXY" = "ItemStat"."sumXY" + excluded."sumXY",
			"sumYY" = "ItemStat"."sumYY" + excluded."sumYY"`
}

/** Whether the learner has no submitted attempt at the path other than `attemptId`. */
async function isFirstSubmitted(tx: Prisma.TransactionClient, userId: string, pathSlug: string, attemptId: string) {
	const earlier = await tx.assessmentAttempt.count({
		where: { userId, pathSlug, submittedAt: { not: null }, id: { not: attemptId } },
	})
	return earlier === 0
}

/**
 * Writes one graded attempt's rows and adds them to the sums of each organisation the learner is
 * an active member of (inside the caller's transaction; the sums last, so their row locks are held
 * only until the commit).
 */
export async function recordItemResponses(
	tx: Prisma.TransactionClient,
	input: Omit<ItemResponseInput, 'firstAttempt'> & { firstAttempt?: boolean },
) {
	const firstAttempt = input.firstAttempt ?? (await isFirstSubmitted(tx, input.userId, input.pathSlug, input.attemptId))
	const rows = itemResponseRows({ ...input, firstAttempt })
	await tx.attemptItem.createMany({ data: rows })
	const memberships = await tx.membership.findMany({
		where: { userId: input.userId, deactivatedAt: null },
		select: { orgId: true },
		orderBy: { orgId: 'asc' },
	})
	const sums = addToSums(new Map(), rows)
	for (const { orgId } of memberships) await incrementItemStats(tx, orgId, sums.values())
}
