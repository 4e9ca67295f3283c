/** Grading of every question type, on the server, from form fields that work without JavaScript. */
import type { Question } from '../content/content-schema'

/** A learner's answer: chosen option ids (single, multiple, ordering in order) or a matching map. */
export type Answer = string[] | Record<string, string>

export type GradedQuestion = {
	questionId: string
	correct: boolean
	answer: Answer
	/** Shown after grading only. */
	correctAnswer: Answer
	explanation: string
}

/**
 * Reads the answer to `question` from the form: `q:<id>` holds the choice(s); ordering uses
 * `q:<id>:<option>` = position (1…n); matching uses `q:<id>:<option>` = target id. Returns null when
 * the field is missing or names something that is not part of the question.
 */
export function readAnswer(question: Question, form: FormData): Answer | null {
	const key = `q:${question.id}`
	const optionIds = new Set(question.options.map((o) => o.id))
	if (question.type === 'single' || question.type === 'multiple') {
		const values = form.getAll(key).map(String)
		if (values.length === 0 || values.some((v) => !optionIds.has(v)) || new Set(values).size !== values.length)
			return null
		if (question.type === 'single' && values.length !== 1) return null
		return values
	}
	if (question.type === 'ordering') {
		const positions = question.options.map((o) => ({ id: o.id, position: Number(form.get(`${key}:${o.id}`)) }))
		const valid = positions.every(
			(p) => Number.isInteger(p.position) && p.position >= 1 && p.position <= positions.length,
		)
		if (!valid || new Set(positions.map((p) => p.position)).size !== positions.length) return null
		return positions.sort((a, b) => a.position - b.position).map((p) => p.id)
	}
	const targetIds = new Set(question.targets.map((t) => t.id))
	const pairs: Record<string, string> = {}
	for (const option of question.options) {
		const value = form.get(`${key}:${option.id}`)
		if (typeof value !== 'string' || !targetIds.has(value)) return null
		pairs[option.id] = value
	}
	return pairs
}

export function isCorrect(question: Question, answer: Answer): boolean {
	if (question.type === 'matching') {
		if (Array.isArray(answer)) return false
		return question.options.every((o) => answer[o.id] === question.answer[o.id])
	}
	if (!Array.isArray(answer)) return false
	if (question.type === 'multiple') {
		return answer.length === question.answer.length && question.answer.every((id) => answer.includes(id))
	}
	return answer.length === question.answer.length && answer.every((id, i) => id === question.answer[i])
}

export function gradeQuestion(question: Question, answer: Answer): GradedQuestion {
	return {
		questionId: question.id,
		correct: isCorrect(question, answer),
		answer,
		correctAnswer: question.answer,
		explanation: question.explanation,
	}
}
