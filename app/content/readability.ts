import { fleschKincaid } from 'flesch-kincaid'
import { syllable } from 'syllable'

/** Flesch–Kincaid grade level of plain prose (US school grade; lower is easier). */
export function readingGrade(prose: string): number {
	const sentences = prose.split(/[.!?]+(?:\s|$)/).filter((s) => /\p{L}/u.test(s)).length
	const words = prose.split(/\s+/).filter((w) => /\p{L}/u.test(w))
	if (sentences === 0 || words.length === 0) return 0
	const syllables = words.reduce((sum, word) => sum + syllable(word), 0)
	return Math.round(fleschKincaid({ sentence: sentences, word: words.length, syllable: syllables }) * 10) / 10
}

/** The plain-language limits: a path's lessons average at most grade 9, and none is above grade 11. */
export const READING_LIMITS = { pathAverage: 9, lesson: 11 } as const

/** What breaks the plain-language limits, given each lesson's slug and grade. */
export function readingGradeProblems(lessons: Array<{ slug: string; grade: number }>): string[] {
	const problems = lessons
		.filter((l) => l.grade > READING_LIMITS.lesson)
		.map((l) => `${l.slug} reads at grade ${l.grade.toFixed(1)}: no lesson may be above ${READING_LIMITS.lesson}`)
	const average = lessons.length ? lessons.reduce((n, l) => n + l.grade, 0) / lessons.length : 0
	if (average > READING_LIMITS.pathAverage)
		problems.push(
			`the lessons read at grade ${average.toFixed(1)} on average: at most ${READING_LIMITS.pathAverage} (shorter sentences, everyday words)`,
		)
	return problems
}
