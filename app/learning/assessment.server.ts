/**
 * A path's final assessment: questions drawn at random from the bank and stored with the attempt,
 * an attempt policy enforced here, grading on the server, and a verified completion when passed.
 * Nothing about the answers leaves the server before an attempt is submitted.
 */
import { getQuestions } from '../content/catalog.server'
import type { CompiledPath } from '../content/compiled-content'
import type { Question } from '../content/content-schema'
import { db } from '../db/db.server'
import type { Prisma } from '../db/generated/sqlite/client'
import { issueCredential } from '../issuing/issue.server'
import { skillEvidence, type GradedEvidence } from '../skills/skill-level'
import { gradeQuestion, readAnswer, type Answer, type GradedQuestion } from './grading'
import { toPublicQuestion, type PublicQuestion } from './public-question'
import { formatDateTime } from '../format/dates'
import { drawForPath } from './draw-questions'
import { mayIssueTo, storedEvidence } from './held-credentials.server'
import { recordItemResponses } from './item-responses.server'

const HOUR_MS = 60 * 60 * 1000

export type AttemptPolicy = { used: number; remaining: number; nextAttemptAt: Date | null }

/** Attempts started within the path's window; a started attempt counts whether or not it is submitted. */
export async function getAttemptPolicy(userId: string, path: CompiledPath, now = new Date()): Promise<AttemptPolicy> {
	const since = new Date(now.getTime() - path.assessment.attemptWindowHours * HOUR_MS)
	const recent = await db.assessmentAttempt.findMany({
		where: { userId, pathSlug: path.slug, startedAt: { gt: since } },
		orderBy: { startedAt: 'asc' },
		select: { startedAt: true },
	})
	const remaining = Math.max(0, path.assessment.maxAttempts - recent.length)
	const oldest = recent[0]?.startedAt
	return {
		used: recent.length,
		remaining,
		nextAttemptAt:
			remaining === 0 && oldest ? new Date(oldest.getTime() + path.assessment.attemptWindowHours * HOUR_MS) : null,
	}
}

export async function getOpenAttempt(userId: string, pathSlug: string) {
	return db.assessmentAttempt.findFirst({
		where: { userId, pathSlug, submittedAt: null },
		orderBy: { startedAt: 'desc' },
		select: { id: true },
	})
}

export type StartResult = { ok: true; attemptId: string } | { ok: false; message: string }

/** Starts an attempt, or returns the one already open; refuses when the policy is used up. */
export async function startAttempt(userId: string, path: CompiledPath, now = new Date()): Promise<StartResult> {
	const open = await getOpenAttempt(userId, path.slug)
	// An open attempt past its deadline is submitted first; the learner then starts a new one.
	if (open && !(await closeIfExpired(userId, path, (await findAttempt(userId, path.slug, open.id))!, now))) {
		return { ok: true, attemptId: open.id }
	}
	const policy = await getAttemptPolicy(userId, path, now)
	if (policy.remaining === 0) {
		return {
			ok: false,
			message: `You have used all ${path.assessment.maxAttempts} attempts allowed in ${path.assessment.attemptWindowHours} hours. You can try again after ${policy.nextAttemptAt ? formatDateTime(policy.nextAttemptAt) : 'the window ends'}.`,
		}
	}
	const bank = getQuestions(path.slug).bank
	const attempt = await db.assessmentAttempt.create({
		data: {
			userId,
			pathSlug: path.slug,
			contentHash: path.contentHash,
			questionIds: JSON.stringify(drawForPath(path, bank)),
			startedAt: now,
		},
		select: { id: true },
	})
	return { ok: true, attemptId: attempt.id }
}

type AttemptRow = NonNullable<Awaited<ReturnType<typeof findAttempt>>>

function findAttempt(userId: string, pathSlug: string, attemptId: string) {
	// Scoped to the learner: another learner's attempt id finds nothing.
	return db.assessmentAttempt.findFirst({
		where: { id: attemptId, userId, pathSlug },
		select: {
			id: true,
			questionIds: true,
			submittedAt: true,
			answers: true,
			score: true,
			passed: true,
			startedAt: true,
		},
	})
}

function drawnQuestions(path: CompiledPath, attempt: AttemptRow): Question[] {
	const bank = new Map(getQuestions(path.slug).bank.map((q) => [q.id, q]))
	return (JSON.parse(attempt.questionIds) as string[]).map((id) => {
		const question = bank.get(id)
		if (!question) throw new Error(`Question ${id} of attempt ${attempt.id} is no longer in the bank`)
		return question
	})
}

export type AttemptView =
	| {
			state: 'open'
			id: string
			questions: PublicQuestion[]
			/** The answers saved so far, by question id. */
			saved: Record<string, Answer>
			/** When the attempt ends by itself, submitted with what was saved. */
			deadline: Date
	  }
	| { state: 'submitted'; id: string; result: AttemptResult }

/** An open attempt ends by itself once the path's attempt window has passed since it started. */
export const attemptDeadline = (path: CompiledPath, startedAt: Date) =>
	new Date(startedAt.getTime() + path.assessment.attemptWindowHours * HOUR_MS)

