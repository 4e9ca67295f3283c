import { expect, test } from 'vitest'
import { readingGrade, readingGradeProblems } from './readability'

test('plain prose reads at a low grade, dense prose at a high one', () => {
	expect(readingGrade('The team counts the boxes. Then it checks the count. It writes it down.')).toBeLessThan(3)
	expect(
		readingGrade(
			'Notwithstanding considerable organisational heterogeneity, contemporaneous implementation of algorithmic accountability mechanisms necessitates comprehensive institutional coordination.',
		),
	).toBeGreaterThan(15)
})

test('a path averages at most grade 9 and no lesson is above 11', () => {
	expect(
		readingGradeProblems([
			{ slug: 'a', grade: 8.5 },
			{ slug: 'b', grade: 9.5 },
		]),
	).toEqual([])
	expect(
		readingGradeProblems([
			{ slug: 'a', grade: 6 },
			{ slug: 'b', grade: 11.2 },
		]),
	).toEqual(['b reads at grade 11.2: no lesson may be above 11'])
	expect(
		readingGradeProblems([
			{ slug: 'a', grade: 9.4 },
			{ slug: 'b', grade: 9.2 },
		]),
	).toEqual(['the lessons read at grade 9.3 on average: at most 9 (shorter sentences, everyday words)'])
})
