import { expect, test } from 'vitest'
import { COVERAGE_BANDS, coverageBand, gapStatus } from './skills-gap'

test('coverage falls in one of five graded bands, edges included', () => {
	expect([0, 19, 20, 39, 40, 59, 60, 79, 80, 100].map(coverageBand)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4])
	expect(coverageBand(19.6)).toBe(1)
	expect(coverageBand(-3)).toBe(0)
	expect(coverageBand(140)).toBe(COVERAGE_BANDS.length - 1)
})

test('a target is met, near (within 10 points) or below', () => {
	expect(gapStatus(80, 80)).toBe('met')
	expect(gapStatus(70, 80)).toBe('near')
	expect(gapStatus(69, 80)).toBe('below')
	expect(gapStatus(50, null)).toBe('none')
})
