/** The compiled content the server reads (written by scripts/content-build.ts). */
import type { LessonFrontmatter, PathData } from './content-schema'
import type { Heading } from './lesson-text'

export type CompiledLesson = LessonFrontmatter & {
	slug: string
	moduleSlug: string
	words: number
	minutes: number
	headings: Heading[]
	checkQuestions: number
	readingGrade: number
}

export type CompiledPath = Omit<PathData, 'modules'> & {
	/** SHA-256 over the path's files: changes whenever any of its content changes. */
	contentHash: string
	modules: Array<PathData['modules'][number]>
	lessons: CompiledLesson[]
	bankSize: number
}

export type CompiledCatalog = { paths: CompiledPath[] }

export const CATALOG_FILE = 'catalog.json'
export const lessonCodeFile = (pathSlug: string, lessonSlug: string) => `lessons/${pathSlug}/${lessonSlug}.js`
export const questionsFile = (pathSlug: string) => `questions/${pathSlug}.json`
