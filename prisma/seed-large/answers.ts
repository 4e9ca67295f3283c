/**
 * Which questions of a planned attempt are answered wrongly, so that item analysis on the large seed
 * shows what real answers show: a learner who scores lower misses more questions, and harder
 * questions are missed more often. Each bank question has a difficulty drawn from its id; the
 * wrong answers are a weighted sample without replacement (weight e^(1.1 × difficulty)), so a
 * question's chance of being wrong rises with the attempt's number of wrong answers (positive
 * discrimination) and with its difficulty (lower facility).
 *
 * Three questions of each path behave as flawed questions do, so the page's flags have something
 * true to show: one nearly everyone gets right (too easy), one missed four times in five (too
 * hard), and one missed more often by learners who pass than by those who fail (negative
 * discrimination). They are the bank's questions with the lowest hashes of `<path>:<id>`.
 */
import type { CompiledPath } from '../../app/content/compiled-content'
import type { Question } from '../../app/content/content-schema'
import { hashSeed, type Random } from './common'

type Quirks = { easy: string; hard: string; inverted: string; difficulty: Map<string, number> }
const quirksByPath = new Map<string, Quirks>()

/** The path's three questions that behave as flawed questions do, and every question's difficulty. */
export function flawedQuestions(path: CompiledPath, bank: Question[]): Quirks {
	let quirks = quirksByPath.get(path.slug)
	if (!quirks) {
		const hashed = bank.map((q) => ({ id: q.id, hash: hashSeed(`${path.slug}:${q.id}`) }))
		const [easy, hard, inverted] = [...hashed].sort((a, b) => a.hash - b.hash).map((q) => q.id)
		// Difficulty from -1.2 to 1.2, from the hash.
		const difficulty = new Map(hashed.map((q) => [q.id, (q.hash / 4_294_967_296) * 2.4 - 1.2]))
		quirks = { easy: easy!, hard: hard!, inverted: inverted!, difficulty }
		quirksByPath.set(path.slug, quirks)
	}
	return quirks
}

/**
 * The ids answered wrongly among `questionIds`: `plannedWrong` of them, or more when a flawed
 * question adds one, but never more than `maxWrong` (so a planned pass stays a pass).
 */
export function wrongQuestions(
	rng: Random,
	path: CompiledPath,
	bank: Question[],
	attempt: { questionIds: string[]; plannedWrong: number; maxWrong: number; passed: boolean },
) {
	const { questionIds, plannedWrong, maxWrong, passed } = attempt
	const quirks = flawedQuestions(path, bank)
	const wrong = new Set<string>()
	const right = new Set<string>()
	for (const id of questionIds) {
		if (id === quirks.hard) (rng.chance(0.8) ? wrong : right).add(id)
		if (id === quirks.inverted) (rng.chance(passed ? 0.7 : 0.1) ? wrong : right).add(id)
		if (id === quirks.easy) (rng.chance(passed ? 0 : 0.02) ? wrong : right).add(id)
	}
	for (const id of [...wrong].slice(maxWrong)) {
		wrong.delete(id)
		right.add(id)
	}
	const count = Math.min(maxWrong, questionIds.length - right.size, Math.max(plannedWrong, wrong.size))
	// Efraimidis–Spirakis: the k largest of u^(1/w) are a weighted sample without replacement.
	const keyed = questionIds
		.filter((id) => !wrong.has(id) && !right.has(id))
		.map((id) => ({ id, key: Math.pow(rng.next(), 1 / Math.exp(1.1 * (quirks.difficulty.get(id) ?? 0))) }))
		.sort((a, b) => b.key - a.key)
	for (const { id } of keyed.slice(0, count - wrong.size)) wrong.add(id)
	return wrong
}
