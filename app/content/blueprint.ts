/**
 * A path's assessment blueprint (path.json, `assessment.blueprint`): how many questions each module
 * contributes and what every attempt must cover. Its rules are checked with the content, so an
 * attempt can always be drawn by it (learning/draw-questions.ts).
 */
import type { PathData } from './content-schema'

export type Blueprint = PathData['assessment']['blueprint']
type BankQuestion = { id: string; objective: string }

export const lessonOfObjective = (objective: string) => objective.split('#')[0]!

/** Each lesson of a path, to the module that holds it. */
export const moduleOfLesson = (path: { modules: ReadonlyArray<{ slug: string; lessons: readonly string[] }> }) =>
	new Map(path.modules.flatMap((m) => m.lessons.map((lesson) => [lesson, m.slug] as const)))

/** Whether a question answers to a blueprint target: a lesson, or one objective of it. */
export const coversTarget = (question: BankQuestion, target: string) =>
	target.includes('#') ? question.objective === target : lessonOfObjective(question.objective) === target

/** The blueprint's cover entries as lists of targets (a single target is a list of one). */
export const coverEntries = (blueprint: Blueprint) => blueprint.cover.map((entry) => [entry].flat())

/**
 * What is wrong with a path's blueprint, given its objectives (`<lesson>#<id>`) and bank: every module
 * named once with at least 2 questions, adding up to the assessment's length; each module's share at
 * most half of its bank questions, so two attempts need not repeat themselves; every cover target an
 * existing lesson or objective, each entry within one module, answered by at least two questions, and
 * no more entries in a module than its share.
 */
export function blueprintProblems(data: PathData, objectives: Set<string>, bank: BankQuestion[]): string[] {
	const problems: string[] = []
	const { blueprint, questionCount } = data.assessment
	const moduleOf = moduleOfLesson(data)
	const modules = data.modules.map((m) => m.slug)
	for (const slug of Object.keys(blueprint.modules))
		if (!modules.includes(slug)) problems.push(`the blueprint names a module the path does not have: ${slug}`)
	for (const slug of modules)
		if (blueprint.modules[slug] === undefined) problems.push(`the blueprint gives no share to the module ${slug}`)
	const total = Object.values(blueprint.modules).reduce((a, b) => a + b, 0)
	if (total !== questionCount)
		problems.push(`the blueprint's shares add up to ${total}, but the assessment has ${questionCount} questions`)
	for (const [slug, share] of Object.entries(blueprint.modules)) {
		const inModule = bank.filter((q) => moduleOf.get(lessonOfObjective(q.objective)) === slug).length
		if (inModule < 2 * share)
			problems.push(
				`the module ${slug} gives ${share} questions from a bank of ${inModule}: it needs at least ${2 * share}`,
			)
	}
	const coversPerModule = new Map<string, number>()
	for (const targets of coverEntries(blueprint)) {
		const label = targets.join(' or ')
		const unknown = targets.filter((t) => (t.includes('#') ? !objectives.has(t) : !moduleOf.has(t)))
		if (unknown.length > 0) {
			problems.push(`the blueprint covers what the path does not teach: ${unknown.join(', ')}`)
			continue
		}
		const owners = new Set(targets.map((t) => moduleOf.get(lessonOfObjective(t))!))
		if (owners.size > 1) {
			problems.push(`the blueprint's cover entry ${label} spans modules ${[...owners].join(' and ')}: keep it to one`)
			continue
		}
		const owner = [...owners][0]!
		coversPerModule.set(owner, (coversPerModule.get(owner) ?? 0) + 1)
		const answering = bank.filter((q) => targets.some((t) => coversTarget(q, t))).length
		if (answering < 2)
			problems.push(`the blueprint covers ${label}, which ${answering} bank question(s) answer: it needs at least 2`)
	}
	for (const [slug, entries] of coversPerModule) {
		const share = blueprint.modules[slug] ?? 0
		if (entries > share)
			problems.push(`the module ${slug} must cover ${entries} entries with a share of ${share} questions`)
	}
	return problems
}
