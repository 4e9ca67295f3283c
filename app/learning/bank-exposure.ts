/**
 * How much of a path's bank a learner sees in three attempts (the most the attempt window allows a
 * day), averaged over simulated learners who each draw three attempts by the path's blueprint. A
 * bank that three attempts mostly show can be learnt by heart; the content check refuses half or more.
 */
import { drawForPath } from './draw-questions'

/** The highest share of the bank three attempts may show on average. */
export const MAX_THREE_ATTEMPT_EXPOSURE = 0.5

export function threeAttemptExposure(
	path: Parameters<typeof drawForPath>[0],
	bank: Parameters<typeof drawForPath>[1],
	learners = 2000,
	random?: (max: number) => number,
) {
	let seen = 0
	for (let i = 0; i < learners; i++) {
		const ids = new Set([1, 2, 3].flatMap(() => drawForPath(path, bank, random)))
		seen += ids.size / bank.length
	}
	return seen / learners
}
