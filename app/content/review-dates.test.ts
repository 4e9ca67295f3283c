import { expect, test } from 'vitest'
import { reviewDueOn, reviewProblems } from './review-dates'

const today = new Date('2026-12-07T10:00:00Z')
const law = { asOf: '2026-01-15', changes: 'The AI Act’s transparency duties now have a date.' }

test('a lesson on the law reviewed in the last 12 months passes; on the day 12 months are up it is refused', () => {
	expect(reviewProblems({ reviewed: '2026-01-15', law }, today)).toEqual([])
	expect(reviewDueOn('2025-12-07').toISOString()).toBe('2026-12-07T00:00:00.000Z')
	expect(reviewProblems({ reviewed: '2025-12-07', law: { ...law, asOf: '2025-12-07' } }, today)).toEqual([
		expect.stringMatching(/last reviewed on 2025-12-07, more than 12 months ago/),
	])
	expect(reviewProblems({ reviewed: '2025-12-08', law: { ...law, asOf: '2025-12-08' } }, today)).toEqual([])
})

test('a lesson on the law needs a review date, its law no later than it, and no date in the future', () => {
	expect(reviewProblems({ law }, today)).toEqual(['a lesson on the law needs a `reviewed` date'])
	expect(reviewProblems({ reviewed: '2026-01-10', law }, today)).toEqual([
		'its law is "as of" 2026-01-15, after the lesson was reviewed (2026-01-10)',
	])
	expect(reviewProblems({ reviewed: '2026-12-08' }, today)).toEqual(['reviewed 2026-12-08 is in the future'])
	// Other lessons carry a review date with no deadline.
	expect(reviewProblems({ reviewed: '2019-05-01' }, today)).toEqual([])
})

test('an undated web source was read no later than the review, and not in the future', () => {
	const source = { title: 'Guidance page', url: 'https://example.org/guidance' }
	expect(reviewProblems({ reviewed: '2026-12-01', sources: [{ ...source, accessed: '2026-12-01' }] }, today)).toEqual(
		[],
	)
	expect(reviewProblems({ reviewed: '2026-12-01', sources: [{ ...source, accessed: '2026-12-03' }] }, today)).toEqual([
		'source "Guidance page" was accessed 2026-12-03, after the lesson was reviewed (2026-12-01)',
	])
	expect(reviewProblems({ reviewed: '2026-12-01', sources: [{ ...source, accessed: '2027-01-03' }] }, today)).toEqual([
		'source "Guidance page" was accessed 2027-01-03, in the future',
	])
})
