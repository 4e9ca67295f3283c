import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, test } from 'vitest'
import { mdxComponents } from '../components/lesson/mdx-components'
import { FIXTURE_REVIEWED, lessonSlug, writeFixtureContent } from '../../tests/fixtures/content-fixture'
import { LESSON_COMPONENTS, readAllContent } from './read-content.server'

type Mutate = Parameters<typeof writeFixtureContent>[1]

function check(mutate?: Mutate) {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'skillproof-content-'))
	try {
		writeFixtureContent(root, mutate)
		return readAllContent(root).problems.map((p) => p.message)
	} finally {
		fs.rmSync(root, { recursive: true, force: true })
	}
}

test('the fixture path is valid', () => {
	expect(check()).toEqual([])
})

test('the components the checker accepts are exactly the ones lessons can render', () => {
	expect([...LESSON_COMPONENTS].sort()).toEqual(Object.keys(mdxComponents).sort())
})

test.each<[string, Mutate, RegExp]>([
	[
		'invalid frontmatter',
		(f) => {
			f.lessons[0] = f.lessons[0]!.replace('title: Lesson 1 about counting', 'title: [unclosed')
		},
		/frontmatter is not valid YAML/,
	],
	[
		'a frontmatter field of the wrong shape',
		(f) => {
			f.lessons[1] = f.lessons[1]!.replace('summary: How', 'summary:\n  - How')
		},
		/frontmatter summary/,
	],
	[
		'a broken internal link',
		(f) => {
			f.lessons[2] = f.lessons[2]!.replace('/paths/fixture-path/lesson-1)', '/paths/fixture-path/no-such-lesson)')
		},
		/broken internal link \/paths\/fixture-path\/no-such-lesson/,
	],
	[
		'a lesson with no objectives',
		(f) => {
			f.lessons[3] = f.lessons[3]!.replace(/objectives:\n( {2}- [\s\S]*?)skills:/, 'objectives: []\nskills:')
		},
		/a lesson has 2 to 4 objectives/,
	],
	[
		'a lesson without a knowledge check',
		(f) => {
			f.lessons[4] = f.lessons[4]!.replace('<KnowledgeCheck />', '')
		},
		/no <KnowledgeCheck \/> in the lesson/,
	],
	[
		'a lesson whose check has no questions',
		(f) => {
			delete f.questions.knowledgeChecks['lesson-5']
		},
		/no knowledge-check questions in questions.json/,
	],
	[
		'an unknown skill id',
		(f) => {
			f.lessons[5] = f.lessons[5]!.replace(
				'skills: [esco:',
				'skills: [esco:00000000-0000-0000-0000-000000000000, esco:',
			)
		},
		/unknown skill id "esco:00000000-0000-0000-0000-000000000000"/,
	],
	[
		'a lesson aligned to no DigComp competence',
		(f) => {
			f.lessons[7] = f.lessons[7]!.replace(', digcomp:1.2]', ']')
		},
		/aligned to no DigComp 2.2 competence/,
	],
	[
		'a question aligned to no ESCO skill',
		(f) => {
			;(f.questions.bank[4] as { skills: string[] }).skills = ['digcomp:1.2']
		},
		/question "bank-5" is aligned to no ESCO/,
	],
	[
		'a duplicate question',
		(f) => {
			f.questions.bank.push({ ...(f.questions.bank[0] as object), id: 'bank-copy' })
		},
		/duplicate question: "bank-copy" repeats the prompt of "bank-1"/,
	],
	[
		'a duplicate question id',
		(f) => {
			f.questions.bank.push({ ...(f.questions.bank[1] as object), prompt: 'A new prompt entirely?' })
		},
		/duplicate question id "bank-2"/,
	],
	[
		'a lesson on the law not reviewed in the last 12 months',
		(f) => {
			f.lessons[3] = f.lessons[3]!.replace(
				`reviewed: ${FIXTURE_REVIEWED}`,
				"reviewed: 2024-06-30\nlaw:\n  asOf: 2024-06-30\n  changes: 'The first edition.'",
			)
		},
		/last reviewed on 2024-06-30, more than 12 months ago/,
	],
	[
		'a lesson with no review date',
		(f) => {
			f.lessons[5] = f.lessons[5]!.replace(`reviewed: ${FIXTURE_REVIEWED}\n`, '')
		},
		/frontmatter reviewed: /,
	],
	[
		'a review date that is not a date',
		(f) => {
			f.lessons[2] = f.lessons[2]!.replace(`reviewed: ${FIXTURE_REVIEWED}`, 'reviewed: 2026-02-30')
		},
		/frontmatter reviewed: is not a calendar date/,
	],
	[
		'a bank too small for the assessment',
		(f) => {
			f.questions.bank.splice(5)
		},
		/the bank has 5 questions; an assessment of 12 needs at least 60/,
	],
	[
		'a bank one question short of the minimum',
		(f) => {
			f.questions.bank.splice(
				f.questions.bank.findIndex((q) => (q as { id: string }).id === 'bank-58'),
				1,
			)
		},
		/the bank has 59 questions; an assessment of 12 needs at least 60/,
	],
	[
		'a lesson with only three bank questions',
		(f) => {
			// bank-12, 24, 36 and 48 are lesson 12's; the last goes to lesson 11.
			;(f.questions.bank[47] as { objective: string }).objective = `${lessonSlug(10)}#count-carefully`
		},
		/the bank has 3 question\(s\) on the lesson lesson-12[^:]*: it needs at least 4/,
	],
	[
		'an unknown component',
		(f) => {
			f.lessons[6] = f.lessons[6]!.replace('<KnowledgeCheck />', '<KnowledgeCheck />\n\n<Quiz />')
		},
		/unknown component <Quiz>/,
	],
	[
		'an answer that names no option',
		(f) => {
			;(f.questions.bank[2] as { answer: string[] }).answer = ['z']
		},
		/the answer names an option that does not exist/,
	],
	[
		'a question tied to an objective that does not exist',
		(f) => {
			;(f.questions.bank[3] as { objective: string }).objective = 'lesson-1#no-such-objective'
		},
		/names an objective that does not exist/,
	],
	[
		'a lesson file missing',
		(f) => {
			f.path.modules[0]!.lessons.push('lesson-99')
		},
		/lesson "lesson-99" has no file/,
	],
	[
		'a blueprint whose shares do not add up to the assessment',
		(f) => {
			f.path.assessment.blueprint.modules['module-1'] = 4
		},
		/the blueprint's shares add up to 13, but the assessment has 12 questions/,
	],
	[
		'a blueprint share under 2',
		(f) => {
			f.path.assessment.blueprint.modules['module-1'] = 1
			f.path.assessment.blueprint.modules['module-2'] = 5
		},
		/each module contributes at least 2 questions/,
	],
	[
		'a blueprint that leaves a module out',
		(f) => {
			delete (f.path.assessment.blueprint.modules as Record<string, number>)['module-4']
			f.path.assessment.blueprint.modules['module-1'] = 6
		},
		/the blueprint gives no share to the module module-4/,
	],
	[
		'a blueprint share larger than half of its module’s bank',
		(f) => {
			f.path.assessment.blueprint.modules['module-3'] = 4
			f.path.assessment.blueprint.modules['module-4'] = 2
			// Module 3 (lessons 7 to 9) keeps two questions per lesson.
			const kept = new Map<string, number>()
			f.questions.bank = f.questions.bank.filter((q) => {
				const lesson = (q as { objective: string }).objective.split('#')[0]!
				if (!['lesson-7', 'lesson-8', 'lesson-9'].includes(lesson)) return true
				kept.set(lesson, (kept.get(lesson) ?? 0) + 1)
				return kept.get(lesson)! <= 2
			})
		},
		/the module module-3 gives 4 questions from a bank of 6: it needs at least 8/,
	],
	[
		'a blueprint that covers a lesson the path does not have',
		(f) => {
			;(f.path.assessment.blueprint.cover as unknown[]).push('no-such-lesson')
		},
		/the blueprint covers what the path does not teach: no-such-lesson/,
	],
	[
		'a blueprint cover entry across two modules',
		(f) => {
			;(f.path.assessment.blueprint.cover as unknown[]).push([lessonSlug(0), lessonSlug(3)])
		},
		/spans modules module-1 and module-2: keep it to one/,
	],
])('rejects %s', (_name, mutate, expected) => {
	const problems = check(mutate)
	expect(
		problems.some((p) => expected.test(p)),
		problems.join('\n'),
	).toBe(true)
})
