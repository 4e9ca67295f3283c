/**
 * `npm run content:check`: every rule of content/README.md, then a report per path (modules,
 * lessons, words, questions, checks, sources, reading grade; the assessment's blueprint, how much of
 * the bank three attempts show, and what a guesser who picks the longest option scores against chance).
 * Exits non-zero on any problem.
 */
import path from 'node:path'
import { readAllContent } from '../app/content/read-content.server'
import { readingGrade, readingGradeProblems } from '../app/content/readability'
import { skillNoteProblems } from '../app/content/skill-ids'
import { moduleOfLesson } from '../app/content/blueprint'
import { guesserProblem, longestOptionGuesser, MAX_GUESSER_GAP } from '../app/content/item-rules'
import { MAX_THREE_ATTEMPT_EXPOSURE, threeAttemptExposure } from '../app/learning/bank-exposure'

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
	for (const message of readingGradeProblems(p.lessons.map((l, i) => ({ slug: l.slug, grade: grades[i]! }))))
		problems.push({ file: `content/paths/${p.data.slug}`, message })
	const { blueprint, questionCount } = p.data.assessment
	const moduleOf = moduleOfLesson(p.data)
	const inModule = (slug: string) =>
		p.questions.bank.filter((q) => moduleOf.get(q.objective.split('#')[0]!) === slug).length
	const shares = Object.entries(blueprint.modules).map(([slug, n]) => `${slug} ${n} of ${inModule(slug)}`)
	const covers = blueprint.cover.map((entry) => [entry].flat().join(' or '))
	console.log(
		`  assessment: ${questionCount} questions from a bank of ${p.questions.bank.length}, by module: ${shares.join(', ')}` +
			(covers.length > 0 ? `; every attempt covers ${covers.join('; ')}` : ''),
	)
	const all = [...Object.values(p.questions.knowledgeChecks).flat(), ...p.questions.bank]
	const { guesser, chance } = longestOptionGuesser(all)
	console.log(
		`  a guesser who always picks the longest option scores ${guesser.toFixed(0)}% on its single-choice items ` +
			`(chance ${chance.toFixed(0)}%, ${(guesser - chance).toFixed(0)} points apart; at most ${MAX_GUESSER_GAP} either way)`,
	)
	const gap = guesserProblem({ guesser, chance })
	if (gap) problems.push({ file: `content/paths/${p.data.slug}/questions.json`, message: gap })
	if (problems.length === 0) {
		const exposure = threeAttemptExposure(p.data, p.questions.bank)
		console.log(
			`  three attempts show ${(exposure * 100).toFixed(1)}% of the bank on average (under ${MAX_THREE_ATTEMPT_EXPOSURE * 100}% required)`,
		)
		if (exposure >= MAX_THREE_ATTEMPT_EXPOSURE)
			problems.push({
				file: `content/paths/${p.data.slug}/questions.json`,
				message: `three attempts show ${(exposure * 100).toFixed(1)}% of the bank on average: a bank that can be learnt by heart (under ${MAX_THREE_ATTEMPT_EXPOSURE * 100}% required; add questions)`,
			})
	}
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
