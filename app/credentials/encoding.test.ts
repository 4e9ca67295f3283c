import { expect, test } from 'vitest'
import { addMonthsUtc } from './encoding'

test('validity in calendar months stays within the target month', () => {
	expect(addMonthsUtc(new Date('2026-01-31T10:00:00Z'), 1).toISOString()).toBe('2026-02-28T10:00:00.000Z')
	expect(addMonthsUtc(new Date('2028-01-31T10:00:00Z'), 1).toISOString()).toBe('2028-02-29T10:00:00.000Z')
	expect(addMonthsUtc(new Date('2026-08-31T00:00:00Z'), 24).toISOString()).toBe('2028-08-31T00:00:00.000Z')
	expect(addMonthsUtc(new Date('2026-11-23T14:05:00Z'), 12).toISOString()).toBe('2027-11-23T14:05:00.000Z')
})
