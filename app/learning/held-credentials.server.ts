/**
 * Credentials held back until the learner's address is confirmed (docs/decisions/026). A passed
 * assessment always records its completion, with the graded evidence its credential needs; while
 * the address is not confirmed no credential is signed, since every credential asserts that address.
 * Once it is confirmed, in the confirming transaction, the newest held completion of each path is
 * issued, dated then and stating when the assessment was passed.
 */
import { getPath } from '../content/catalog.server'
import type { Prisma } from '../db/generated/sqlite/client'
import { issueCredential } from '../issuing/issue.server'
import { logger } from '../log.server'

type Tx = Prisma.TransactionClient

type StoredEvidence = { questionCount: number; skills: Record<string, string[]> }

/** A completion's evidence as PathCompletion.evidence stores it. */
export function storedEvidence(questionCount: number, skills: ReadonlyMap<string, readonly string[]>): string {
	const stored: StoredEvidence = { questionCount, skills: Object.fromEntries([...skills].map(([k, v]) => [k, [...v]])) }
	return JSON.stringify(stored)
}

/** Whether the learner's credentials may name their address now. */
export async function mayIssueTo(tx: Tx, userId: string): Promise<boolean> {
	const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { emailVerifiedAt: true } })
	return user.emailVerifiedAt !== null
}

/**
 * Issues the learner's held credentials in the caller's transaction: per path, the newest completion
 * with evidence and no credential (an older one of the same path stays a completion). A path no
 * longer in the content is left, and logged. Gives how many were issued.
 */
export async function issueHeldCredentials(tx: Tx, userId: string, now: Date): Promise<number> {
	const held = await tx.pathCompletion.findMany({
		where: { userId, credential: null, evidence: { not: null } },
		orderBy: [{ completedAt: 'desc' }, { id: 'desc' }],
		select: { id: true, pathSlug: true, score: true, completedAt: true, evidence: true },
	})
	const seen = new Set<string>()
	let issued = 0
	for (const completion of held) {
		if (seen.has(completion.pathSlug)) continue
		seen.add(completion.pathSlug)
		const path = getPath(completion.pathSlug)
		if (!path) {
			logger.warn({ completionId: completion.id, pathSlug: completion.pathSlug }, 'A held credential’s path is gone')
			continue
		}
		const evidence = JSON.parse(completion.evidence!) as StoredEvidence
		await issueCredential(tx, {
			userId,
			path,
			completionId: completion.id,
			score: completion.score,
			questionCount: evidence.questionCount,
			at: now,
			assessedAt: completion.completedAt,
			skillEvidence: new Map(Object.entries(evidence.skills)),
		})
		issued++
	}
	return issued
}
