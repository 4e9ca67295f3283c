/**
 * A compiled lesson as a JavaScript module the browser imports from this site. mdx-bundler's
 * getMDXComponent would run the same code with `new Function`, which a Content-Security-Policy
 * without 'unsafe-eval' forbids; a same-origin module needs no exception.
 */
import crypto from 'node:crypto'
import { getLessonCode } from './catalog.server'

type LessonModule = { code: string; version: string; source: string }

const modules = new Map<string, LessonModule>()

/** The module's address, with a version that changes whenever the lesson's compiled code does. */
export function lessonModuleUrl(pathSlug: string, lessonSlug: string, version: string): string {
	return `/paths/${encodeURIComponent(pathSlug)}/${encodeURIComponent(lessonSlug)}/lesson.js?v=${version}`
}

/**
 * The module for a lesson: its default export takes mdx-bundler's scope (React, ReactDOM and the
 * JSX runtime) and returns the MDX module's exports, exactly what getMDXExport returns.
 */
export function getLessonModule(pathSlug: string, lessonSlug: string): LessonModule & { url: string } {
	const key = `${pathSlug}/${lessonSlug}`
	const code = getLessonCode(pathSlug, lessonSlug)
	let module = modules.get(key)
	if (module?.code !== code) {
		const version = crypto.createHash('sha256').update(code).digest('hex').slice(0, 16)
		const source = `export default function (React, ReactDOM, _jsx_runtime) {\n${code}\n}\n`
		module = { code, version, source }
		modules.set(key, module)
	}
	return { ...module, url: lessonModuleUrl(pathSlug, lessonSlug, module.version) }
}

/** The address of a lesson's module, for the lesson page to import. */
export function lessonModuleUrlFor(pathSlug: string, lessonSlug: string): string {
	return getLessonModule(pathSlug, lessonSlug).url
}
