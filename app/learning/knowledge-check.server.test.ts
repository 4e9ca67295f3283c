import { expect, test } from 'vitest'
import { db } from '../db/db.server'
import { createTestUser } from '../../tests/setup/factories'
import { FIXTURE_PATH } from '../../tests/fixtures/content-fixture'
import { getCheckView, submitKnowledgeCheck } from './knowledge-check.server'

const createLearner = () => createTestUser()

function form(entries: Array<[string, string]>) {
	const data = new FormData()
	for (const [k, v] of entries) data.append(k, v)
	return data
}

/** Sends the first lesson's knowledge check as the learner. */
const submitLessonOne = (userId: string, entries: Array<[string, string]>) =>
	submitKnowledgeCheck(userId, FIXTURE_PATH, 'lesson-1', form(entries))

test('the view sent to the browser has the questions but no answers', async () => {
	const learner = await createLearner()
	const view = await getCheckView(learner.id, FIXTURE_PATH, 'lesson-1')
	expect(view.questions.map((q) => q.id)).toEqual(['check-1-a', 'check-1-b'])
	expect(JSON.stringify(view)).not.toMatch(/"answer"|explanation/)
	expect(view.results).toEqual({})
})

test('a complete submission is graded, stored, and shown again later with explanations', async () => {
	const learner = await createLearner()
	const result = await submitLessonOne(learner.id, [
		['q:check-1-a', 'b'],
		['q:check-1-b', 'a'],
	])
	expect(result).toMatchObject({ ok: true, correct: 1, total: 2 })
	const view = await getCheckView(learner.id, FIXTURE_PATH, 'lesson-1')
	expect(view.results['check-1-a']).toMatchObject({ correct: true })
	expect(view.results['check-1-b']).toMatchObject({ correct: false, correctAnswer: ['a', 'b'] })
	expect(view.results['check-1-b']?.explanation).toMatch(/When and who/)
	// Stored as Prisma reads them back: the raw statement writes the same types its client does.
	const stored = await db.checkResponse.findMany({
		where: { userId: learner.id },
		orderBy: { questionId: 'asc' },
		select: { questionId: true, lessonSlug: true, correct: true, answeredAt: true },
	})
	expect(stored.map(({ answeredAt: _, ...row }) => row)).toEqual([
		{ questionId: 'check-1-a', lessonSlug: 'lesson-1', correct: true },
		{ questionId: 'check-1-b', lessonSlug: 'lesson-1', correct: false },
	])
	for (const row of stored) expect(Math.abs(row.answeredAt.getTime() - Date.now())).toBeLessThan(60_000)

	// Answering again replaces the earlier answer rather than adding one.
	await submitLessonOne(learner.id, [
		['q:check-1-a', 'b'],
		['q:check-1-b', 'a'],
		['q:check-1-b', 'b'],
	])
	expect(await db.checkResponse.count({ where: { userId: learner.id } })).toBe(2)
	expect((await getCheckView(learner.id, FIXTURE_PATH, 'lesson-1')).results['check-1-b']?.correct).toBe(true)
})

test('an incomplete or tampered submission is refused and records nothing', async () => {
	const learner = await createLearner()
	const cases = [
		form([['q:check-1-a', 'b']]),
		form([
			['q:check-1-a', 'z'],
			['q:check-1-b', 'a'],
		]),
		form([
			['q:check-1-a', 'a'],
			['q:check-1-a', 'b'],
			['q:check-1-b', 'a'],
		]),
	]
	for (const submission of cases) {
		const result = await submitKnowledgeCheck(learner.id, FIXTURE_PATH, 'lesson-1', submission)
		expect(result).toMatchObject({ ok: false, message: 'Answer every question before checking your answers.' })
	}
	expect(await db.checkResponse.count({ where: { userId: learner.id } })).toBe(0)
})
