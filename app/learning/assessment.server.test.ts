import { expect, test } from 'vitest'
import { getPath } from '../content/catalog.server'
import { db } from '../db/db.server'
import { createTestUser } from '../../tests/setup/factories'
import { FIXTURE_PATH, fixtureAnswers as answers } from '../../tests/fixtures/content-fixture'
import {
	attemptDeadline,
	getAttemptPolicy,
	getAttemptView,
	saveAnswers,
	startAttempt,
	submitAttempt,
} from './assessment.server'

const path = getPath(FIXTURE_PATH)!

const createLearner = () => createTestUser()

async function drawn(userId: string, attemptId: string) {
	const attempt = await db.assessmentAttempt.findUniqueOrThrow({ where: { id: attemptId } })
	expect(attempt.userId).toBe(userId)
	return JSON.parse(attempt.questionIds) as string[]
}

async function start(userId: string, now?: Date) {
	const started = await startAttempt(userId, path, now)
	if (!started.ok) throw new Error(started.message)
	return started.attemptId
}

test('questions are drawn from the bank, stored, and the same on every reload', async () => {
	const learner = await createLearner()
	const attemptId = await start(learner.id)
	const ids = await drawn(learner.id, attemptId)
	expect(ids).toHaveLength(12)
	expect(new Set(ids).size).toBe(12)
	const first = await getAttemptView(learner.id, path, attemptId)
	const again = await getAttemptView(learner.id, path, attemptId)
	expect(first).toEqual(again)
	expect(JSON.stringify(first)).not.toMatch(/"answer"|explanation|correct/)
	// Starting again while an attempt is open resumes it.
	expect(await start(learner.id)).toBe(attemptId)
})

test('passing records one verified completion; a double submission counts once', async () => {
	const learner = await createLearner()
	const attemptId = await start(learner.id)
	const form = answers(await drawn(learner.id, attemptId))
	const results = await Promise.all([
		submitAttempt(learner.id, path, attemptId, form),
		submitAttempt(learner.id, path, attemptId, form),
	])
	expect(results.filter((r) => r.ok)).toHaveLength(1)
	expect(results.find((r) => !r.ok)).toMatchObject({ message: 'This attempt has already been submitted.' })
	expect(await db.pathCompletion.count({ where: { userId: learner.id } })).toBe(1)
	const view = await getAttemptView(learner.id, path, attemptId)
	expect(view).toMatchObject({ state: 'submitted', result: { passed: true, correct: 12, total: 12 } })
})

test('failing shows the missed objectives and the lessons that teach them', async () => {
	const learner = await createLearner()
	const attemptId = await start(learner.id)
	expect(await submitAttempt(learner.id, path, attemptId, answers(await drawn(learner.id, attemptId), false))).toEqual({
		ok: true,
		passed: false,
	})
	const view = await getAttemptView(learner.id, path, attemptId)
	if (view?.state !== 'submitted') throw new Error('expected a submitted attempt')
	expect(view.result.passed).toBe(false)
	expect(view.result.missedObjectives.length).toBeGreaterThan(0)
	expect(view.result.missedObjectives[0]).toMatchObject({
		lessonSlug: expect.stringMatching(/^lesson-/),
		objective: 'Count the parcels in a load carefully.',
	})
	expect(await db.pathCompletion.count({ where: { userId: learner.id } })).toBe(0)
})

test('tampered submissions are refused and record nothing', async () => {
	const [learner, other] = await Promise.all([createLearner(), createLearner()])
	const attemptId = await start(learner.id)
	const ids = await drawn(learner.id, attemptId)
	const notDrawn = [
		'bank-1',
		'bank-2',
		'bank-3',
		'bank-4',
		'bank-5',
		'bank-6',
		'bank-7',
		'bank-8',
		'bank-9',
		'bank-10',
		'bank-11',
		'bank-12',
		'bank-13',
		'bank-14',
	].find((id) => !ids.includes(id))!

	const changedIds = answers([...ids.slice(1), notDrawn])
	expect(await submitAttempt(learner.id, path, attemptId, changedIds)).toMatchObject({
		ok: false,
		message: 'The answers do not match the questions of this attempt.',
	})
	const extra = answers(ids)
	extra.append(`q:${notDrawn}`, 'b')
	expect(await submitAttempt(learner.id, path, attemptId, extra)).toMatchObject({ ok: false })
	expect(await submitAttempt(learner.id, path, attemptId, answers(ids.slice(1)))).toMatchObject({
		ok: false,
		message: 'Answer every question before submitting.',
	})
	// Another learner cannot submit (or see) this attempt.
	expect(await submitAttempt(other.id, path, attemptId, answers(ids))).toMatchObject({
		ok: false,
		message: 'This attempt does not exist or is not yours.',
	})
	expect(await getAttemptView(other.id, path, attemptId)).toBeNull()

	const attempt = await db.assessmentAttempt.findUniqueOrThrow({ where: { id: attemptId } })
	expect(attempt).toMatchObject({ submittedAt: null, answers: null, score: null })
	expect(await db.pathCompletion.count({ where: { userId: { in: [learner.id, other.id] } } })).toBe(0)
})

