/**
 * The compiled learning content, read from disk once and kept in memory. Requests never compile
 * MDX; in development the files are re-read when the content watcher rewrites them.
 */
import fs from 'node:fs'
import path from 'node:path'
import { config } from '../config.server'
import { invariantResponse } from '../http/invariant'
import { questionsFileSchema, type Question, type QuestionsFile } from './content-schema'
import {
	CATALOG_FILE,
	lessonCodeFile,
	questionsFile,
	type CompiledCatalog,
	type CompiledLesson,
	type CompiledPath,
} from './compiled-content'

const dir = path.resolve(config.CONTENT_BUILD_DIR)

type Loaded = {
	mtimeMs: number
	catalog: CompiledCatalog
	code: Map<string, string>
	questions: Map<string, QuestionsFile>
}
let loaded: Loaded | null = null

function load(): Loaded {
	const file = path.join(dir, CATALOG_FILE)
	if (loaded && config.isProduction) return loaded
	let mtimeMs: number
	try {
		mtimeMs = fs.statSync(file).mtimeMs
	} catch {
		throw new Error(`No compiled content at ${file}: run \`npm run build\` (or \`npm run content:build\`).`)
	}
	if (loaded?.mtimeMs === mtimeMs) return loaded
	const catalog = JSON.parse(fs.readFileSync(file, 'utf8')) as CompiledCatalog
	loaded = { mtimeMs, catalog, code: new Map(), questions: new Map() }
	return loaded
}

export function listPaths(): CompiledPath[] {
	return load().catalog.paths
}

export function getPath(slug: string): CompiledPath | undefined {
	return listPaths().find((p) => p.slug === slug)
}

export function getLesson(p: CompiledPath, lessonSlug: string): CompiledLesson | undefined {
	return p.lessons.find((l) => l.slug === lessonSlug)
}

/** The compiled MDX of a lesson (a function body for mdx-bundler's getMDXComponent). */
export function getLessonCode(pathSlug: string, lessonSlug: string): string {
	const state = load()
	const key = `${pathSlug}/${lessonSlug}`
	let code = state.code.get(key)
	if (code === undefined) {
		code = fs.readFileSync(path.join(dir, lessonCodeFile(pathSlug, lessonSlug)), 'utf8')
		state.code.set(key, code)
	}
	return code
}

/** The path's questions WITH their answers: server only, never returned to the browser as is. */
export function getQuestions(pathSlug: string): QuestionsFile {
	const state = load()
	let questions = state.questions.get(pathSlug)
	if (!questions) {
		questions = questionsFileSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, questionsFile(pathSlug)), 'utf8')))
		state.questions.set(pathSlug, questions)
	}
	return questions
}

export function getKnowledgeCheck(pathSlug: string, lessonSlug: string): Question[] {
	return getQuestions(pathSlug).knowledgeChecks[lessonSlug] ?? []
}

/** The path at `slug`, or a 404 response for the route to throw. */
export function requirePath(slug: string): CompiledPath {
	const path = getPath(slug)
	invariantResponse(path, 'There is no learning path at this address.')
	return path
}
