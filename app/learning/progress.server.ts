/**
 * Progress per learner: lessons started and completed, the last lesson opened, the path's share
 * done. Every write is idempotent — a double click or a retried request changes nothing twice —
 * and every read is scoped to one learner.
 */
import type { CompiledPath } from '../content/compiled-content'
import { db } from '../db/db.server'
import { hotRead } from '../db/hot-reads.server'
import { Prisma } from '../db/generated/sqlite/client'

type Tx = Prisma.TransactionClient

function isUniqueViolation(error: unknown) {
	return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002'
}

/** Runs `work`, retrying once when a concurrent request created the same row first. */
async function onceEvenWhenRacing<T>(work: () => Promise<T>): Promise<T> {
	try {
		return await work()
	} catch (error) {
		if (!isUniqueViolation(error)) throw error
		return work()
	}
}

async function ensureLessonRow(tx: Tx, userId: string, pathSlug: string, lessonSlug: string, now: Date) {
	await tx.lessonProgress.upsert({
		where: { userId_pathSlug_lessonSlug: { userId, pathSlug, lessonSlug } },
		create: { userId, pathSlug, lessonSlug, startedAt: now },
		update: {},
		select: { id: true },
	})
}

async function touchPath(tx: Tx, userId: string, pathSlug: string, lessonSlug: string, now: Date) {
	await tx.pathProgress.upsert({
		where: { userId_pathSlug: { userId, pathSlug } },
		create: { userId, pathSlug, startedAt: now, lastLessonSlug: lessonSlug, lastVisitedAt: now },
		update: { lastLessonSlug: lessonSlug, lastVisitedAt: now },
		select: { id: true },
	})
}

/** Marks the lesson started (once) and remembers it as the learner's place in the path. */
export async function recordLessonVisit(userId: string, pathSlug: string, lessonSlug: string, now = new Date()) {
	await onceEvenWhenRacing(() =>
		db.$transaction(async (tx) => {
			await ensureLessonRow(tx, userId, pathSlug, lessonSlug, now)
			await touchPath(tx, userId, pathSlug, lessonSlug, now)
		}),
	)
}

/** Marks the lesson complete (the first completion time stays) and the path's lessons when all are. */
export async function completeLesson(userId: string, path: CompiledPath, lessonSlug: string, now = new Date()) {
	const pathSlug = path.slug
	return onceEvenWhenRacing(() =>
		db.$transaction(async (tx) => {
			await ensureLessonRow(tx, userId, pathSlug, lessonSlug, now)
			await tx.lessonProgress.updateMany({
				where: { userId, pathSlug, lessonSlug, completedAt: null },
				data: { completedAt: now },
			})
			await touchPath(tx, userId, pathSlug, lessonSlug, now)
			const completed = await tx.lessonProgress.count({
				where: { userId, pathSlug, completedAt: { not: null }, lessonSlug: { in: path.lessons.map((l) => l.slug) } },
			})
			const allDone = completed === path.lessons.length
			if (allDone) {
				await tx.pathProgress.updateMany({
					where: { userId, pathSlug, lessonsCompletedAt: null },
					data: { lessonsCompletedAt: now },
				})
			}
			return { completedLessons: completed, allDone }
		}),
	)
}

export type LessonState = 'not-started' | 'in-progress' | 'completed'

export type PathProgressView = {
	started: boolean
	lastLessonSlug: string | null
	lessons: Record<string, LessonState>
	completedLessons: number
	percent: number
	minutesLeft: number
	lessonsCompletedAt: Date | null
}

type PathRow = { lastLessonSlug: string | null; lessonsCompletedAt: Date | null; lastVisitedAt: Date }
type LessonRow = { lessonSlug: string; completedAt: Date | null }

type JoinedRow = {
	lastLessonSlug: string | null
	lessonsCompletedAt: Date | string | null
	lastVisitedAt: Date | string
	lessonSlug: string | null
	completedAt: Date | string | null
}

const toDate = (value: Date | string | null) => (value === null ? null : new Date(value))

/**
 * The learner's row for the path and their lesson rows, read on every lesson page, so in one
 * parameterised statement. Both kinds of row are written in the same transaction
 * (recordLessonVisit, completeLesson), so lesson rows never exist without the path's row.
 */
async function readPathRows(userId: string, pathSlug: string): Promise<[PathRow | null, LessonRow[]]> {
	const joined = await hotRead<JoinedRow>`
		SELECT p."lastLessonSlug", p."lessonsCompletedAt", p."lastVisitedAt", l."lessonSlug", l."completedAt"
		FROM "PathProgress" p
		LEFT JOIN "LessonProgress" l ON l."userId" = p."userId" AND l."pathSlug" = p."pathSlug"
		WHERE p."userId" = ${userId} AND p."pathSlug" = ${pathSlug}`
	const first = joined[0]
	if (!first) return [null, []]
	const pathRow = {
		lastLessonSlug: first.lastLessonSlug,
		lessonsCompletedAt: toDate(first.lessonsCompletedAt),
		lastVisitedAt: new Date(first.lastVisitedAt),
	}
	const lessonRows = joined.flatMap((r) =>
		r.lessonSlug === null ? [] : [{ lessonSlug: r.lessonSlug, completedAt: toDate(r.completedAt) }],
	)
	return [pathRow, lessonRows]
}

