/**
 * The skill frameworks the content aligns to, and their identifiers as content and data use them:
 * `esco:<uuid>`, `digcomp:<id>` or `platform:<id>`. Reference data, checked with the content it
 * serves; the data behind it is in content/skills/ (ESCO and DigComp as published, with attribution).
 */
import digcompData from '../../content/skills/digcomp-2.2.json'
import escoData from '../../content/skills/esco-skills.json'
import platformData from '../../content/skills/platform-skills.json'
import notesData from '../../content/skills/skill-notes.json'

export type SkillFramework = 'esco' | 'digcomp' | 'platform'
export type Topic = 'data-literacy' | 'ai-proficiency' | 'ai-ethics'

export type Skill = {
	id: string
	framework: SkillFramework
	/** The id within its framework: the ESCO UUID, the DigComp number, the platform slug. */
	localId: string
	/** This site's page about the skill. */
	pagePath: string
	label: string
	/** The skill's canonical URI: ESCO's own, or a path on this site for DigComp and platform skills. */
	uri: string
	topic: Topic | null
	kind: 'knowledge' | 'skill/competence' | 'competence'
	/** DigComp competence id this maps to, where one is known. */
	digcomp: string | null
	/** What the skill looks like at work, in this site's own words (content/skills/skill-notes.json). */
	note: string | null
	/** DigComp: the competence area. */
	area: string | null
	/** Platform skills: the nearest ESCO skills (by id). */
	relatedEsco: string[]
}

const notes: Record<string, string> = notesData.notes

const ESCO_PREFIX = 'http://data.europa.eu/esco/skill/'

type Entry = Omit<Skill, 'id' | 'framework' | 'localId' | 'pagePath' | 'note' | 'area' | 'relatedEsco'> &
	Partial<Pick<Skill, 'area' | 'relatedEsco'>>

/** A skill of `framework` with its id, page and note derived from its id within the framework. */
function skill(framework: SkillFramework, localId: string, entry: Entry): Skill {
	const id = `${framework}:${localId}`
	return {
		id,
		framework,
		localId,
		pagePath: `/skills/${framework}/${localId}`,
		note: notes[id] ?? null,
		area: null,
		relatedEsco: [],
		...entry,
	}
}

const digcompOf = (s: object) => ('digcomp' in s && typeof s.digcomp === 'string' ? s.digcomp : null)

function buildSkills(): Map<string, Skill> {
	const all: Skill[] = [
		...escoData.skills.map((s) =>
			skill('esco', s.uri.slice(ESCO_PREFIX.length), {
				label: s.label,
				uri: s.uri,
				topic: s.topic as Topic,
				kind: s.type === 'knowledge' ? 'knowledge' : 'skill/competence',
				digcomp: digcompOf(s),
			}),
		),
		...digcompData.areas.flatMap((area) =>
			area.competences.map((c) =>
				skill('digcomp', c.id, {
					label: c.title,
					uri: `/skills/digcomp/${c.id}`,
					topic: null,
					kind: 'competence',
					digcomp: c.id,
					area: `${area.id}. ${area.title}`,
				}),
			),
		),
		...platformData.skills.map((s) =>
			skill('platform', s.id, {
				label: s.label,
				uri: `/skills/platform/${s.id}`,
				topic: s.topic as Topic,
				kind: 'skill/competence',
				digcomp: digcompOf(s),
				relatedEsco: s.relatedEsco.map((uri) => `esco:${uri.slice(ESCO_PREFIX.length)}`),
			}),
		),
	]
	return new Map(all.map((s) => [s.id, s]))
}

const skills = buildSkills()

export function getSkill(id: string): Skill | undefined {
	return skills.get(id)
}

export function isKnownSkillId(id: string): boolean {
	return skills.has(id)
}

/** Every skill, in the order of the data files (ESCO, DigComp, platform). */
export function listSkills(): Skill[] {
	return [...skills.values()]
}

/** The skill behind a page address `/skills/<framework>/<localId>`. */
export function getSkillByPage(framework: string, localId: string): Skill | undefined {
	return skills.get(`${framework}:${localId}`)
}

/** How each framework is named on the pages. */
export const FRAMEWORK_LABELS: Record<SkillFramework, string> = {
	esco: 'ESCO',
	digcomp: 'DigComp 2.2',
	platform: 'Skillproof (not part of ESCO)',
}

/** For content:check: every skill has a note of a readable length, and no note names an unknown skill. */
export function skillNoteProblems(): string[] {
	const problems: string[] = []
	for (const skill of skills.values()) {
		if (!skill.note) problems.push(`${skill.id} has no note`)
		else if (skill.note.length < 60 || skill.note.length > 300)
			problems.push(`the note of ${skill.id} has ${skill.note.length} characters (60 to 300)`)
	}
	for (const id of Object.keys(notes))
		if (!skills.has(id)) problems.push(`a note names ${id}, which is not a known skill`)
	return problems
}
