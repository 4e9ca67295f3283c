/**
 * Which paths, lessons and final assessments teach or test each skill, read from the compiled
 * content once per content build.
 */
import { listPaths, getQuestions } from '../content/catalog.server'
import type { CompiledPath } from '../content/compiled-content'
import { TOPIC_LABELS } from '../content/labels'
import { getSkill, listSkills, type Skill, type SkillFramework, type Topic } from '../content/skill-ids'

export type SkillUse = {
	paths: Array<{ slug: string; title: string }>
	lessons: Array<{ pathSlug: string; pathTitle: string; slug: string; title: string }>
	/** Final assessments whose question bank has questions tagged with the skill. */
	assessments: Array<{ pathSlug: string; pathTitle: string; questions: number; objectives: number }>
}

let cache: { paths: CompiledPath[]; uses: Map<string, SkillUse> } | null = null

function buildUses(paths: CompiledPath[]): Map<string, SkillUse> {
	const uses = new Map<string, SkillUse>()
	const entryFor = (id: string) => {
		let use = uses.get(id)
		if (!use) {
			use = { paths: [], lessons: [], assessments: [] }
			uses.set(id, use)
		}
		return use
	}
	for (const path of paths) {
		for (const id of path.skills) entryFor(id).paths.push({ slug: path.slug, title: path.title })
		for (const lesson of path.lessons) {
			for (const id of lesson.skills) {
				entryFor(id).lessons.push({
					pathSlug: path.slug,
					pathTitle: path.title,
					slug: lesson.slug,
					title: lesson.title,
				})
			}
		}
		const tagged = new Map<string, { questions: number; objectives: Set<string> }>()
		for (const question of getQuestions(path.slug).bank) {
			for (const id of question.skills) {
				const entry = tagged.get(id) ?? { questions: 0, objectives: new Set<string>() }
				entry.questions += 1
				entry.objectives.add(question.objective)
				tagged.set(id, entry)
			}
		}
		for (const [id, entry] of tagged) {
			entryFor(id).assessments.push({
				pathSlug: path.slug,
				pathTitle: path.title,
				questions: entry.questions,
				objectives: entry.objectives.size,
			})
		}
	}
	return uses
}

function uses(): Map<string, SkillUse> {
	const paths = listPaths()
	// The compiled content is replaced as a whole (in development, on every change).
	if (cache?.paths !== paths) cache = { paths, uses: buildUses(paths) }
	return cache.uses
}

const NO_USE: SkillUse = { paths: [], lessons: [], assessments: [] }

export function getSkillUse(skillId: string): SkillUse {
	return uses().get(skillId) ?? NO_USE
}

export type SkillGroup = { framework: SkillFramework; heading: string; skills: Array<Skill & { taught: boolean }> }

/**
 * The catalogue's groups: ESCO and platform skills by topic, DigComp competences by area. Skills
 * no path teaches are listed too (marked), so the catalogue shows the whole vendored set.
 */
export function listSkillGroups(): SkillGroup[] {
	const all = uses()
	const withUse = (skill: Skill) => ({ ...skill, taught: (all.get(skill.id)?.lessons.length ?? 0) > 0 })
	const groups: SkillGroup[] = []
	for (const framework of ['esco', 'platform'] as const) {
		for (const topic of Object.keys(TOPIC_LABELS) as Topic[]) {
			const skills = listSkills().filter((s) => s.framework === framework && s.topic === topic)
			if (skills.length === 0) continue
			groups.push({
				framework,
				heading: TOPIC_LABELS[topic],
				skills: skills.map(withUse).sort((a, b) => a.label.localeCompare(b.label)),
			})
		}
	}
	const areas = new Map<string, Skill[]>()
	for (const skill of listSkills().filter((s) => s.framework === 'digcomp')) {
		const list = areas.get(skill.area ?? '') ?? []
		list.push(skill)
		areas.set(skill.area ?? '', list)
	}
	for (const [area, skills] of areas) groups.push({ framework: 'digcomp', heading: area, skills: skills.map(withUse) })
	return groups
}

/** The skills a path attests, in the path's order (unknown ids cannot occur: content:check rejects them). */
export function attestedSkills(path: Pick<CompiledPath, 'skills'>): Skill[] {
	return path.skills.flatMap((id) => getSkill(id) ?? [])
}
