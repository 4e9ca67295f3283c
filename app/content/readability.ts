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
