/**
 * Classical item statistics for a final-assessment question, from five sums over its answers (x: 1
 * when right, y: the attempt's other questions right): facility, the share right; discrimination,
 * the Pearson correlation of x with y (the corrected item-total correlation, so the item does not
 * correlate with itself); and the flags that ask a content author to look at it. Pure functions: the
 * sums come from one grouped SQL query (orgs/item-analysis.server.ts).
 */

export type ItemSums = { n: number; sumX: number; sumY: number; sumXY: number; sumYY: number }

/** Below this many answers a question is not judged: its figures are shown, without flags. */
export const MIN_ANSWERS_TO_JUDGE = 30

export const FLAG_LIMITS = {
	/** Facility above this: nearly everyone gets it right, so it tells learners apart little. */
	tooEasy: 0.9,
	/** Facility below this: close to what guessing among four options gives. */
	tooHard: 0.3,
	/** Discrimination below this (and not negative): it barely separates stronger from weaker learners. */
	weak: 0.15,
} as const

export const ITEM_FLAGS = {
	'too-easy': 'Too easy',
	'too-hard': 'Too hard',
	'negative-discrimination': 'Negative discrimination',
	'weak-discrimination': 'Weak discrimination',
} as const
export type ItemFlag = keyof typeof ITEM_FLAGS

/** The share of answers that were right, or null with no answers. */
export function facility(s: ItemSums): number | null {
	return s.n > 0 ? s.sumX / s.n : null
}

/**
 * The correlation of being right on this question with the score on the attempt's other questions,
 * from -1 to 1; null when either never varies (everyone right, or every rest score the same).
 */
export function discrimination(s: ItemSums): number | null {
	// x is 0 or 1, so the sum of its squares is its sum.
	const varianceX = s.n * s.sumX - s.sumX * s.sumX
	const varianceY = s.n * s.sumYY - s.sumY * s.sumY
	if (s.n < 2 || varianceX <= 0 || varianceY <= 0) return null
	return (s.n * s.sumXY - s.sumX * s.sumY) / Math.sqrt(varianceX * varianceY)
}

export type ItemStatistics = {
	answers: number
	correct: number
	facility: number | null
	discrimination: number | null
	/** False below MIN_ANSWERS_TO_JUDGE answers: too few to flag. */
	judged: boolean
	flags: ItemFlag[]
}

export function itemStatistics(s: ItemSums): ItemStatistics {
	const f = facility(s)
	const d = discrimination(s)
	const judged = s.n >= MIN_ANSWERS_TO_JUDGE
	const flags: ItemFlag[] = []
	if (judged && f !== null) {
		if (f > FLAG_LIMITS.tooEasy) flags.push('too-easy')
		if (f < FLAG_LIMITS.tooHard) flags.push('too-hard')
		if (d !== null && d < 0) flags.push('negative-discrimination')
		else if (d !== null && d < FLAG_LIMITS.weak) flags.push('weak-discrimination')
	}
	return { answers: s.n, correct: s.sumX, facility: f, discrimination: d, judged, flags }
}
