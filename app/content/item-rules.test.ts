import { expect, test } from 'vitest'
import type { Question } from './content-schema'
import { guesserProblem, itemRuleProblems, longestOptionGuesser, type PlacedQuestion } from './item-rules'

const SKILL = 'esco:1d6c7de4-350e-4868-a47b-333b4b0d9650'

/** A single-choice item whose options have the given texts; the key is the first. */
function single(id: string, texts: string[], skills = [SKILL]): Question {
	return {
		id,
		type: 'single',
		prompt: `Question ${id}?`,
		options: texts.map((text, i) => ({ id: String.fromCharCode(97 + i), text })),
		answer: ['a'],
		explanation: 'Because.',
		objective: 'lesson-a#objective',
		skills,
	}
}

const placed = (q: Question): PlacedQuestion => ({ where: 'bank', lesson: 'lesson-a', q })
const skills = new Map([['lesson-a', [SKILL]]])
/** Balanced items: the key is never the longest, and no longer than its distractors. */
const balanced = (n: number) =>
	Array.from({ length: n }, (_, i) => single(`ok-${i}`, ['Count twice', 'Count it once', 'Ask the driver']))

test('items that keep every rule pass', () => {
	expect(itemRuleProblems(balanced(6).map(placed), skills)).toEqual([])
})

test('a key that is the longest option in more than a third of the items is refused', () => {
	// Longest, but not by much: only the share of such items is at fault.
	const longestKey = (i: number) => single(`long-${i}`, ['Count both', 'Count one', 'Ask them'])
	const items = [...balanced(4), longestKey(1), longestKey(2), longestKey(3)]
	expect(itemRuleProblems(items.map(placed), skills)).toContain(
		'the key is the longest option in 3 of 7 single-choice items (at most a third may be)',
	)
	expect(itemRuleProblems([...balanced(4), longestKey(1), longestKey(2)].map(placed), skills)).toEqual([])
})

test('a key much longer than its distractors, an "all of the above", and a skill the lesson does not teach are refused', () => {
	const problems = itemRuleProblems(
		[
			...balanced(6),
			single('giveaway', ['Compare the rates per thousand staff at both sites', 'Guess', 'Ask']),
			single('above', ['Both counts', 'The first', 'All of the above']),
			single('untaught', ['Count twice', 'Count it once', 'Ask the driver'], [SKILL, 'esco:other-skill']),
		].map(placed),
		skills,
	)
	expect(problems).toContain('giveaway: its key is 12.50 times as long as its distractors on average (at most 1.25)')
	expect(problems).toContain('above: an option refers to the others ("… of the above")')
	expect(problems).toContain('untaught: evidences esco:other-skill, which its lesson lesson-a does not teach')
})

test('the longest-option guesser scores what picking the longest option gets, against chance', () => {
	const items = [
		single('key-longest', ['Count both sides', 'Count once', 'Ask']),
		single('key-short', ['Count', 'Count it once more', 'Ask the driver']),
		single('tied', ['Count', 'Other', 'Third']),
	]
	const { guesser, chance } = longestOptionGuesser(items)
	// 1 (longest) + 0 + 1/3 (three-way tie) over 3 items; chance 1/3 each.
	expect(guesser).toBeCloseTo(((1 + 0 + 1 / 3) / 3) * 100, 6)
	expect(chance).toBeCloseTo(100 / 3, 6)
})

test('the longest-option guesser must stay within 10 points of chance, either way', () => {
	expect(guesserProblem({ guesser: 35, chance: 25 })).toBeNull()
	expect(guesserProblem({ guesser: 15, chance: 25 })).toBeNull()
	expect(guesserProblem({ guesser: 35.6, chance: 25 })).toMatch(/scores 11 points above chance/)
	expect(guesserProblem({ guesser: 14, chance: 25 })).toMatch(
		/avoids the longest option gains: .* 11 points below chance/,
	)
	// Keys that are never the longest: a guesser who avoids the longest option is helped.
	const items = Array.from({ length: 8 }, (_, i) =>
		single(`short-${i}`, ['Short key.', 'A much longer distractor text.', 'Another long distractor text.']),
	)
	expect(guesserProblem(longestOptionGuesser(items))).toMatch(/33 points below chance/)
})
