/**
 * `npm run content:check`: every rule of content/README.md, then a report per path (modules,
 * lessons, words, questions, checks, sources, reading grade). Exits non-zero on any problem.
 */
import path from 'node:path'
import { readAllContent } from '../app/content/read-content.server'
import { readingGrade } from '../app/content/readability'
import { skillNoteProblems } from '../app/content/skill-ids'

const root = path.resolve(import.meta.dirname, '..')
const { paths, problems } = readAllContent(path.resolve(root, process.env.CONTENT_SOURCE_DIR ?? 'content/paths'))

for (const p of paths) {
	const words = p.lessons.reduce((n, l) => n + l.words, 0)
	const grades = p.lessons.map((l) => readingGrade(l.prose))
	const average = grades.length ? grades.reduce((a, b) => a + b, 0) / grades.length : 0
	const sources = new Set(p.lessons.flatMap((l) => l.frontmatter.sources.map((s) => s.url ?? s.title)))
	const checks = Object.values(p.questions.knowledgeChecks).reduce((n, qs) => n + qs.length, 0)
	console.log(
		`${p.data.slug}: ${p.data.modules.length} modules, ${p.lessons.length} lessons, ${words} words, ` +
			`${p.questions.bank.length} questions in the bank, ${Object.keys(p.questions.knowledgeChecks).length} knowledge checks ` +
			`(${checks} questions), ${sources.size} sources, average reading grade ${average.toFixed(1)} ` +
			`(highest ${Math.max(...grades).toFixed(1)})`,
	)
}
for (const message of skillNoteProblems()) problems.push({ file: 'content/skills/skill-notes.json', message })
if (paths.length === 0 && problems.length === 0)
	problems.push({ file: 'content/paths', message: 'no learning paths found' })
for (const problem of problems) console.error(`${problem.file}: ${problem.message}`)
if (problems.length > 0) {
	console.error(`\n${problems.length} problem(s) in the content.`)
	process.exit(1)
}
console.log('Content check passed.')
