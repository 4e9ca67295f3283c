/**
 * A path's achievement as this site's credentials carry it: its address, badge image and the
 * skills it aligns to (ESCO, DigComp or this site's own), stable per path and content version;
 * and the Achievement document that address resolves to.
 */
import { config } from '../config.server'
import type { CompiledPath } from '../content/compiled-content'
import { getSkill } from '../content/skill-ids'
import {
	buildAchievement,
	type AchievementCredentialInput,
	type AlignedSkill,
} from '../credentials/achievement-credential'
import { achievementId, badgeImageUrl, getIssuerProfile } from './issuer.server'

function alignedSkills(path: CompiledPath): AlignedSkill[] {
	return path.skills.flatMap((id): AlignedSkill[] => {
		const skill = getSkill(id)
		if (!skill) return []
		const uri = skill.uri.startsWith('/') ? `${config.PUBLIC_ORIGIN}${skill.uri}` : skill.uri
		if (skill.framework === 'esco') return [{ framework: 'ESCO', label: skill.label, uri }]
		if (skill.framework === 'digcomp') {
			return [{ framework: 'DigComp 2.2', label: skill.label, uri, ...(skill.digcomp ? { code: skill.digcomp } : {}) }]
		}
		return [{ framework: 'Skillproof', label: skill.label, uri }]
	})
}

/** The path's achievement as credentials carry it (stable per path and content version). */
export function achievementOf(path: CompiledPath): AchievementCredentialInput['achievement'] {
	return {
		id: achievementId(path),
		name: path.credential.name,
		description: path.credential.description,
		criteria: path.credential.criteria,
		imageUrl: badgeImageUrl(path.slug),
		version: String(path.version),
		topic: path.topic,
		skills: alignedSkills(path),
		passMark: path.assessment.passMark,
	}
}

/** The Achievement document a credential's `achievement.id` resolves to. */
export function getAchievementDocument(path: CompiledPath) {
	return buildAchievement(achievementOf(path), getIssuerProfile())
}
