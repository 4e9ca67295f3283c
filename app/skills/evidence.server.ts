/**
 * The one writer of skills evidence: a CredentialSkill row per skill a credential attests, with the
 * objectives behind it and the holder's organisation and team, which profiles and organisation
 * coverage read. Issuing calls it in the transaction that stores the credential; the start-up
 * backfill (learning/evidence-backfill.server.ts) calls it for credentials issued before the rows existed.
 */
import type { Prisma } from '../db/generated/sqlite/client'

export type SkillEvidenceInput = {
	credentialId: string
	/** The credential's path (its objectives carry it too). */
	pathSlug: string
	userId: string
	/** The credential's organisation, whose coverage the rows count for (null outside one). */
	orgId: string | null
	/** The holder's team in that organisation, and whether they are a current member of it. */
	teamId: string | null
	member: boolean
	/** Every skill the credential attests: one row each. */
	skills: readonly string[]
	/** Per skill, the objectives answered correctly (see skill-level.ts); a skill not in it has none. */
	evidence: ReadonlyMap<string, readonly string[]>
	/** The credential's end of validity. */
	validUntil: Date
	/** False when the credential is revoked or suspended: it backs no skill then. */
	active: boolean
}

/** The rows `recordSkillEvidence` writes, for callers that insert them in bulk themselves. */
export function skillEvidenceRows(input: SkillEvidenceInput): Prisma.CredentialSkillCreateManyInput[] {
	return input.skills.map((skillId) => {
		const objectives = input.evidence.get(skillId) ?? []
		return {
			credentialId: input.credentialId,
			skillId,
			userId: input.userId,
			orgId: input.orgId,
			teamId: input.teamId,
			member: input.member,
			objectives: JSON.stringify(objectives),
			objectiveCount: objectives.length,
			pathSlug: input.pathSlug,
			validUntil: input.validUntil,
			active: input.active,
		}
	})
}

/** Writes a credential's evidence rows in `tx` (the caller's transaction); returns how many. */
export async function recordSkillEvidence(tx: Prisma.TransactionClient, input: SkillEvidenceInput): Promise<number> {
	const { count } = await tx.credentialSkill.createMany({ data: skillEvidenceRows(input) })
	return count
}
