import { expect } from 'vitest'
import { FIXTURE_PATH, fixtureAnswers } from '../fixtures/content-fixture'
import { getPath } from '../../app/content/catalog.server'
import { db } from '../../app/db/db.server'
import { startAttempt, submitAttempt } from '../../app/learning/assessment.server'
import { createTestUser } from './factories'

/**
 * Passes the fixture path's final assessment through the real flow, answering the drawn
 * single-choice questions listed in `wrong` (by position) incorrectly. Returns the learner,
 * the drawn question ids and the credential row.
 */
export async function earnCredential(options: { name?: string; userId?: string; now?: Date; wrong?: number[] } = {}) {
	const path = getPath(FIXTURE_PATH)!
	const now = options.now ?? new Date()
	const learner = options.userId ? { id: options.userId } : await createTestUser(options.name ?? 'Grace Hopper')
	const started = await startAttempt(learner.id, path, now)
	if (!started.ok) throw new Error(started.message)
	const attempt = await db.assessmentAttempt.findUniqueOrThrow({ where: { id: started.attemptId } })
	const questionIds = JSON.parse(attempt.questionIds) as string[]
	const form = fixtureAnswers(questionIds)
	const singles = questionIds.filter((id) => id !== 'bank-order' && id !== 'bank-match')
	for (const position of options.wrong ?? []) form.set(`q:${singles[position]!}`, 'a')
	const result = await submitAttempt(learner.id, path, started.attemptId, form, now)
	expect(result).toEqual({ ok: true, passed: true })
	const row = await db.credential.findFirstOrThrow({ where: { userId: learner.id }, orderBy: { issuedAt: 'desc' } })
	return { learner, row, questionIds, wrongIds: (options.wrong ?? []).map((p) => singles[p]!) }
}

/** Passes the fixture path's final assessment as `userId` at `at`, whatever their address; gives the attempt's id. */
export async function passFixtureAssessment(userId: string, at = new Date()) {
	const path = getPath(FIXTURE_PATH)!
	const started = await startAttempt(userId, path, at)
	if (!started.ok) throw new Error(started.message)
	const attempt = await db.assessmentAttempt.findUniqueOrThrow({ where: { id: started.attemptId } })
	const result = await submitAttempt(userId, path, attempt.id, fixtureAnswers(JSON.parse(attempt.questionIds)), at)
	expect(result).toEqual({ ok: true, passed: true })
	return attempt.id
}
