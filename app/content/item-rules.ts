/**
 * Item-writing rules every question of a path must keep (content:check refuses a path that breaks
 * one), and what they let a test-wise guesser score. The rules come from the item-writing review of
 * the banks: a key that is the longest option gives itself away; "all/none of the above" tests
 * option logic, not the lesson; an item may only evidence skills its lesson teaches, and an
 * objective of its own lesson.
 */
import type { Question } from './content-schema'

/** In a path, the key is the longest option in at most this share of its single-choice items. */
export const MAX_LONGEST_KEY_SHARE = 1 / 3
/** No key is longer than this many times the mean length of its distractors. */
export const MAX_KEY_LENGTH_RATIO = 1.25

type Single = Extract<Question, { type: 'single' }>
export type PlacedQuestion = { where: string; lesson: string; q: Question }

const isSingle = (q: Question): q is Single => q.type === 'single'
const lengths = (q: Single) => {
	const key = q.answer[0]!
	const keyLength = q.options.find((o) => o.id === key)!.text.length
	const distractors = q.options.filter((o) => o.id !== key).map((o) => o.text.length)
	return { keyLength, distractors }
}

/** Whether the key is (one of) the longest options. */
export const keyIsLongest = (q: Single) => {
	const { keyLength, distractors } = lengths(q)
	return keyLength >= Math.max(...distractors)
}

/** The key's length over the mean length of its distractors. */
export const keyLengthRatio = (q: Single) => {
	const { keyLength, distractors } = lengths(q)
	return keyLength / (distractors.reduce((a, b) => a + b, 0) / distractors.length)
}

const ABOVE = /\b(all|none|both|neither) of the (above|options|answers)\b/i

/**
 * What breaks the rules among a path's questions (knowledge checks and bank), given each lesson's
 * skills. Each problem names the item.
 */
export function itemRuleProblems(questions: PlacedQuestion[], lessonSkills: Map<string, string[]>): string[] {
	const problems: string[] = []
	const singles = questions.filter((p): p is PlacedQuestion & { q: Single } => isSingle(p.q))
	const longest = singles.filter((p) => keyIsLongest(p.q))
	if (longest.length > singles.length * MAX_LONGEST_KEY_SHARE) {
		problems.push(
			`the key is the longest option in ${longest.length} of ${singles.length} single-choice items (at most a third may be)`,
		)
	}
	for (const { q } of singles) {
		const ratio = keyLengthRatio(q)
		if (ratio > MAX_KEY_LENGTH_RATIO)
			problems.push(
				`${q.id}: its key is ${ratio.toFixed(2)} times as long as its distractors on average (at most 1.25)`,
			)
	}
	for (const { q, lesson } of questions) {
		const options = 'options' in q ? q.options.map((o) => o.text) : []
		if (options.some((text) => ABOVE.test(text)))
			problems.push(`${q.id}: an option refers to the others ("… of the above")`)
		const taught = lessonSkills.get(lesson) ?? []
		const untaught = q.skills.filter((skill) => !taught.includes(skill))
		if (untaught.length > 0)
			problems.push(`${q.id}: evidences ${untaught.join(', ')}, which its lesson ${lesson} does not teach`)
	}
	return problems
}

/**
 * The share of single-choice items a guesser gets right by always picking the longest option
 * (splitting ties), against chance (one over the number of options), in percentage points.
 */
export function longestOptionGuesser(questions: Question[]) {
	const singles = questions.filter(isSingle)
	let longestScore = 0
	let chance = 0
	for (const q of singles) {
		const most = Math.max(...q.options.map((o) => o.text.length))
		const tied = q.options.filter((o) => o.text.length === most)
		if (tied.some((o) => o.id === q.answer[0])) longestScore += 1 / tied.length
		chance += 1 / q.options.length
	}
	const n = singles.length || 1
	return { guesser: (longestScore / n) * 100, chance: (chance / n) * 100 }
}

/** How far from chance the longest-option guesser may score, either way, in percentage points. */
export const MAX_GUESSER_GAP = 10

/**
 * What is wrong with a path's longest-option guesser: scoring more than MAX_GUESSER_GAP points above
 * chance (keys stand out by length) or below it (keys are never the longest, which a guesser who
 * avoids the longest option exploits just as well). Null when within.
 */
export function guesserProblem({ guesser, chance }: { guesser: number; chance: number }) {
	const gap = guesser - chance
	if (Math.abs(gap) <= MAX_GUESSER_GAP) return null
	return gap > 0
		? `a guesser who picks the longest option scores ${gap.toFixed(0)} points above chance (at most ${MAX_GUESSER_GAP})`
		: `a guesser who avoids the longest option gains: picking it scores ${(-gap).toFixed(0)} points below chance (at most ${MAX_GUESSER_GAP})`
}
