/** The shape of the learning content in content/paths/ (see content/README.md), checked with zod. */
import { z } from 'zod'
import { isKnownSkillId } from './skill-ids'

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'use lower-case words joined by hyphens')
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max)

export const skillIdSchema = z.string().refine(isKnownSkillId, {
	error: (issue) =>
		`unknown skill id "${String(issue.input)}" (use esco:<uuid>, digcomp:<id> or platform:<id> from content/skills)`,
})

export const topicSchema = z.enum(['data-literacy', 'ai-proficiency', 'ai-ethics'])
export const levelSchema = z.enum(['foundation', 'intermediate', 'advanced'])

/** A lesson an assessment must cover, or one of its objectives (see pathSchema's blueprint). */
const coverTarget = z.string().regex(/^[a-z0-9-]+(#[a-z0-9-]+)?$/, 'use <lesson-slug> or <lesson-slug>#<objective-id>')

export const pathSchema = z.strictObject({
	slug,
	version: z.number().int().min(1),
	title: text(120),
	summary: text(300),
	description: text(1500),
	topic: topicSchema,
	level: levelSchema,
	skills: z.array(skillIdSchema).min(1),
	credential: z.strictObject({
		name: text(120),
		description: text(600),
		criteria: text(600),
		validForMonths: z.number().int().min(1).max(120),
	}),
	assessment: z.strictObject({
		questionCount: z.number().int().min(5).max(50),
		/**
		 * What every attempt holds: how many questions each module contributes (all of them, at least 2
		 * each, adding up to questionCount), and what each must cover: a lesson (`<lesson>`) or one of its
		 * objectives (`<lesson>#<objective>`), or a list of those of which any one will do.
		 */
		blueprint: z.strictObject({
			modules: z.record(slug, z.number().int().min(2, 'each module contributes at least 2 questions')),
			cover: z.array(z.union([coverTarget, z.array(coverTarget).min(1)])).default([]),
		}),
		passMark: z.number().min(0.5).max(1).default(0.8),
		maxAttempts: z.number().int().min(1).max(10),
		attemptWindowHours: z
			.number()
			.int()
			.min(1)
			.max(24 * 30),
	}),
	modules: z
		.array(
			z.strictObject({
				slug,
				title: text(120),
				summary: text(400),
				lessons: z.array(slug).min(1),
			}),
		)
		.min(4, 'a path has 4 to 6 modules')
		.max(6, 'a path has 4 to 6 modules'),
})
export type PathData = z.infer<typeof pathSchema>

/** A calendar date as YYYY-MM-DD (quoted or not in YAML 1.2, where it stays a string). */
export const isoDate = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/, 'use a date as YYYY-MM-DD')
	.refine(
		(d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
		{
			message: 'is not a calendar date',
		},
	)

/**
 * A source carries its year: the year it was published or last revised. A web page that shows no
 * date of its own (much official guidance is edited in place) gives instead the day it was read,
 * `accessed`, and is cited as undated and consulted on that day; a year is never guessed.
 */
export const sourceSchema = z
	.strictObject({
		title: text(300),
		publisher: text(200).optional(),
		url: z.url({ protocol: /^https?$/ }).optional(),
		year: z.number().int().min(1800).max(2100).optional(),
		accessed: isoDate.optional(),
	})
	.refine((s) => s.year !== undefined || s.accessed !== undefined, {
		message: 'a source needs its `year`, or, for a web page that shows no date, the day it was `accessed`',
	})
	.refine((s) => s.accessed === undefined || s.url !== undefined, {
		message: '`accessed` is for web pages: give the `url` too',
		path: ['accessed'],
	})

export const lessonFrontmatterSchema = z.strictObject({
	title: text(120),
	summary: text(300),
	objectives: z
		.array(z.strictObject({ id: slug, text: text(300) }))
		.min(2, 'a lesson has 2 to 4 objectives')
		.max(4, 'a lesson has 2 to 4 objectives'),
	skills: z.array(skillIdSchema).min(1, 'a lesson teaches at least one skill'),
	sources: z.array(sourceSchema).default([]),
	/** When the lesson was last reviewed for accuracy. */
	reviewed: isoDate,
	/**
	 * For a lesson on laws or regulations: the date its account of the law is current to, and what
	 * changed in the law (or in the lesson's account of it) since the previous edition.
	 */
	law: z.strictObject({ asOf: isoDate, changes: text(800) }).optional(),
})
export type LessonFrontmatter = z.infer<typeof lessonFrontmatterSchema>

const choice = z.strictObject({ id: z.string().regex(/^[a-z0-9-]+$/), text: text(500) })
const questionBase = {
	id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and hyphens'),
	prompt: text(1000),
	explanation: text(1500),
	objective: z.string().regex(/^[a-z0-9-]+#[a-z0-9-]+$/, 'use <lesson-slug>#<objective-id>'),
	skills: z.array(skillIdSchema).min(1),
}

function uniqueIds(items: Array<{ id: string }>) {
	return new Set(items.map((i) => i.id)).size === items.length
}

export const questionSchema = z
	.discriminatedUnion('type', [
		z.strictObject({
			...questionBase,
			type: z.literal('single'),
			options: z.array(choice).min(3).max(5),
			answer: z.array(z.string()).length(1, 'a single-choice question has exactly one answer'),
		}),
		z.strictObject({
			...questionBase,
			type: z.literal('multiple'),
			options: z.array(choice).min(4).max(6),
			answer: z.array(z.string()).min(2, 'a multiple-choice question has at least two answers'),
		}),
		z.strictObject({
			...questionBase,
			type: z.literal('ordering'),
			options: z.array(choice).min(3).max(7),
			answer: z.array(z.string()),
		}),
		z.strictObject({
			...questionBase,
			type: z.literal('matching'),
			options: z.array(choice).min(3).max(6),
			targets: z.array(choice).min(2).max(8),
			answer: z.record(z.string(), z.string()),
		}),
	])
	.superRefine((q, ctx) => {
		if (!uniqueIds(q.options)) ctx.addIssue({ code: 'custom', message: 'option ids repeat', path: ['options'] })
		const optionIds = new Set(q.options.map((o) => o.id))
		if (q.type === 'matching') {
			const targetIds = new Set(q.targets.map((t) => t.id))
			const keys = Object.keys(q.answer)
			if (keys.length !== optionIds.size || !keys.every((k) => optionIds.has(k))) {
				ctx.addIssue({ code: 'custom', message: 'the answer must match every option exactly once', path: ['answer'] })
			}
			if (!Object.values(q.answer).every((t) => targetIds.has(t))) {
				ctx.addIssue({ code: 'custom', message: 'the answer names a target that does not exist', path: ['answer'] })
			}
			return
		}
		if (!q.answer.every((a) => optionIds.has(a)) || new Set(q.answer).size !== q.answer.length) {
			ctx.addIssue({
				code: 'custom',
				message: 'the answer names an option that does not exist, or repeats one',
				path: ['answer'],
			})
		}
		if (q.type === 'ordering' && q.answer.length !== optionIds.size) {
			ctx.addIssue({ code: 'custom', message: 'an ordering answer lists every option once', path: ['answer'] })
		}
		if (q.type === 'multiple' && q.answer.length === optionIds.size) {
			ctx.addIssue({
				code: 'custom',
				message: 'at least one option of a multiple-choice question must be wrong',
				path: ['answer'],
			})
		}
	})
export type Question = z.infer<typeof questionSchema>

export const questionsFileSchema = z.strictObject({
	knowledgeChecks: z.record(
		slug,
		z
			.array(questionSchema)
			.min(2, 'a knowledge check has 2 to 4 questions')
			.max(4, 'a knowledge check has 2 to 4 questions'),
	),
	bank: z.array(questionSchema),
})
export type QuestionsFile = z.infer<typeof questionsFileSchema>
