/**
 * What the browser may see of a question before it is graded: the prompt and the choices, never
 * the answer. Ordering items are shuffled (a file may list them in the right order), the same way
 * every time for the same learner, so a reload does not reshuffle them.
 */
import type { Question } from '../content/content-schema'

export type PublicChoice = { id: string; text: string }
export type PublicQuestion = {
	id: string
	type: Question['type']
	prompt: string
	options: PublicChoice[]
	targets?: PublicChoice[]
}

/** A small deterministic PRNG (mulberry32) seeded from a string. */
function seededRandom(seed: string) {
	let h = 1779033703 ^ seed.length
	for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 3432918353)
	let state = (h << 13) | (h >>> 19)
	return () => {
		state = (state + 0x6d2b79f5) | 0
		let t = Math.imul(state ^ (state >>> 15), 1 | state)
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296
	}
}

export function shuffle<T>(items: readonly T[], seed: string): T[] {
	const random = seededRandom(seed)
	const out = [...items]
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1))
		;[out[i], out[j]] = [out[j]!, out[i]!]
	}
	return out
}

export function toPublicQuestion(question: Question, seed: string): PublicQuestion {
	const options = question.options.map(({ id, text }) => ({ id, text }))
	const base = { id: question.id, type: question.type, prompt: question.prompt }
	if (question.type === 'ordering') {
		let shuffled = shuffle(options, `${seed}:${question.id}`)
		// Never show the items already in the right order.
		if (shuffled.every((o, i) => o.id === question.answer[i])) shuffled = [...shuffled.slice(1), shuffled[0]!]
		return { ...base, options: shuffled }
	}
	if (question.type === 'matching') {
		return {
			...base,
			options,
			targets: shuffle(
				question.targets.map(({ id, text }) => ({ id, text })),
				`${seed}:${question.id}`,
			),
		}
	}
	return { ...base, options }
}
