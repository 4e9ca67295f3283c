import { expect, test } from 'vitest'
import { questionSchema } from '../content/content-schema'
import { fixtureQuestions } from '../../tests/fixtures/content-fixture'
import { gradeQuestion, isCorrect, readAnswer } from './grading'
import { toPublicQuestion } from './public-question'

const bank = fixtureQuestions().bank.map((q) => questionSchema.parse(q))
const single = bank.find((q) => q.type === 'single')!
const ordering = bank.find((q) => q.type === 'ordering')!
const matching = bank.find((q) => q.type === 'matching')!
const multiple = questionSchema.parse(fixtureQuestions().knowledgeChecks['lesson-1']![1])

function form(entries: Array<[string, string]>) {
	const data = new FormData()
	for (const [k, v] of entries) data.append(k, v)
	return data
}

/** The same field sent once per value, as checkboxes (or a tampered radio group) send it. */
function repeated(name: string, values: string[]) {
	return form(values.map((value) => [name, value]))
}

/** One field per entry under the question's name: `fields('q:x', { a: '1' })` sends `q:x:a=1`. */
function fields(id: string, values: Record<string, string>) {
	return form(Object.entries(values).map(([key, value]) => [`${id}:${key}`, value]))
}

test('single choice: one valid option, graded against the key', () => {
	expect(readAnswer(single, form([[`q:${single.id}`, 'b']]))).toEqual(['b'])
	expect(isCorrect(single, ['b'])).toBe(true)
	expect(isCorrect(single, ['a'])).toBe(false)
	expect(readAnswer(single, form([[`q:${single.id}`, 'z']]))).toBeNull()
	expect(readAnswer(single, repeated(`q:${single.id}`, ['a', 'b']))).toBeNull()
	expect(readAnswer(single, form([]))).toBeNull()
})

test('multiple choice: exactly the right set, in any order', () => {
	expect(isCorrect(multiple, ['b', 'a'])).toBe(true)
	expect(isCorrect(multiple, ['a'])).toBe(false)
	expect(isCorrect(multiple, ['a', 'b', 'c'])).toBe(false)
	expect(readAnswer(multiple, repeated(`q:${multiple.id}`, ['a', 'a']))).toBeNull()
})

test('ordering: positions become an order; repeated or missing positions are refused', () => {
	const id = `q:${ordering.id}`
	const answer = readAnswer(ordering, fields(id, { record: '3', count: '1', recount: '2' }))
	expect(answer).toEqual(['count', 'recount', 'record'])
	expect(isCorrect(ordering, answer!)).toBe(true)
	const refused: Array<Record<string, string>> = [
		{ record: '1', count: '1', recount: '2' },
		{ count: '1', recount: '2' },
		{ record: '9', count: '1', recount: '2' },
	]
	for (const positions of refused)
		expect(readAnswer(ordering, fields(id, positions)), JSON.stringify(positions)).toBeNull()
})

test('matching: every option needs a known target', () => {
	const id = `q:${matching.id}`
	const right = fields(id, { time: 'when', name: 'who', total: 'what' })
	expect(gradeQuestion(matching, readAnswer(matching, right)!).correct).toBe(true)
	const wrong = fields(id, { time: 'who', name: 'when', total: 'what' })
	expect(gradeQuestion(matching, readAnswer(matching, wrong)!).correct).toBe(false)
	expect(readAnswer(matching, fields(id, { time: 'nowhere', name: 'who', total: 'what' }))).toBeNull()
})

test('the public view of a question carries no answer, and never shows an ordering already solved', () => {
	for (const question of [single, multiple, ordering, matching]) {
		const view = toPublicQuestion(question, 'learner-1')
		const json = JSON.stringify(view)
		expect(json).not.toContain('"answer"')
		expect(json).not.toContain(question.explanation)
	}
	for (let seed = 0; seed < 200; seed++) {
		const view = toPublicQuestion(ordering, `learner-${seed}`)
		expect(view.options.map((o) => o.id)).not.toEqual(ordering.answer)
	}
	expect(toPublicQuestion(ordering, 'same')).toEqual(toPublicQuestion(ordering, 'same'))
})