export type AttemptResult = {
	score: number
	passed: boolean
	correct: number
	total: number
	passMark: number
	questions: Array<PublicQuestion & { graded: GradedQuestion }>
	missedObjectives: Array<{ lessonSlug: string; lessonTitle: string; objective: string }>
}

function buildResult(path: CompiledPath, questions: Question[], answers: Record<string, Answer>): AttemptResult {
	const graded = questions.map((q) => ({ question: q, graded: gradeQuestion(q, answers[q.id] ?? []) }))
	const correct = graded.filter((g) => g.graded.correct).length
	const missed = new Map<string, { lessonSlug: string; lessonTitle: string; objective: string }>()
	for (const { question, graded: g } of graded) {
		if (g.correct || missed.has(question.objective)) continue
		const [lessonSlug, objectiveId] = question.objective.split('#') as [string, string]
		const lesson = path.lessons.find((l) => l.slug === lessonSlug)
		const objective = lesson?.objectives.find((o) => o.id === objectiveId)
		if (lesson && objective)
			missed.set(question.objective, { lessonSlug, lessonTitle: lesson.title, objective: objective.text })
	}
	const score = questions.length ? correct / questions.length : 0
	return {
		score,
		passed: score >= path.assessment.passMark,
		correct,
		total: questions.length,
		passMark: path.assessment.passMark,
		questions: graded.map(({ question, graded: g }) => ({ ...toPublicQuestion(question, question.id), graded: g })),
		missedObjectives: [...missed.values()],
	}
}

export async function getAttemptView(
	userId: string,
	path: CompiledPath,
	attemptId: string,
	now = new Date(),
): Promise<AttemptView | null> {
	let attempt = await findAttempt(userId, path.slug, attemptId)
	if (!attempt) return null
	if (await closeIfExpired(userId, path, attempt, now)) attempt = (await findAttempt(userId, path.slug, attemptId))!
	const questions = drawnQuestions(path, attempt)
	const answers = JSON.parse(attempt.answers ?? '{}') as Record<string, Answer>
	if (!attempt.submittedAt) {
		return {
			state: 'open',
			id: attempt.id,
			questions: questions.map((q) => toPublicQuestion(q, `${userId}:${attempt.id}`)),
			saved: answers,
			deadline: attemptDeadline(path, attempt.startedAt),
		}
	}
	return { state: 'submitted', id: attempt.id, result: buildResult(path, questions, answers) }
}

/**
 * An open attempt past its deadline is submitted with the answers saved so far (a question with
 * none counts as not correct). Gives whether it closed one.
 */
async function closeIfExpired(userId: string, path: CompiledPath, attempt: AttemptRow, now: Date) {
	if (attempt.submittedAt || attemptDeadline(path, attempt.startedAt) > now) return false
	const saved = JSON.parse(attempt.answers ?? '{}') as Record<string, Answer>
	await gradeAndRecord(
		userId,
		path,
		attempt,
		drawnQuestions(path, attempt),
		saved,
		attemptDeadline(path, attempt.startedAt),
	)
	return true
}

/** The learner's answers to the drawn questions in a form: those given in full, by question id. */
function answersIn(questions: Question[], form: FormData) {
	const drawn = new Set(questions.map((q) => q.id))
	const answeredIds = new Set([...form.keys()].filter((k) => k.startsWith('q:')).map((k) => k.split(':')[1]!))
	if ([...answeredIds].some((id) => !drawn.has(id))) return null
	const answers: Record<string, Answer> = {}
	for (const question of questions) {
		const answer = readAnswer(question, form)
		if (answer !== null) answers[question.id] = answer
	}
	return answers
}

/**
 * The learner's open attempt and the answers a form gives to its questions; refused, with the reason
 * to show: an attempt that is not theirs, one already submitted, one past its deadline (submitted now
 * with what was saved), or answers to questions that were not drawn.
 */
async function openAttemptAnswers(userId: string, path: CompiledPath, attemptId: string, form: FormData, now: Date) {
	const attempt = await findAttempt(userId, path.slug, attemptId)
	if (!attempt) return { ok: false as const, message: 'This attempt does not exist or is not yours.' }
	if (attempt.submittedAt) return { ok: false as const, message: 'This attempt has already been submitted.' }
	if (await closeIfExpired(userId, path, attempt, now)) {
		return {
			ok: false as const,
			message: 'This attempt’s time is over: it was submitted with the answers saved before.',
		}
	}
	const questions = drawnQuestions(path, attempt)
	const answers = answersIn(questions, form)
	if (!answers) return { ok: false as const, message: 'The answers do not match the questions of this attempt.' }
	return { ok: true as const, attempt, questions, answers }
}

export type SaveResult = { ok: true; answered: number; total: number } | { ok: false; message: string }

/**
 * Saves the answers given so far to the learner's open attempt, replacing what was saved: the form
 * holds every answer on the page. An attempt past its deadline is submitted instead, with what it had.
 */
