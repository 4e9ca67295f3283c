/**
 * Issuing a credential for a completion, inside the transaction that records it: the learner's
 * identity salt, a revocation and a suspension entry on the status lists, the document signed by
 * the credential library (signAchievementCredential), the stored row with its `issued` event, the
 * learner's email saying so, and the skills evidence it backs (written by skills/evidence.server.ts).
 */
import type { CompiledPath } from '../content/compiled-content'
import { signAchievementCredential } from '../credentials/achievement-credential'
import { addMonthsUtc } from '../credentials/encoding'
import type { Prisma } from '../db/generated/sqlite/client'
import { recordSkillEvidence } from '../skills/evidence.server'
import { achievementOf } from './achievements.server'
import { queueCredentialIssuedEmail } from './credential-emails.server'
import { achievementId, getIssuerProfile, statusEntries } from './issuer.server'
import { issuerOf } from './org-issuers.server'
import { allocateStatusIndex, signingLoader } from './status-lists.server'

type Tx = Prisma.TransactionClient

function randomToken(bytes: number) {
	const buffer = crypto.getRandomValues(new Uint8Array(bytes))
	return Buffer.from(buffer).toString('base64url')
}

export type IssueInput = {
	userId: string
	path: CompiledPath
	completionId: string
	score: number
	questionCount: number
	/** When it is issued: its validFrom. */
	at: Date
	/** When the assessment was passed, if earlier than `at` (a credential held until the address was confirmed). */
	assessedAt?: Date
	/** Per attested skill, the objectives answered correctly (see skills/skill-level.ts). */
	skillEvidence: ReadonlyMap<string, readonly string[]>
}

/**
 * What a credential needs of its learner: name and email (hashed into the identity claim with the
 * salt), and the organisation and team of their earliest active membership, which issue it.
 */
export const learnerSelect = {
	id: true,
	name: true,
	email: true,
	identitySalt: true,
	memberships: {
		where: { deactivatedAt: null },
		orderBy: { createdAt: 'asc' },
		take: 1,
		select: { orgId: true, teamId: true },
	},
} as const

/** Issues the credential for a completion, inside the caller's transaction. One per completion. */
export async function issueCredential(tx: Tx, input: IssueInput) {
	const existing = await tx.credential.findUnique({ where: { completionId: input.completionId }, select: { id: true } })
	if (existing) return existing
	const user = await tx.user.findUniqueOrThrow({ where: { id: input.userId }, select: learnerSelect })
	let salt = user.identitySalt
	if (!salt) {
		salt = randomToken(16)
		await tx.user.update({ where: { id: input.userId }, data: { identitySalt: salt }, select: { id: true } })
	}
	const orgId = user.memberships[0]?.orgId ?? null
	const teamId = user.memberships[0]?.teamId ?? null
	// The learner's organisation issues it, in its own name; the site, for a learner with none.
	const issuer = await issuerOf(tx, orgId)
	const revocation = await allocateStatusIndex(tx, 'revocation', orgId)
	const suspension = await allocateStatusIndex(tx, 'suspension', orgId)
	const id = crypto.randomUUID()
	const validUntil = addMonthsUtc(input.at, input.path.credential.validForMonths)
	const achievement = achievementOf(input.path)
	const signed = await signAchievementCredential({
		issuer: issuer.profile,
		creator: getIssuerProfile(),
		credentialId: id,
		achievement,
		learner: { name: user.name, email: user.email, salt },
		result: { score: input.score, assessedAt: input.assessedAt ?? input.at, questionCount: input.questionCount },
		validFrom: input.at,
		validUntil,
		status: statusEntries(revocation, suspension),
		signingKey: issuer.signingKey,
		documentLoader: signingLoader(issuer),
	})
	const credential = await tx.credential.create({
		data: {
			id,
			userId: input.userId,
			completionId: input.completionId,
			orgId,
			pathSlug: input.path.slug,
			achievementId: achievementId(input.path),
			publicId: randomToken(18),
			document: JSON.stringify(signed),
			issuedAt: input.at,
			validUntil,
			revocationListId: revocation.listId,
			revocationIndex: revocation.index,
			suspensionListId: suspension.listId,
			suspensionIndex: suspension.index,
			events: { create: { kind: 'issued', createdAt: input.at, seenAt: null } },
		},
		select: { id: true },
	})
	await queueCredentialIssuedEmail(tx, {
		orgId,
		learner: user,
		credentialName: achievement.name,
		pathTitle: input.path.title,
		issuerName: issuer.profile.name,
		validUntil,
	})
	// The skills it attests, for profiles and organisation coverage (one row per aligned skill).
	await recordSkillEvidence(tx, {
		credentialId: id,
		pathSlug: input.path.slug,
		userId: input.userId,
		orgId,
		teamId,
		member: orgId !== null,
		skills: input.path.skills,
		evidence: input.skillEvidence,
		validUntil,
		active: true,
	})
	return credential
}
