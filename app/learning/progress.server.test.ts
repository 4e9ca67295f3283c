import { expect, test } from 'vitest'
import type { CompiledPath } from '../content/compiled-content'
import { db } from '../db/db.server'
import { createTestUser } from '../../tests/setup/factories'
import {
	completeLesson,
	getPathProgress,
	getResumeLesson,
	listPathProgress,
	recordLessonVisit,
	visitLesson,
} from './progress.server'

const lesson = (slug: string) => ({ slug, minutes: 5 }) as CompiledPath['lessons'][number]
const path = { slug: 'test-path', lessons: [lesson('one'), lesson('two'), lesson('three')] } as CompiledPath

const createLearner = () => createTestUser()

test('visits and completions are recorded once, however often they are repeated', async () => {
	const learner = await createLearner()
	await Promise.all(Array.from({ length: 8 }, () => recordLessonVisit(learner.id, path.slug, 'one')))
	const first = new Date('2026-01-01T10:00:00Z')
	await Promise.all(Array.from({ length: 8 }, () => completeLesson(learner.id, path, 'one', first)))
	await completeLesson(learner.id, path, 'one', new Date('2026-02-01T10:00:00Z'))

	const rows = await db.lessonProgress.findMany({ where: { userId: learner.id } })
	expect(rows).toHaveLength(1)
	expect(rows[0]!.completedAt?.toISOString()).toBe(first.toISOString())
	expect(await db.pathProgress.count({ where: { userId: learner.id } })).toBe(1)
})

test('percent, time left and the place to resume follow the learner', async () => {
	const learner = await createLearner()
	await recordLessonVisit(learner.id, path.slug, 'one')
	await completeLesson(learner.id, path, 'one')
	await recordLessonVisit(learner.id, path.slug, 'two')
	const progress = await getPathProgress(learner.id, path)
	expect(progress).toMatchObject({
		started: true,
		lastLessonSlug: 'two',
		completedLessons: 1,
		percent: 33,
		minutesLeft: 10,
		lessons: { one: 'completed', two: 'in-progress', three: 'not-started' },
	})
	expect(getResumeLesson(path, progress)).toBe('two')

	await completeLesson(learner.id, path, 'two')
	expect(getResumeLesson(path, await getPathProgress(learner.id, path))).toBe('three')
	const done = await completeLesson(learner.id, path, 'three')
	expect(done).toEqual({ completedLessons: 3, allDone: true })
	expect((await getPathProgress(learner.id, path)).lessonsCompletedAt).not.toBeNull()
})

test("a learner never sees another learner's progress", async () => {
	const [alice, bob] = await Promise.all([createLearner(), createLearner()])
	await completeLesson(alice.id, path, 'one')
	await completeLesson(alice.id, path, 'two')
	const bobs = await getPathProgress(bob.id, path)
	expect(bobs).toMatchObject({ started: false, completedLessons: 0, percent: 0 })
	expect(await listPathProgress(bob.id, [path])).toEqual([])
	expect((await listPathProgress(alice.id, [path]))[0]?.progress.completedLessons).toBe(2)
})

test('re-reading the same lesson writes nothing; another lesson moves the place to resume', async () => {
	const learner = await createLearner()
	const t0 = new Date('2026-05-01T08:00:00Z')
	const first = await visitLesson(learner.id, path, 'one', t0)
	expect(first).toMatchObject({ started: true, lastLessonSlug: 'one', lessons: { one: 'in-progress' } })
	const stamp = (await db.pathProgress.findFirstOrThrow({ where: { userId: learner.id } })).lastVisitedAt
	await visitLesson(learner.id, path, 'one', new Date(t0.getTime() + 60_000))
	expect((await db.pathProgress.findFirstOrThrow({ where: { userId: learner.id } })).lastVisitedAt).toEqual(stamp)
	const moved = await visitLesson(learner.id, path, 'two', new Date(t0.getTime() + 120_000))
	expect(moved.lastLessonSlug).toBe('two')
	expect(await db.lessonProgress.count({ where: { userId: learner.id } })).toBe(2)
})
