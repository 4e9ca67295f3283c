import { expect, test } from 'vitest'
import { asOfMoment, evidenceQuerySchema } from './report-query'

const now = new Date('2026-12-07T15:30:00Z')

test('a past day is read at its end; today or no day is now', () => {
	expect(asOfMoment('2026-06-30', now)).toEqual({
		moment: new Date('2026-06-30T23:59:59.999Z'),
		day: '2026-06-30',
		problem: null,
	})
	expect(asOfMoment(undefined, now)).toEqual({ moment: now, day: '2026-12-07', problem: null })
	expect(asOfMoment('2026-12-07', now)).toEqual({ moment: now, day: '2026-12-07', problem: null })
})

test('a future day, a day that does not exist or one before the records is refused with a reason', () => {
	expect(asOfMoment('2026-12-08', now)).toMatchObject({ moment: now, problem: expect.stringContaining('future') })
	expect(asOfMoment('2026-02-30', now)).toMatchObject({
		moment: now,
		problem: '2026-02-30 is not a date; the report shows today.',
	})
	expect(asOfMoment('1999-01-01', now)).toMatchObject({
		moment: now,
		problem: expect.stringContaining('records begin'),
	})
})

test('malformed parameters fall back to none', () => {
	expect(evidenceQuerySchema.parse({ asOf: '7/12/2026', team: 'DROP TABLE' })).toEqual({})
	expect(evidenceQuerySchema.parse({ asOf: '2026-01-31', team: 'none' })).toEqual({ asOf: '2026-01-31', team: 'none' })
})
