/**
 * Dates as people read them, the same on the server and in the browser: British English and UTC
 * whatever the machine's locale and time zone, so a page hydrates to the text it was rendered with.
 * Machine formats (ISO strings in JSON, CSV and credentials, `<time dateTime>`) do not come here.
 */

/** A moment: a Date, an ISO string or milliseconds since 1970. */
export type DateInput = Date | string | number

const LOCALE = 'en-GB'
const TIME_ZONE = 'UTC'

const formats = {
	/** 4 December 2026 */
	date: new Intl.DateTimeFormat(LOCALE, { dateStyle: 'long', timeZone: TIME_ZONE }),
	/** 4 December 2026 at 09:05 (followed by “UTC”) */
	moment: new Intl.DateTimeFormat(LOCALE, { dateStyle: 'long', timeStyle: 'short', timeZone: TIME_ZONE }),
	/** 4 Dec 2026, 09:05:00 (followed by “UTC”) */
	dateTime: new Intl.DateTimeFormat(LOCALE, { dateStyle: 'medium', timeStyle: 'medium', timeZone: TIME_ZONE }),
	/** December 2026 */
	monthYear: new Intl.DateTimeFormat(LOCALE, { month: 'long', year: 'numeric', timeZone: TIME_ZONE }),
	/** 4 Dec */
	dayMonth: new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'short', timeZone: TIME_ZONE }),
	/** Dec 2026 */
	shortMonthYear: new Intl.DateTimeFormat(LOCALE, { month: 'short', year: 'numeric', timeZone: TIME_ZONE }),
} as const

/** The placeholder shown where a date is missing. */
export const NO_DATE = '—'

function toDate(value: DateInput) {
	const date = value instanceof Date ? value : new Date(value)
	if (Number.isNaN(date.getTime())) throw new RangeError(`Not a date: ${String(value)}`)
	return date
}

/** “4 December 2026”; a missing date is “—”. */
export function formatDate(value: DateInput | null | undefined): string {
	return value === null || value === undefined ? NO_DATE : formats.date.format(toDate(value))
}

/** “4 December 2026 at 09:05 UTC”: a moment in words, the time zone named. */
export function formatMoment(value: DateInput): string {
	return `${formats.moment.format(toDate(value))} UTC`
}

/** “4 Dec 2026, 09:05:00 UTC”, the time zone named. */
export function formatDateTime(value: DateInput): string {
	return `${formats.dateTime.format(toDate(value))} UTC`
}

/** “December 2026”. */
export function formatMonthYear(value: DateInput): string {
	return formats.monthYear.format(toDate(value))
}

/** “Dec 2026”, from a moment or a calendar month written `2026-12`. */
export function formatShortMonthYear(value: DateInput): string {
	const month = typeof value === 'string' && /^\d{4}-\d{2}$/.test(value) ? `${value}-01T00:00:00Z` : value
	return formats.shortMonthYear.format(toDate(month))
}

/** “4 Dec”: a day of this year, short, for a chart's axis. */
export function formatDayMonth(value: DateInput): string {
	return formats.dayMonth.format(toDate(value))
}

/**
 * The same moment `months` calendar months later (UTC), on the last day of the month where the day does not
 * exist there: 31 January plus one month is 28 (or 29) February.
 */
export function addMonths(value: Date, months: number): Date {
	const target = new Date(value.getTime())
	const day = target.getUTCDate()
	target.setUTCDate(1)
	target.setUTCMonth(target.getUTCMonth() + months)
	const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate()
	target.setUTCDate(Math.min(day, lastDay))
	return target
}
