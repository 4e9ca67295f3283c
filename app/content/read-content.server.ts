/**
 * Reads content/paths/ from disk and checks everything `npm run content:check` promises: valid
 * metadata and frontmatter, lessons and objectives that exist, knowledge checks, known skills,
 * internal links, unique questions and a question bank large enough for the assessment.
 */
import fs from 'node:fs'
import path from 'node:path'
import { parse as parseYaml } from 'yaml'
import { type z } from 'zod'
import {
	lessonFrontmatterSchema,
	pathSchema,
	questionsFileSchema,
	type LessonFrontmatter,
	type PathData,
	type Question,
	type QuestionsFile,
} from './content-schema'
import { reviewProblems } from './review-dates'
import { blueprintProblems, lessonOfObjective } from './blueprint'
import { itemRuleProblems } from './item-rules'
import {
	countWords,
	extractComponents,
	extractHeadings,
	extractInternalLinks,
	extractProse,
	type Heading,
} from './lesson-text'

export const LESSON_COMPONENTS = [
	'Callout',
	'KeyTerm',
	'Figure',
	'WorkedExample',
	'Reflection',
	'KnowledgeCheck',
	'KeyTakeaways',
	'AverageExplorer',
	'AxisBaselineDemo',
] as const

/** Lesson slugs that would shadow a page of the path. */
const RESERVED_LESSON_SLUGS = new Set(['assessment'])

/** A bank of at least this many questions, at least MIN_BANK_PER_LESSON from each lesson: too many to learn by heart. */
export const MIN_BANK_SIZE = 60
export const MIN_BANK_PER_LESSON = 4
export const LESSON_WORDS = { min: 600, max: 1500 }

export type SourceLesson = {
	slug: string
	moduleSlug: string
	file: string
	frontmatter: LessonFrontmatter
	body: string
	prose: string
	words: number
	headings: Heading[]
}

export type SourcePath = {
	dir: string
	data: PathData
	lessons: SourceLesson[]
	questions: QuestionsFile
}

export type ContentProblem = { file: string; message: string }

function formatZod(error: z.ZodError): string[] {
	return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
}

function splitFrontmatter(source: string): { yaml: string; body: string } | null {
	const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(source)
	return match ? { yaml: match[1]!, body: match[2]! } : null
}

function readJson(file: string, problems: ContentProblem[]): unknown {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'))
	} catch (error) {
		const message = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file is missing' : String(error)
		problems.push({ file: path.relative(process.cwd(), file), message })
		return undefined
	}
}

/** The file's JSON checked against `schema`, or null with every problem found added to `problems`. */
function readValidJson<T>(file: string, schema: z.ZodType<T>, problems: ContentProblem[]): T | null {
	const raw = readJson(file, problems)
	if (raw === undefined) return null
	const parsed = schema.safeParse(raw)
	if (parsed.success) return parsed.data
	for (const message of formatZod(parsed.error)) problems.push({ file: path.relative(process.cwd(), file), message })
	return null
}

function normalisePrompt(prompt: string) {
	return prompt
		.toLowerCase()
		.replace(/[^\p{L}\p{N}]+/gu, ' ')
		.trim()
}

