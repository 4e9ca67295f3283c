/**
 * Drawing an attempt's questions by its path's blueprint: each module contributes its number of
 * questions, what the blueprint says to cover is in every attempt, and the rest of each module's
 * share is drawn uniformly from its other questions; the whole is then shuffled, so the order says
 * nothing of the modules. The source of randomness is cryptographic unless a test gives its own.
 */
import { randomInt } from 'node:crypto'
import {
	coverEntries,
	coversTarget,
	lessonOfObjective as lessonOf,
	moduleOfLesson,
	type Blueprint,
} from '../content/blueprint'

type Drawable = { id: string; objective: string }

/**
 * The ids of an attempt's questions. `moduleOfLesson` places each question (by its objective's
 * lesson) in its module. Throws when the bank cannot honour the blueprint, which the content check
 * refuses before it can happen.
 */
export function drawQuestions(
	bank: Drawable[],
	blueprint: Blueprint,
	moduleOfLesson: (lesson: string) => string | undefined,
	random: (max: number) => number = randomInt,
): string[] {
	const picked = new Set<string>()
	const take = (candidates: Drawable[], what: string) => {
		const free = candidates.filter((q) => !picked.has(q.id))
		if (free.length === 0) throw new Error(`The bank has no question left for ${what}.`)
		picked.add(free[random(free.length)]!.id)
	}
	for (const [module, count] of Object.entries(blueprint.modules)) {
		const inModule = bank.filter((q) => moduleOfLesson(lessonOf(q.objective)) === module)
		const covers = coverEntries(blueprint).filter((targets) => moduleOfLesson(lessonOf(targets[0]!)) === module)
		for (const targets of covers) {
			const answering = inModule.filter((q) => targets.some((t) => coversTarget(q, t)))
			if (answering.some((q) => picked.has(q.id))) continue
			take(answering, targets.join(' or '))
		}
		while (inModule.filter((q) => picked.has(q.id)).length < count) take(inModule, `module ${module}`)
	}
	const ids = [...picked]
	for (let i = ids.length - 1; i > 0; i--) {
		const j = random(i + 1)
		;[ids[i], ids[j]] = [ids[j]!, ids[i]!]
	}
	return ids
}

/** An attempt's questions for `path`, by its blueprint (its modules place each lesson). */
export function drawForPath(
	path: { modules: Array<{ slug: string; lessons: string[] }>; assessment: { blueprint: Blueprint } },
	bank: Drawable[],
	random?: (max: number) => number,
): string[] {
	const moduleOf = moduleOfLesson(path)
	return drawQuestions(bank, path.assessment.blueprint, (lesson) => moduleOf.get(lesson), random)
}
