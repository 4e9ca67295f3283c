import path from 'node:path'
import { expect, test } from 'vitest'
import { coverEntries, coversTarget, lessonOfObjective, moduleOfLesson } from '../content/blueprint'
import { readAllContent } from '../content/read-content.server'
import { drawForPath } from './draw-questions'

/** The site's real learning paths, as their sources say (the compiled fixture stands in elsewhere). */
const { paths } = readAllContent(path.resolve(import.meta.dirname, '../../content/paths'))

const DRAWS = 1000

test('every learning path has its blueprint', () => {
	expect(paths.map((p) => p.data.slug).sort()).toEqual(['ai-ethics', 'ai-proficiency', 'data-literacy'])
})

test.each(paths.map((source) => [source.data.slug, source] as const))(
	'%s: 1,000 attempts all honour the blueprint, and every bank question can be drawn',
	(_, { data: path, questions }) => {
		const bank = questions.bank
		const byId = new Map(bank.map((q) => [q.id, q]))
		const moduleOf = moduleOfLesson(path)
		const seen = new Set<string>()
		const firstModules = new Set<string>()
		for (let i = 0; i < DRAWS; i++) {
			const ids = drawForPath(path, bank)
			expect(new Set(ids).size).toBe(path.assessment.questionCount)
			const questions = ids.map((id) => byId.get(id)!)
			const perModule: Record<string, number> = {}
			for (const q of questions) {
				const module = moduleOf.get(lessonOfObjective(q.objective))!
				perModule[module] = (perModule[module] ?? 0) + 1
			}
			expect(perModule).toEqual(path.assessment.blueprint.modules)
			for (const targets of coverEntries(path.assessment.blueprint))
				expect(
					questions.some((q) => targets.some((t) => coversTarget(q, t))),
					targets.join(' or '),
				).toBe(true)
			for (const id of ids) seen.add(id)
			firstModules.add(moduleOf.get(lessonOfObjective(questions[0]!.objective))!)
		}
		// Uniform within each module's share: over 1,000 draws no question is left out...
		expect([...seen].sort()).toEqual(bank.map((q) => q.id).sort())
		// ...and the order is shuffled, not grouped by module.
		expect(firstModules.size).toBe(path.modules.length)
	},
)

test('a cover entry is honoured however rarely its questions would be drawn, and a random source can be given', () => {
	const path = {
		modules: [
			{ slug: 'm1', lessons: ['l1', 'l2'] },
			{ slug: 'm2', lessons: ['l3'] },
		],
		assessment: { blueprint: { modules: { m1: 2, m2: 2 }, cover: [['l2#rare']] } },
	}
	const bank = [
		...Array.from({ length: 20 }, (_, i) => ({ id: `l1-${i}`, objective: 'l1#common' })),
		{ id: 'rare', objective: 'l2#rare' },
		{ id: 'rare-2', objective: 'l2#rare' },
		...Array.from({ length: 4 }, (_, i) => ({ id: `l3-${i}`, objective: 'l3#x' })),
	]
	for (let i = 0; i < 200; i++) {
		const ids = drawForPath(path, bank)
		expect(ids.filter((id) => id.startsWith('rare')).length).toBeGreaterThanOrEqual(1)
		expect(ids.filter((id) => id.startsWith('l3-'))).toHaveLength(2)
	}
	// Always the first choice: deterministic, and still by the blueprint.
	expect(drawForPath(path, bank, () => 0).sort()).toEqual(['l1-0', 'l3-0', 'l3-1', 'rare'].sort())
})
