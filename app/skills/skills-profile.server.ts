/**
 * A learner's skills profile, built from the skills their credentials attest (CredentialSkill):
 * verified skills with their level and proof, skills whose only proof lapsed, and skills of paths
 * in progress (the paths started are given by the caller, from learning's progress). The same
 * builder serves the learner's own page and the public profile, which sees only the credentials
 * the learner chose to list.
 */
import { getPath } from '../content/catalog.server'
import type { CompiledPath } from '../content/compiled-content'
import { getSkill, type Skill } from '../content/skill-ids'
import { credentialState, type CredentialState } from '../credentials/credential-state'
import { db } from '../db/db.server'
import { levelFor, type SkillLevel } from './skill-level'

export type SkillRef = Pick<Skill, 'id' | 'label' | 'framework' | 'pagePath' | 'uri'>

export type Proof = {
	credentialId: string
	/** The public verification link's id, when the holder has it switched on. */
	publicId: string | null
	name: string
	pathSlug: string
	issuedAt: string
	validUntil: string
	score: number
	passMark: number | null
	state: CredentialState
	objectiveCount: number
}

export type ProfileSkill = { skill: SkillRef; level: SkillLevel | null; objectiveCount: number; proofs: Proof[] }

export type SkillsProfile = {
	verified: ProfileSkill[]
	/** Skills once proven whose every proof is now expired, suspended or revoked. */
	lapsed: ProfileSkill[]
	/** Skills of paths the learner has started and not yet proven: not verified. */
	inProgress: Array<{ skill: SkillRef; paths: Array<{ slug: string; title: string; percent: number }> }>
}

const skillRef = (skill: Skill): SkillRef => ({
	id: skill.id,
	label: skill.label,
	framework: skill.framework,
	pagePath: skill.pagePath,
	uri: skill.uri,
})

const STATE_ORDER: Record<CredentialState, number> = { valid: 0, suspended: 1, expired: 2, revoked: 3 }

type Row = Awaited<ReturnType<typeof loadRows>>[number]

function loadRows(userId: string, onlyListed: boolean) {
	return db.credentialSkill.findMany({
		where: { userId, ...(onlyListed ? { credential: { onProfile: true } } : {}) },
		select: {
			skillId: true,
			objectives: true,
			objectiveCount: true,
			credential: {
				select: {
					id: true,
					publicId: true,
					publicLinkEnabled: true,
					pathSlug: true,
					issuedAt: true,
					validUntil: true,
					revokedAt: true,
					suspendedAt: true,
					completion: { select: { score: true } },
				},
			},
		},
	})
}

function proofOf(row: Row, now: Date): Proof {
	const c = row.credential
	const path = getPath(c.pathSlug)
	return {
		credentialId: c.id,
		publicId: c.publicLinkEnabled ? c.publicId : null,
		name: path?.credential.name ?? c.pathSlug,
		pathSlug: c.pathSlug,
		issuedAt: c.issuedAt.toISOString(),
		validUntil: c.validUntil.toISOString(),
		score: c.completion.score,
		passMark: path?.assessment.passMark ?? null,
		state: credentialState(c, now),
		objectiveCount: row.objectiveCount,
	}
}

/** Groups proofs by skill; a skill is verified when one proof is valid, lapsed otherwise. */
function buildSkills(rows: Row[], now: Date) {
	const bySkill = new Map<string, Row[]>()
	for (const row of rows) {
		const list = bySkill.get(row.skillId)
		if (list) list.push(row)
		else bySkill.set(row.skillId, [row])
	}
	const verified: ProfileSkill[] = []
	const lapsed: ProfileSkill[] = []
	for (const [skillId, skillRows] of bySkill) {
		const skill = getSkill(skillId)
		if (!skill) continue
		const proofs = skillRows
			.map((row) => proofOf(row, now))
			.sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || b.issuedAt.localeCompare(a.issuedAt))
		const validRows = skillRows.filter((row) => credentialState(row.credential, now) === 'valid')
		if (validRows.length > 0) {
			const objectives = new Set(validRows.flatMap((row) => JSON.parse(row.objectives) as string[]))
			verified.push({
				skill: skillRef(skill),
				level: levelFor(objectives.size),
				objectiveCount: objectives.size,
				proofs,
			})
		} else {
			lapsed.push({ skill: skillRef(skill), level: null, objectiveCount: 0, proofs })
		}
	}
	const byLevel = (a: ProfileSkill, b: ProfileSkill) =>
		(b.level?.level ?? 0) - (a.level?.level ?? 0) ||
		b.objectiveCount - a.objectiveCount ||
		a.skill.label.localeCompare(b.skill.label)
	return { verified: verified.sort(byLevel), lapsed: lapsed.sort(byLevel) }
}

/** A path the learner has started and how far they are (as learning's listPathProgress lists them). */
export type StartedPath = { path: Pick<CompiledPath, 'slug' | 'title' | 'skills'>; progress: { percent: number } }

/**
 * The learner's own profile: every credential, and the paths they have started. `started` may be
 * the pending read of those paths, so that it runs alongside the read of the credentials.
 */
export async function getSkillsProfile(
	userId: string,
	started: readonly StartedPath[] | Promise<readonly StartedPath[]>,
	now = new Date(),
): Promise<SkillsProfile> {
	const [rows, progress] = await Promise.all([loadRows(userId, false), started])
	const { verified, lapsed } = buildSkills(rows, now)
	const proven = new Set(verified.map((s) => s.skill.id))
	const inProgress = new Map<string, SkillsProfile['inProgress'][number]>()
	for (const { path, progress: p } of progress) {
		for (const skillId of path.skills) {
			const skill = getSkill(skillId)
			if (!skill || proven.has(skillId)) continue
			const entry = inProgress.get(skillId) ?? { skill: skillRef(skill), paths: [] }
			entry.paths.push({ slug: path.slug, title: path.title, percent: p.percent })
			inProgress.set(skillId, entry)
		}
	}
	return {
		verified,
		lapsed,
		inProgress: [...inProgress.values()].sort((a, b) => a.skill.label.localeCompare(b.skill.label)),
	}
}

/** Verified and lapsed skills from the credentials the learner listed on their public profile. */
export async function getListedSkills(userId: string, now = new Date()) {
	return buildSkills(await loadRows(userId, true), now)
}

/**
 * Per team and skill, how many learners of the organisation hold the skill verified now (a
 * valid, unrevoked, unsuspended credential attests it). One grouped query over the evidence rows,
 * answered from one covering index: the rows carry the holder's team (kept in step with
 * Membership by triggers), so no join is needed. Learners with no team count under `teamId: null`.
 */
export async function getTeamSkillCoverage(orgId: string, now = new Date()) {
	const rows = await db.$queryRaw<Array<{ teamId: string | null; skillId: string; holders: bigint | number }>>`
		SELECT "teamId", "skillId", COUNT(DISTINCT "userId") AS "holders"
		FROM "CredentialSkill"
		WHERE "orgId" = ${orgId} AND "active" = ${true} AND "member" = ${true} AND "validUntil" > ${now}
		GROUP BY "teamId", "skillId"`
	return rows.map((r) => ({ teamId: r.teamId, skillId: r.skillId, holders: Number(r.holders) }))
}