export async function getPathProgress(userId: string, path: CompiledPath): Promise<PathProgressView> {
	const [pathRow, rows] = await readPathRows(userId, path.slug)
	return summarise(path, pathRow, rows)
}

/** How stale the "last visited" time may get before a repeat visit of the same lesson refreshes it. */
const VISIT_REFRESH_MS = 5 * 60 * 1000

/**
 * Opening a lesson: records the visit when it changes something (a first visit, another lesson
 * than last time, or a stale visit time), so re-reading a page costs no write. Returns the
 * learner's progress in the path after the visit.
 */
export async function visitLesson(userId: string, path: CompiledPath, lessonSlug: string, now = new Date()) {
	const [pathRow, rows] = await readPathRows(userId, path.slug)
	const known = rows.some((r) => r.lessonSlug === lessonSlug)
	const fresh =
		pathRow?.lastLessonSlug === lessonSlug && now.getTime() - pathRow.lastVisitedAt.getTime() < VISIT_REFRESH_MS
	if (known && fresh) return summarise(path, pathRow, rows)
	await recordLessonVisit(userId, path.slug, lessonSlug, now)
	const lessonRows = known ? rows : [...rows, { lessonSlug, completedAt: null }]
	const lessonsCompletedAt = pathRow?.lessonsCompletedAt ?? null
	return summarise(path, { lastLessonSlug: lessonSlug, lessonsCompletedAt }, lessonRows)
}

function summarise(
	path: CompiledPath,
	pathRow: { lastLessonSlug: string | null; lessonsCompletedAt: Date | null } | null,
	rows: Array<{ lessonSlug: string; completedAt: Date | null }>,
): PathProgressView {
	const byLesson = new Map(rows.map((r) => [r.lessonSlug, r]))
	const lessons: Record<string, LessonState> = {}
	let completedLessons = 0
	let minutesLeft = 0
	for (const lesson of path.lessons) {
		const row = byLesson.get(lesson.slug)
		const state: LessonState = !row ? 'not-started' : row.completedAt ? 'completed' : 'in-progress'
		lessons[lesson.slug] = state
		if (state === 'completed') completedLessons++
		else minutesLeft += lesson.minutes
	}
	return {
		started: pathRow !== null,
		lastLessonSlug: pathRow?.lastLessonSlug ?? null,
		lessons,
		completedLessons,
		percent: path.lessons.length ? Math.round((completedLessons / path.lessons.length) * 100) : 0,
		minutesLeft,
		lessonsCompletedAt: pathRow?.lessonsCompletedAt ?? null,
	}
}

/** Progress on every path the learner has opened, most recent first. */
export async function listPathProgress(userId: string, paths: CompiledPath[]) {
	const [pathRows, lessonRows] = await Promise.all([
		db.pathProgress.findMany({
			where: { userId },
			orderBy: { lastVisitedAt: 'desc' },
			select: { pathSlug: true, lastLessonSlug: true, lessonsCompletedAt: true, lastVisitedAt: true },
		}),
		db.lessonProgress.findMany({ where: { userId }, select: { pathSlug: true, lessonSlug: true, completedAt: true } }),
	])
	return pathRows.flatMap((row) => {
		const path = paths.find((p) => p.slug === row.pathSlug)
		if (!path) return []
		const progress = summarise(
			path,
			row,
			lessonRows.filter((r) => r.pathSlug === row.pathSlug),
		)
		return [{ path, progress, lastVisitedAt: row.lastVisitedAt }]
	})
}

/** The next lesson to open: the last one visited unless it is done, then the first not completed. */
export function getResumeLesson(path: CompiledPath, progress: PathProgressView) {
	const last = progress.lastLessonSlug
	if (last && progress.lessons[last] !== 'completed' && path.lessons.some((l) => l.slug === last)) return last
	return path.lessons.find((l) => progress.lessons[l.slug] !== 'completed')?.slug ?? path.lessons[0]?.slug ?? null
}

/** The paths whose final assessment the learner has passed (whether or not a credential followed yet). */
export async function listPassedPaths(userId: string): Promise<Set<string>> {
	const rows = await db.pathCompletion.findMany({
		where: { userId },
		select: { pathSlug: true },
		distinct: ['pathSlug'],
	})
	return new Set(rows.map((r) => r.pathSlug))
}