test('the attempt policy allows 3 attempts in 24 hours, then says when the next one is possible', async () => {
	const learner = await createLearner()
	const t0 = new Date('2026-03-01T09:00:00Z')
	for (let i = 0; i < 3; i++) {
		const at = new Date(t0.getTime() + i * 60_000)
		const id = await start(learner.id, at)
		await submitAttempt(learner.id, path, id, answers(await drawn(learner.id, id), false), at)
	}
	const refused = await startAttempt(learner.id, path, new Date(t0.getTime() + 3 * 60_000))
	expect(refused).toMatchObject({ ok: false })
	if (!refused.ok) expect(refused.message).toContain('try again after 2 Mar 2026, 09:00:00 UTC.')
	expect(await db.assessmentAttempt.count({ where: { userId: learner.id } })).toBe(3)
	const policy = await getAttemptPolicy(learner.id, path, new Date(t0.getTime() + 24 * 3_600_000 + 1))
	expect(policy.remaining).toBe(1)
})

test('answers are saved as given and come back; a save replaces the last one; foreign answers are refused', async () => {
	const learner = await createLearner()
	const attemptId = await start(learner.id)
	const ids = await drawn(learner.id, attemptId)
	const firstSeven = answers(ids.slice(0, 7))
	expect(await saveAnswers(learner.id, path, attemptId, firstSeven)).toEqual({ ok: true, answered: 7, total: 12 })
	// Leaving and coming back: the same attempt, with its saved answers.
	expect(await start(learner.id)).toBe(attemptId)
	const view = await getAttemptView(learner.id, path, attemptId)
	if (view?.state !== 'open') throw new Error('expected an open attempt')
	expect(Object.keys(view.saved).sort()).toEqual(ids.slice(0, 7).sort())
	// What was saved is never sent with its grading: the page holds no key.
	expect(JSON.stringify(view)).not.toMatch(/"correct"|explanation/)

	const foreign = answers(ids.slice(0, 2))
	foreign.append('q:not-drawn', 'b')
	expect(await saveAnswers(learner.id, path, attemptId, foreign)).toMatchObject({ ok: false })
	expect(
		Object.keys(JSON.parse((await db.assessmentAttempt.findUniqueOrThrow({ where: { id: attemptId } })).answers!)),
	).toHaveLength(7)

	// An incomplete submission is refused and keeps what was saved; the full one passes.
	const incomplete = await submitAttempt(learner.id, path, attemptId, firstSeven)
	expect(incomplete).toMatchObject({ ok: false, message: 'Answer every question before submitting.' })
	if (!incomplete.ok) expect(incomplete.missing?.sort()).toEqual(ids.slice(7).sort())
	expect(await submitAttempt(learner.id, path, attemptId, answers(ids))).toEqual({ ok: true, passed: true })
	expect(await saveAnswers(learner.id, path, attemptId, firstSeven)).toMatchObject({ ok: false })
})

test('an open attempt past its stated time is submitted with what was saved', async () => {
	const learner = await createLearner()
	const startedAt = new Date(Date.now() - (path.assessment.attemptWindowHours + 1) * 3_600_000)
	const attemptId = await start(learner.id, startedAt)
	const ids = await drawn(learner.id, attemptId)
	// Eleven right of twelve saved (92%, over the 80% pass mark), then the learner never came back.
	expect((await saveAnswers(learner.id, path, attemptId, answers(ids.slice(0, 11)), startedAt)).ok).toBe(true)
	const view = await getAttemptView(learner.id, path, attemptId)
	expect(view).toMatchObject({ state: 'submitted', result: { correct: 11, total: 12, passed: true } })
	const row = await db.assessmentAttempt.findUniqueOrThrow({ where: { id: attemptId } })
	expect(row.submittedAt).toEqual(attemptDeadline(path, startedAt))
	expect(await db.pathCompletion.count({ where: { attemptId } })).toBe(1)
	// Starting now begins a new attempt.
	expect(await start(learner.id)).not.toBe(attemptId)
})