export async function saveAnswers(
	userId: string,
	path: CompiledPath,
	attemptId: string,
	form: FormData,
	now = new Date(),
): Promise<SaveResult> {
	const open = await openAttemptAnswers(userId, path, attemptId, form, now)
	if (!open.ok) return open
	const { attempt, questions, answers } = open
	const { count } = await db.assessmentAttempt.updateMany({
		where: { id: attempt.id, userId, submittedAt: null },
		data: { answers: JSON.stringify(answers) },
	})
	if (count === 0) return { ok: false, message: 'This attempt has already been submitted.' }
	return { ok: true, answered: Object.keys(answers).length, total: questions.length }
}

/**
 * The verified completion a passed attempt earns, with its evidence, and its signed credential:
 * written in the same transaction as the graded attempt, so there is never one without the other.
 * A learner whose address is not confirmed gets the completion only; its credential is issued when
 * they confirm it (held-credentials.server.ts). Gives the credential, or null when held.
 */
export async function recordCompletion(
	tx: Prisma.TransactionClient,
	completion: { userId: string; path: CompiledPath; attemptId: string; graded: GradedEvidence[]; at: Date },
) {
	const { userId, path, attemptId, graded, at } = completion
	const questionCount = graded.length
	const score = questionCount ? graded.filter((g) => g.correct).length / questionCount : 0
	const evidence = skillEvidence(path.slug, path.skills, graded)
	const created = await tx.pathCompletion.create({
		data: {
			userId,
			pathSlug: path.slug,
			attemptId,
			contentHash: path.contentHash,
			score,
			completedAt: at,
			evidence: storedEvidence(questionCount, evidence),
		},
		select: { id: true },
	})
	if (!(await mayIssueTo(tx, userId))) return null
	return issueCredential(tx, {
		userId,
		path,
		completionId: created.id,
		score,
		questionCount,
		at,
		skillEvidence: evidence,
	})
}

export type SubmitResult = { ok: true; passed: boolean } | { ok: false; message: string; missing?: string[] }

/**
 * Grades an attempt. Refused, recording nothing: an attempt that is not the learner's open
 * attempt for this path, answers to questions that were not drawn, or a missing answer.
 */
export async function submitAttempt(
	userId: string,
	path: CompiledPath,
	attemptId: string,
	form: FormData,
	now = new Date(),
): Promise<SubmitResult> {
	const open = await openAttemptAnswers(userId, path, attemptId, form, now)
	if (!open.ok) return open
	const { attempt, questions, answers } = open
	const missing = questions.filter((q) => !(q.id in answers)).map((q) => q.id)
	if (missing.length > 0) return { ok: false, message: 'Answer every question before submitting.', missing }
	const result = await gradeAndRecord(userId, path, attempt, questions, answers, now)
	if (!result) return { ok: false, message: 'This attempt has already been submitted.' }
	return { ok: true, passed: result.passed }
}

/**
 * Grades the attempt with `answers` and, when passed, records the completion, all in one transaction;
 * only an attempt still open is graded, so a double submission counts once. Null when it was not open.
 */
async function gradeAndRecord(
	userId: string,
	path: CompiledPath,
	attempt: AttemptRow,
	questions: Question[],
	answers: Record<string, Answer>,
	now: Date,
) {
	const result = buildResult(path, questions, answers)
	const submitted = await db.$transaction(async (tx) => {
		const { count } = await tx.assessmentAttempt.updateMany({
			where: { id: attempt.id, userId, submittedAt: null },
			data: { submittedAt: now, answers: JSON.stringify(answers), score: result.score, passed: result.passed },
		})
		if (count === 0) return false
		if (result.passed) {
			await recordCompletion(tx, {
				userId,
				path,
				attemptId: attempt.id,
				graded: result.questions.map((q, i) => ({
					objective: questions[i]!.objective,
					skills: questions[i]!.skills,
					correct: q.graded.correct,
				})),
				at: now,
			})
		}
		// Last: the organisation's item sums are rows every grading updates, locked only until the commit.
		await recordItemResponses(tx, {
			attemptId: attempt.id,
			userId,
			pathSlug: path.slug,
			submittedAt: now,
			graded: result.questions.map((q) => ({ questionId: q.id, correct: q.graded.correct })),
		})
		return true
	})
	return submitted ? result : null
}

/** What a passed attempt earned: its credential's id, or 'held' while the learner's address is not confirmed. */
export async function credentialOfAttempt(userId: string, attemptId: string) {
	const completion = await db.pathCompletion.findFirst({
		where: { attemptId, userId },
		select: { credential: { select: { id: true } } },
	})
	if (!completion) return null
	return completion.credential ? { state: 'issued' as const, id: completion.credential.id } : { state: 'held' as const }
}

export async function getLatestCompletion(userId: string, pathSlug: string) {
	return db.pathCompletion.findFirst({
		where: { userId, pathSlug },
		orderBy: { completedAt: 'desc' },
		select: { completedAt: true, score: true, attemptId: true },
	})
}