/** Reads one path folder; every problem found is added to `problems`. */
export function readPath(dir: string, problems: ContentProblem[], today = new Date()): SourcePath | null {
	const rel = (file: string) => path.relative(process.cwd(), file)
	const pathFile = path.join(dir, 'path.json')
	const questionsFile = path.join(dir, 'questions.json')
	const data = readValidJson(pathFile, pathSchema, problems)
	if (!data) return null
	if (data.slug !== path.basename(dir)) {
		problems.push({
			file: rel(pathFile),
			message: `slug "${data.slug}" must equal the folder name "${path.basename(dir)}"`,
		})
	}

	const listed = data.modules.flatMap((m) => m.lessons.map((lesson) => ({ lesson, moduleSlug: m.slug })))
	const seen = new Set<string>()
	for (const { lesson } of listed) {
		if (RESERVED_LESSON_SLUGS.has(lesson))
			problems.push({ file: rel(pathFile), message: `"${lesson}" is reserved and cannot be a lesson slug` })
		if (seen.has(lesson)) problems.push({ file: rel(pathFile), message: `lesson "${lesson}" is listed twice` })
		seen.add(lesson)
	}
	if (listed.length < 12 || listed.length > 20) {
		problems.push({ file: rel(pathFile), message: `a path has 12 to 20 lessons, this one ${listed.length}` })
	}
	const lessonDir = path.join(dir, 'lessons')
	const files = fs.existsSync(lessonDir) ? fs.readdirSync(lessonDir).filter((f) => f.endsWith('.mdx')) : []
	for (const file of files) {
		if (!seen.has(file.slice(0, -4)))
			problems.push({ file: rel(path.join(lessonDir, file)), message: 'lesson file is not listed in any module' })
	}

	const lessons: SourceLesson[] = []
	for (const { lesson: slug, moduleSlug } of listed) {
		const file = path.join(lessonDir, `${slug}.mdx`)
		if (!fs.existsSync(file)) {
			problems.push({ file: rel(pathFile), message: `lesson "${slug}" has no file lessons/${slug}.mdx` })
			continue
		}
		const split = splitFrontmatter(fs.readFileSync(file, 'utf8'))
		if (!split) {
			problems.push({ file: rel(file), message: 'missing frontmatter (a --- block at the top)' })
			continue
		}
		let yaml: unknown
		try {
			yaml = parseYaml(split.yaml)
		} catch (error) {
			problems.push({ file: rel(file), message: `frontmatter is not valid YAML: ${(error as Error).message}` })
			continue
		}
		const frontmatter = lessonFrontmatterSchema.safeParse(yaml)
		if (!frontmatter.success) {
			for (const message of formatZod(frontmatter.error))
				problems.push({ file: rel(file), message: `frontmatter ${message}` })
			continue
		}
		const prose = extractProse(split.body)
		lessons.push({
			slug,
			moduleSlug,
			file,
			frontmatter: frontmatter.data,
			body: split.body,
			prose,
			words: countWords(prose),
			headings: extractHeadings(split.body),
		})
	}

	const questions = readValidJson(questionsFile, questionsFileSchema, problems)
	if (!questions) return null
	checkLessons(data, lessons, questions, problems, rel, today)
	checkQuestions(data, lessons, questions, problems, rel(questionsFile))
	return { dir, data, lessons, questions }
}

