/**
 * Compiles the learning content ahead of time into build/content (or CONTENT_BUILD_DIR):
 * catalog.json (metadata), lessons/<path>/<lesson>.js (compiled MDX) and questions/<path>.json
 * (server only). Compiled lessons are cached by the hash of their source in .cache/content, so a
 * rebuild compiles only what changed. `--watch` rebuilds on every change (development).
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { compileLesson } from '../app/content/compile-lesson.server'
import {
	CATALOG_FILE,
	lessonCodeFile,
	questionsFile,
	type CompiledCatalog,
	type CompiledPath,
} from '../app/content/compiled-content'
import { estimateMinutes } from '../app/content/lesson-text'
import { readAllContent, type SourcePath } from '../app/content/read-content.server'
import { readingGrade } from '../app/content/readability'

const root = path.resolve(import.meta.dirname, '..')
const contentRoot = path.resolve(root, process.env.CONTENT_SOURCE_DIR ?? 'content/paths')
const defaultOutDir = path.resolve(root, process.env.CONTENT_BUILD_DIR ?? 'build/content')
const cacheDir = path.join(root, '.cache/content')
const COMPILER_VERSION = '1'

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex')

function hashPath(p: SourcePath): string {
	const files = [path.join(p.dir, 'path.json'), path.join(p.dir, 'questions.json'), ...p.lessons.map((l) => l.file)]
	return sha256(files.map((f) => `${path.relative(p.dir, f)}\n${fs.readFileSync(f, 'utf8')}`).join('\n'))
}

async function compileCached(source: string, cwd: string) {
	const key = sha256(`${COMPILER_VERSION}\n${source}`)
	const cached = path.join(cacheDir, `${key}.js`)
	if (fs.existsSync(cached)) return { code: fs.readFileSync(cached, 'utf8'), compiled: false }
	const code = await compileLesson(source, cwd)
	fs.mkdirSync(cacheDir, { recursive: true })
	fs.writeFileSync(cached, code)
	return { code, compiled: true }
}

function writeAtomically(file: string, content: string) {
	fs.mkdirSync(path.dirname(file), { recursive: true })
	const tmp = `${file}.${process.pid}.tmp`
	fs.writeFileSync(tmp, content)
	fs.renameSync(tmp, file)
}

export async function buildContent(
	sourceDir = contentRoot,
	outDir = defaultOutDir,
): Promise<{ lessons: number; compiled: number }> {
	const { paths, problems } = readAllContent(sourceDir)
	if (problems.length > 0) {
		throw new Error(
			`Content has ${problems.length} problem(s); run npm run content:check\n` +
				problems
					.slice(0, 20)
					.map((p) => `  ${p.file}: ${p.message}`)
					.join('\n'),
		)
	}
	let compiled = 0
	const catalog: CompiledCatalog = { paths: [] }
	for (const p of paths) {
		const lessons = []
		for (const lesson of p.lessons) {
			const result = await compileCached(fs.readFileSync(lesson.file, 'utf8'), path.dirname(lesson.file))
			if (result.compiled) compiled++
			writeAtomically(path.join(outDir, lessonCodeFile(p.data.slug, lesson.slug)), result.code)
			const checkQuestions = p.questions.knowledgeChecks[lesson.slug]?.length ?? 0
			lessons.push({
				...lesson.frontmatter,
				slug: lesson.slug,
				moduleSlug: lesson.moduleSlug,
				words: lesson.words,
				minutes: estimateMinutes(lesson.words, checkQuestions),
				headings: lesson.headings,
				checkQuestions,
				readingGrade: readingGrade(lesson.prose),
			})
		}
		writeAtomically(path.join(outDir, questionsFile(p.data.slug)), JSON.stringify(p.questions))
		const entry: CompiledPath = { ...p.data, contentHash: hashPath(p), lessons, bankSize: p.questions.bank.length }
		catalog.paths.push(entry)
	}
	// The catalog is written last: a reader never sees a catalog whose lessons are missing.
	writeAtomically(path.join(outDir, CATALOG_FILE), JSON.stringify(catalog))
	return { lessons: catalog.paths.reduce((n, p) => n + p.lessons.length, 0), compiled }
}

async function run() {
	const started = performance.now()
	try {
		const { lessons, compiled } = await buildContent()
		console.log(
			`Content: ${lessons} lessons ready in ${path.relative(root, defaultOutDir)} (${compiled} compiled) in ${Math.round(performance.now() - started)} ms`,
		)
		return true
	} catch (error) {
		console.error(error instanceof Error ? error.message : error)
		return false
	}
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	const ok = await run()
	if (process.argv.includes('--watch')) {
		let timer: NodeJS.Timeout | undefined
		fs.watch(contentRoot, { recursive: true }, () => {
			clearTimeout(timer)
			timer = setTimeout(() => void run(), 150)
		})
		console.log('Content: watching content/ for changes')
	} else if (!ok) {
		process.exit(1)
	}
}
