/**
 * Item-analysis rows for attempts submitted before those rows existed (databases migrated from an
 * earlier version): each attempt's saved answers graded again against the question bank, its rows
 * and sums written as grading writes them (item-responses.server.ts; the sums of the organisations
 * the learner is an active member of now). A question no longer in the bank is left out.
 * Idempotent; a no-op once every submitted attempt has its rows.
 */
import { getPath, getQuestions } from '../content/catalog.server'
import { db } from '../db/db.server'
import { isUniqueViolation } from '../db/errors.server'
import { isCorrect, type Answer } from './grading'
import { recordItemResponses } from './item-responses.server'

const BATCH = 200

export async function backfillItemResponses(): Promise<number> {
	let attempts = 0
	let cursor: string | undefined
	for (;;) {
		const rows = await db.assessmentAttempt.findMany({
			where: { submittedAt: { not: null }, items: { none: {} }, ...(cursor ? { id: { gt: cursor } } : {}) },
			orderBy: { id: 'asc' },
			take: BATCH,
			select: { id: true, userId: true, pathSlug: true, questionIds: true, answers: true, submittedAt: true },
		})
		if (rows.length === 0) return attempts
		cursor = rows.at(-1)!.id
		for (const attempt of rows) {
			// A path no longer in the content keeps its attempts, without rows.
			if (!getPath(attempt.pathSlug)) continue
			const bank = new Map(getQuestions(attempt.pathSlug).bank.map((q) => [q.id, q]))
			const answers = JSON.parse(attempt.answers ?? '{}') as Record<string, Answer>
			const graded = (JSON.parse(attempt.questionIds) as string[]).flatMap((questionId) => {
				const question = bank.get(questionId)
				if (!question) return []
				const answer = answers[questionId]
				return [{ questionId, correct: answer !== undefined && isCorrect(question, answer) }]
			})
			if (graded.length === 0) continue
			const earlier = await db.assessmentAttempt.count({
				where: {
					userId: attempt.userId,
					pathSlug: attempt.pathSlug,
					submittedAt: { lt: attempt.submittedAt! },
				},
			})
			try {
				await db.$transaction((tx) =>
					recordItemResponses(tx, {
						attemptId: attempt.id,
						userId: attempt.userId,
						pathSlug: attempt.pathSlug,
						submittedAt: attempt.submittedAt!,
						graded,
						firstAttempt: earlier === 0,
					}),
				)
				attempts++
			} catch (error) {
				// Another instance starting at the same time wrote them first.
				if (!isUniqueViolation(error)) throw error
			}
		}
	}
}
