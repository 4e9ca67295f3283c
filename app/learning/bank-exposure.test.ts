import { expect, test } from 'vitest'
import { fixturePath, fixtureQuestions } from '../../tests/fixtures/content-fixture'
import { MAX_THREE_ATTEMPT_EXPOSURE, threeAttemptExposure } from './bank-exposure'

type Drawable = { id: string; objective: string }
const bank = fixtureQuestions().bank as Drawable[]

test('three attempts of 12 by the blueprint show under half of a 60-question bank', () => {
	// Three modules' shares of 3 from 15 each: 1 − (12/15)³ ≈ 48.8% of the bank on average.
	const exposure = threeAttemptExposure(fixturePath(), bank)
	expect(exposure).toBeGreaterThan(0.47)
	expect(exposure).toBeLessThan(MAX_THREE_ATTEMPT_EXPOSURE)
})

test('a bank of 30 is refused: three attempts show most of it', () => {
	// Every other question: 30 of them, shares of 3 from 7 or 8 per module.
	const exposure = threeAttemptExposure(
		fixturePath(),
		bank.filter((_, i) => i % 2 === 0),
	)
	expect(exposure).toBeGreaterThan(0.7)
})
