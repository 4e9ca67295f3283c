import { expect, test } from 'vitest'
import { discrimination, facility, itemStatistics, MIN_ANSWERS_TO_JUDGE, type ItemSums } from './item-statistics'

/** The five sums of (x, y) pairs: x 1 when right, y the rest of the attempt's score. */
function sums(pairs: Array<[number, number]>): ItemSums {
	return pairs.reduce(
		(s, [x, y]) => ({ n: s.n + 1, sumX: s.sumX + x, sumY: s.sumY + y, sumXY: s.sumXY + x * y, sumYY: s.sumYY + y * y }),
		{ n: 0, sumX: 0, sumY: 0, sumXY: 0, sumYY: 0 },
	)
}

test('facility and discrimination match a hand-computed example', () => {
	// Five attempts; x right or not, y the other questions right. Mean x 0.6, mean y 1.2; the
	// deviations' cross products add to 0.4, the squares to 1.2 and 0.8: r = 0.4 / √0.96 = 0.4082.
	const s = sums([
		[1, 2],
		[1, 1],
		[0, 1],
		[1, 1],
		[0, 1],
	])
	expect(facility(s)).toBe(0.6)
	expect(discrimination(s)).toBeCloseTo(0.4082, 4)
	// Strong learners missing it: r = −3 / √84 = −0.3273.
	expect(
		discrimination(
			sums([
				[1, 2],
				[1, 1],
				[1, 0],
				[0, 2],
				[0, 1],
			]),
		),
	).toBeCloseTo(-0.3273, 4)
})

test('discrimination is undefined when the item or the rest of the score never varies', () => {
	expect(
		discrimination(
			sums([
				[1, 3],
				[1, 1],
				[1, 2],
			]),
		),
	).toBeNull()
	expect(
		discrimination(
			sums([
				[1, 2],
				[0, 2],
				[1, 2],
			]),
		),
	).toBeNull()
	expect(facility(sums([]))).toBeNull()
})

test('flags: too easy, too hard, negative and weak discrimination, only with enough answers', () => {
	const repeat = (pairs: Array<[number, number]>, times: number) => Array.from({ length: times }, () => pairs).flat()
	// 19 of 20 right, the one wrong by a weak learner: too easy, and discriminating.
	const easy = itemStatistics(
		sums(repeat([...Array.from({ length: 19 }, (_, i): [number, number] => [1, 5 + (i % 5)]), [0, 2]], 2)),
	)
	expect(easy.flags).toEqual(['too-easy'])
	// 1 in 5 right, by strong learners: too hard.
	const hard = itemStatistics(
		sums(
			repeat(
				[
					[1, 9],
					[0, 3],
					[0, 4],
					[0, 2],
					[0, 5],
				],
				6,
			),
		),
	)
	expect(hard.flags).toEqual(['too-hard'])
	// Right more often among weak learners: negative.
	const negative = itemStatistics(
		sums(
			repeat(
				[
					[1, 2],
					[1, 3],
					[0, 8],
					[0, 9],
					[1, 4],
				],
				6,
			),
		),
	)
	expect(negative.discrimination).toBeLessThan(0)
	expect(negative.flags).toEqual(['negative-discrimination'])
	// Unrelated to the rest of the score: weak.
	const weak = itemStatistics(
		sums(
			repeat(
				[
					[1, 5],
					[0, 5],
					[1, 6],
					[0, 6],
					[1, 4],
					[0, 4],
					[1, 5],
				],
				5,
			),
		),
	)
	expect(weak.discrimination).toBe(0)
	expect(weak.flags).toEqual(['weak-discrimination'])
	// The same answers, fewer than the minimum: shown, not judged.
	const few = itemStatistics(
		sums([
			[1, 2],
			[1, 3],
			[0, 8],
			[0, 9],
			[1, 4],
		]),
	)
	expect(few.answers).toBeLessThan(MIN_ANSWERS_TO_JUDGE)
	expect(few).toMatchObject({ judged: false, flags: [] })
	expect(few.discrimination).toBeLessThan(0)
})
