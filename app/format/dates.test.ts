import { describe, expect, test } from 'vitest'
import {
	addMonths,
	formatDate,
	formatDateTime,
	formatDayMonth,
	formatMoment,
	formatMonthYear,
	formatShortMonthYear,
	NO_DATE,
} from './dates'

// 23:30 on 31 December in UTC is already 1 January east of Greenwich and still 31 December west of it.
const lateOnNewYearsEve = '2026-12-31T23:30:05.000Z'

describe('the site’s date formats', () => {
	test('a date is day, month name and year, in UTC', () => {
		expect(formatDate(lateOnNewYearsEve)).toBe('31 December 2026')
		expect(formatDate(new Date('2027-01-01T00:00:00Z'))).toBe('1 January 2027')
		expect(formatDate(Date.UTC(2026, 1, 28, 12))).toBe('28 February 2026')
	})

	test('a missing date is a dash', () => {
		expect(formatDate(null)).toBe(NO_DATE)
		expect(formatDate(undefined)).toBe('—')
	})

	test('a date and time is to the second, with the time zone named', () => {
		expect(formatDateTime(lateOnNewYearsEve)).toBe('31 Dec 2026, 23:30:05 UTC')
		expect(formatDateTime('2026-03-04T09:05:00Z')).toBe('4 Mar 2026, 09:05:00 UTC')
	})

	test('a moment is in words, to the minute, with the time zone named', () => {
		expect(formatMoment(lateOnNewYearsEve)).toBe('31 December 2026 at 23:30 UTC')
		expect(formatMoment('2025-12-15T10:00:00Z')).toBe('15 December 2025 at 10:00 UTC')
	})

	test('a month and year, long and short', () => {
		expect(formatMonthYear(lateOnNewYearsEve)).toBe('December 2026')
		expect(formatShortMonthYear(lateOnNewYearsEve)).toBe('Dec 2026')
		expect(formatShortMonthYear('2026-12')).toBe('Dec 2026')
	})

	test('a day and month, short, in UTC', () => {
		expect(formatDayMonth(lateOnNewYearsEve)).toBe('31 Dec')
		expect(formatDayMonth('2026-03-04T23:59:00Z')).toBe('4 Mar')
	})

	test('the text does not depend on the time zone of the machine', () => {
		const zone = process.env.TZ
		try {
			for (const tz of ['Pacific/Kiritimati', 'America/Los_Angeles', 'UTC']) {
				process.env.TZ = tz
				expect(formatDate(lateOnNewYearsEve)).toBe('31 December 2026')
				expect(formatDateTime(lateOnNewYearsEve)).toBe('31 Dec 2026, 23:30:05 UTC')
			}
		} finally {
			if (zone === undefined) delete process.env.TZ
			else process.env.TZ = zone
		}
	})

	test('something that is not a date is refused rather than shown as “Invalid Date”', () => {
		expect(() => formatDate('tomorrow')).toThrow(RangeError)
		expect(() => formatDateTime(Number.NaN)).toThrow(RangeError)
	})
})

describe('addMonths', () => {
	test('keeps the day and the time, and ends on the last day of a shorter month', () => {
		expect(addMonths(new Date('2026-03-15T10:20:30.400Z'), 12).toISOString()).toBe('2027-03-15T10:20:30.400Z')
		expect(addMonths(new Date('2026-01-31T08:00:00Z'), 1).toISOString()).toBe('2026-02-28T08:00:00.000Z')
		expect(addMonths(new Date('2028-01-31T08:00:00Z'), 1).toISOString()).toBe('2028-02-29T08:00:00.000Z')
		expect(addMonths(new Date('2026-11-30T23:59:59Z'), 3).toISOString()).toBe('2027-02-28T23:59:59.000Z')
		expect(addMonths(new Date('2026-05-31T00:00:00Z'), -1).toISOString()).toBe('2026-04-30T00:00:00.000Z')
	})
})
