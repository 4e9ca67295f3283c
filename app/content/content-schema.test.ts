import { expect, test } from 'vitest'
import { sourceSchema } from './content-schema'

const messages = (input: unknown) => {
	const result = sourceSchema.safeParse(input)
	return result.success ? [] : result.error.issues.map((i) => i.message)
}

test('a source carries its year, or the day an undated web page was read', () => {
	expect(messages({ title: 'A report', publisher: 'A body', year: 2024 })).toEqual([])
	expect(messages({ title: 'A page', url: 'https://example.org/page', accessed: '2026-12-07' })).toEqual([])
	expect(messages({ title: 'A report', publisher: 'A body' })).toEqual([
		'a source needs its `year`, or, for a web page that shows no date, the day it was `accessed`',
	])
	expect(messages({ title: 'A pamphlet', accessed: '2026-12-07' })).toEqual([
		'`accessed` is for web pages: give the `url` too',
	])
	expect(messages({ title: 'A page', url: 'https://example.org/page', accessed: '2026-02-30' })).toEqual([
		'is not a calendar date',
	])
})
