/** Knowledge checks inside lessons: graded on the server, the latest answer per question kept. */
import crypto from 'node:crypto'
import { getKnowledgeCheck } from '../content/catalog.server'
import { db } from '../db/db.server'
import { Prisma } from '../db/generated/sqlite/client'
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
	// One statement for every answer: it is atomic by itself, and the learner's rows are locked only
	// while it runs. As a transaction of one upsert per question, each round trip to the database
	// waited for a turn of the busy event loop while the rows stayed locked, and a learner's other
	// submissions queued behind it (p99 0.8 s on PostgreSQL under load, docs/performance-notes.md).
	const rows = graded.map(
		(g) =>
			Prisma.sql`(${crypto.randomUUID()}, ${userId}, ${pathSlug}, ${lessonSlug}, ${g.questionId}, ${JSON.stringify(g.answer)}, ${g.correct}, ${now})`,
	)
	await db.$executeRaw`
		INSERT INTO "CheckResponse" ("id", "userId", "pathSlug", "lessonSlug", "questionId", "answer", "correct", "answeredAt")
		VALUES ${Prisma.join(rows)}
		ON CONFLICT ("userId", "pathSlug", "questionId") DO UPDATE SET
			"answer" = excluded."answer", "correct" = excluded."correct", "answeredAt" = excluded."answeredAt"`
	const results = Object.fromEntries(graded.map((g) => [g.questionId, g]))
	return { ok: true, results, correct: graded.filter((g) => g.correct).length, total: graded.length }
}