function checkLessons(
	data: PathData,
	lessons: SourceLesson[],
	questions: QuestionsFile,
	problems: ContentProblem[],
	rel: (file: string) => string,
	today: Date,
) {
	for (const lesson of lessons) {
		const file = rel(lesson.file)
		if (lesson.words < LESSON_WORDS.min || lesson.words > LESSON_WORDS.max) {
			problems.push({ file, message: `${lesson.words} words; a lesson has ${LESSON_WORDS.min} to ${LESSON_WORDS.max}` })
		}
		for (const message of reviewProblems(lesson.frontmatter, today)) problems.push({ file, message })
		const skills = lesson.frontmatter.skills
		if (!skills.some((id) => id.startsWith('digcomp:'))) {
			problems.push({ file, message: 'the lesson is aligned to no DigComp 2.2 competence (add a digcomp:<id> skill)' })
		}
		if (!skills.some((id) => id.startsWith('esco:') || id.startsWith('platform:'))) {
			problems.push({ file, message: 'the lesson is aligned to no ESCO (or platform) skill' })
		}
		const components = extractComponents(lesson.body)
		for (const name of components) {
			if (!(LESSON_COMPONENTS as readonly string[]).includes(name))
				problems.push({ file, message: `unknown component <${name}>` })
		}
		if (!components.includes('KnowledgeCheck')) problems.push({ file, message: 'no <KnowledgeCheck /> in the lesson' })
		if (!questions.knowledgeChecks[lesson.slug])
			problems.push({ file, message: 'no knowledge-check questions in questions.json' })
		if (!components.includes('KeyTakeaways')) problems.push({ file, message: 'no <KeyTakeaways> in the lesson' })
		for (const link of extractInternalLinks(lesson.body)) {
			const match = /^\/paths\/([a-z0-9-]+)(?:\/([a-z0-9-]+))?\/?(?:#.*)?$/.exec(link)
			const ok = match && match[1] === data.slug ? !match[2] || lessons.some((l) => l.slug === match[2]) : false
			// Links to other paths are checked when every path is read (checkCrossPathLinks).
			if (match && match[1] !== data.slug) continue
			if (!ok) problems.push({ file, message: `broken internal link ${link}` })
		}
	}
}

function checkQuestions(
	data: PathData,
	lessons: SourceLesson[],
	questions: QuestionsFile,
	problems: ContentProblem[],
	file: string,
) {
	const objectives = new Set(lessons.flatMap((l) => l.frontmatter.objectives.map((o) => `${l.slug}#${o.id}`)))
	const all: Array<{ where: string; q: Question }> = [
		...Object.entries(questions.knowledgeChecks).flatMap(([slug, qs]) =>
			qs.map((q) => ({ where: `knowledgeChecks.${slug}`, q })),
		),
		...questions.bank.map((q) => ({ where: 'bank', q })),
	]
	const ids = new Map<string, string>()
	const prompts = new Map<string, string>()
	for (const { where, q } of all) {
		if (ids.has(q.id))
			problems.push({ file, message: `duplicate question id "${q.id}" (${ids.get(q.id)} and ${where})` })
		ids.set(q.id, where)
		const prompt = normalisePrompt(q.prompt)
		if (prompts.has(prompt))
			problems.push({ file, message: `duplicate question: "${q.id}" repeats the prompt of "${prompts.get(prompt)}"` })
		prompts.set(prompt, q.id)
		if (!objectives.has(q.objective))
			problems.push({ file, message: `question "${q.id}" names an objective that does not exist: ${q.objective}` })
		// A question's DigComp alignment comes from the lesson its objective belongs to; its ESCO one is its own.
		if (!q.skills.some((id) => id.startsWith('esco:') || id.startsWith('platform:'))) {
			problems.push({ file, message: `question "${q.id}" is aligned to no ESCO (or platform) skill` })
		}
	}
	for (const slug of Object.keys(questions.knowledgeChecks)) {
		if (!lessons.some((l) => l.slug === slug))
			problems.push({ file, message: `knowledge check for unknown lesson "${slug}"` })
	}
	for (const message of blueprintProblems(data, objectives, questions.bank)) problems.push({ file, message })
	const placed = [
		...Object.entries(questions.knowledgeChecks).flatMap(([lesson, qs]) =>
			qs.map((q) => ({ where: lesson, lesson, q })),
		),
		...questions.bank.map((q) => ({ where: 'bank', lesson: lessonOfObjective(q.objective), q })),
	]
	for (const { q, lesson } of placed)
		if (lessonOfObjective(q.objective) !== lesson)
			problems.push({ file, message: `${q.id}: a knowledge check of ${lesson} names an objective of another lesson` })
	const lessonSkills = new Map(lessons.map((l) => [l.slug, l.frontmatter.skills]))
	for (const message of itemRuleProblems(placed, lessonSkills)) problems.push({ file, message })
	const needed = Math.max(MIN_BANK_SIZE, 2 * data.assessment.questionCount)
	if (questions.bank.length < needed) {
		problems.push({
			file,
			message: `the bank has ${questions.bank.length} questions; an assessment of ${data.assessment.questionCount} needs at least ${needed}`,
		})
	}
	for (const lesson of lessons) {
		const inBank = questions.bank.filter((q) => lessonOfObjective(q.objective) === lesson.slug).length
		if (inBank < MIN_BANK_PER_LESSON)
			problems.push({
				file,
				message: `the bank has ${inBank} question(s) on the lesson ${lesson.slug}: it needs at least ${MIN_BANK_PER_LESSON}`,
			})
	}
	if (!questions.bank.some((q) => q.type === 'ordering' || q.type === 'matching')) {
		problems.push({ file, message: 'the bank needs at least one ordering or matching question' })
	}
}

/** Reads every path under `root` (content/paths) and checks links between paths. */
export function readAllContent(root: string, today = new Date()): { paths: SourcePath[]; problems: ContentProblem[] } {
	const problems: ContentProblem[] = []
	const dirs = fs.existsSync(root)
		? fs
				.readdirSync(root, { withFileTypes: true })
				.filter((d) => d.isDirectory())
				.map((d) => path.join(root, d.name))
				.sort()
		: []
	const paths = dirs.map((dir) => readPath(dir, problems, today)).filter((p): p is SourcePath => p !== null)
	const lessonsByPath = new Map(paths.map((p) => [p.data.slug, new Set(p.lessons.map((l) => l.slug))]))
	for (const p of paths) {
		for (const lesson of p.lessons) {
			for (const link of extractInternalLinks(lesson.body)) {
				const match = /^\/paths\/([a-z0-9-]+)(?:\/([a-z0-9-]+))?/.exec(link)
				if (!match || match[1] === p.data.slug) continue
				const target = lessonsByPath.get(match[1]!)
				if (!target || (match[2] && !target.has(match[2]))) {
					problems.push({ file: path.relative(process.cwd(), lesson.file), message: `broken internal link ${link}` })
				}
			}
		}
	}
	return { paths, problems }
}
