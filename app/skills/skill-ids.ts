/**
 * Skill identifiers used in content and data: `esco:<uuid>`, `digcomp:<id>` or `platform:<id>`.
 * The data behind them is in content/skills/ (ESCO and DigComp as published, with attribution).
 */
import digcompData from '../../content/skills/digcomp-2.2.json'
import escoData from '../../content/skills/esco-skills.json'
import platformData from '../../content/skills/platform-skills.json'

export type SkillFramework = 'esco' | 'digcomp' | 'platform'
export type Topic = 'data-literacy' | 'ai-proficiency' | 'ai-ethics'

export type Skill = {
	id: string
	framework: SkillFramework
	label: string
	/** The skill's canonical URI: ESCO's own, or a path on this site for DigComp and platform skills. */
	uri: string
	topic: Topic | null
	kind: 'knowledge' | 'skill/competence' | 'competence'
	/** DigComp competence id this maps to, where one is known. */
	digcomp: string | null
}

const ESCO_PREFIX = 'http://data.europa.eu/esco/skill/'

function buildSkills(): Map<string, Skill> {
	const skills = new Map<string, Skill>()
	for (const s of escoData.skills) {
		const uuid = s.uri.slice(ESCO_PREFIX.length)
		skills.set(`esco:${uuid}`, {
			id: `esco:${uuid}`,
			framework: 'esco',
			label: s.label,
			uri: s.uri,
			topic: s.topic as Topic,
			kind: s.type === 'knowledge' ? 'knowledge' : 'skill/competence',
			digcomp: 'digcomp' in s && typeof s.digcomp === 'string' ? s.digcomp : null,
		})
	}
	for (const area of digcompData.areas) {
		for (const c of area.competences) {
			skills.set(`digcomp:${c.id}`, {
				id: `digcomp:${c.id}`,
				framework: 'digcomp',
				label: c.title,
				uri: `/skills/digcomp/${c.id}`,
				topic: null,
				kind: 'competence',
				digcomp: c.id,
			})
		}
	}
	for (const s of platformData.skills) {
		skills.set(`platform:${s.id}`, {
			id: `platform:${s.id}`,
			framework: 'platform',
			label: s.label,
			uri: `/skills/platform/${s.id}`,
			topic: s.topic as Topic,
			kind: 'skill/competence',
			digcomp: 'digcomp' in s && typeof s.digcomp === 'string' ? s.digcomp : null,
		})
	}
	return skills
}

const skills = buildSkills()

export function getSkill(id: string): Skill | undefined {
	return skills.get(id)
}

export function isKnownSkillId(id: string): boolean {
	return skills.has(id)
}
