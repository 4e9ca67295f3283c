/** Knowledge checks inside lessons: graded on the server, the latest answer per question kept. */
import { getKnowledgeCheck } from '../content/catalog.server'
import { db } from '../db/db.server'
import { hotRead } from '../db/hot-reads.server'
import { gradeQuestion, readAnswer, type Answer, type GradedQuestion } from './grading'
import { toPublicQuestion, type PublicQuestion } from './public-question'

export type CheckView = { questions: PublicQuestion[]; results: Record<string, GradedQuestion> }

export type CheckSubmission =
	| { ok: true; results: Record<string, GradedQuestion>; correct: number; total: number }
	| { ok: false; message: string; missing: string[] }

/** The lesson's questions without answers, and the learner's graded answers so far. */
export async function getCheckView(userId: string, pathSlug: string, lessonSlug: string): Promise<CheckView> {
	const questions = getKnowledgeCheck(pathSlug, lessonSlug)
	// Read on every lesson page: one statement prepared once (see hot-reads.server.ts).
	const responses = await hotRead<{ questionId: string; answer: string }>`
		SELECT "questionId", "answer" FROM "CheckResponse"
		WHERE "userId" = ${userId} AND "pathSlug" = ${pathSlug} AND "lessonSlug" = ${lessonSlug}`
	const results: Record<string, GradedQuestion> = {}
	for (const response of responses) {
		const question = questions.find((q) => q.id === response.questionId)
		if (question) results[question.id] = gradeQuestion(question, JSON.parse(response.answer) as Answer)
	}
	return { questions: questions.map((q) => toPublicQuestion(q, userId)), results }
}

/** Grades every question of the check; nothing is stored unless every question was answered validly. */
export async function submitKnowledgeCheck(
	userId: string,
	pathSlug: string,
	lessonSlug: string,
	form: FormData,
	now = new Date(),
): Promise<CheckSubmission> {
	const questions = getKnowledgeCheck(pathSlug, lessonSlug)
	const answers = questions.map((question) => ({ question, answer: readAnswer(question, form) }))
	const missing = answers.filter((a) => a.answer === null).map((a) => a.question.id)
	if (missing.length > 0) {
		return { ok: false, message: 'Answer every question before checking your answers.', missing }
	}
	const graded = answers.map(({ question, answer }) => gradeQuestion(question, answer!))
	await db.$transaction(
		graded.map((g) =>
			db.checkResponse.upsert({
				where: { userId_pathSlug_questionId: { userId, pathSlug, questionId: g.questionId } },
				create: {
					userId,
					pathSlug,
					lessonSlug,
					questionId: g.questionId,
					answer: JSON.stringify(g.answer),
					correct: g.correct,
					answeredAt: now,
				},
				update: { answer: JSON.stringify(g.answer), correct: g.correct, answeredAt: now },
				select: { id: true },
			}),
		),
	)
	const results = Object.fromEntries(graded.map((g) => [g.questionId, g]))
	return { ok: true, results, correct: graded.filter((g) => g.correct).length, total: graded.length }
}
