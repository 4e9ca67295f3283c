/**
 * Skills evidence rows for credentials issued before those rows existed (databases migrated from an
 * earlier version): each credential's attempt graded again against the question bank, and its rows
 * written by the same writer issuing uses (skills/evidence.server.ts). Idempotent; a no-op once
 * every credential has its rows.
 */
import { getPath, getQuestions } from '../content/catalog.server'
import { db } from '../db/db.server'
import { recordSkillEvidence } from '../skills/evidence.server'
import { skillEvidence, type GradedEvidence } from '../skills/skill-level'
import { isCorrect, type Answer } from './grading'

const BATCH = 200

export async function backfillSkillEvidence(): Promise<number> {
	let written = 0
	let cursor: string | undefined
	for (;;) {
		const credentials = await db.credential.findMany({
			where: { skills: { none: {} }, ...(cursor ? { id: { gt: cursor } } : {}) },
			orderBy: { id: 'asc' },
			take: BATCH,
			select: {
				id: true,
				userId: true,
				orgId: true,
				pathSlug: true,
				validUntil: true,
				revokedAt: true,
				suspendedAt: true,
				completion: { select: { attempt: { select: { questionIds: true, answers: true } } } },
				user: { select: { memberships: { select: { orgId: true, teamId: true, deactivatedAt: true } } } },
			},
		})
		if (credentials.length === 0) return written
		cursor = credentials.at(-1)!.id
		for (const credential of credentials) {
			const path = getPath(credential.pathSlug)
			// A path no longer in the content keeps its credentials, without evidence rows.
			if (!path) continue
			const bank = new Map(getQuestions(path.slug).bank.map((q) => [q.id, q]))
			const answers = JSON.parse(credential.completion.attempt.answers ?? '{}') as Record<string, Answer>
			const graded = (JSON.parse(credential.completion.attempt.questionIds) as string[]).flatMap(
				(id): GradedEvidence[] => {
					const question = bank.get(id)
					const answer = answers[id]
					if (!question || answer === undefined) return []
					return [{ objective: question.objective, skills: question.skills, correct: isCorrect(question, answer) }]
				},
			)
			const evidence = skillEvidence(path.slug, path.skills, graded)
			const membership = credential.user.memberships.find((m) => m.orgId === credential.orgId)
			written += await recordSkillEvidence(db, {
				credentialId: credential.id,
				pathSlug: path.slug,
				userId: credential.userId,
				orgId: credential.orgId,
				teamId: membership?.teamId ?? null,
				member: membership !== undefined && membership.deactivatedAt === null,
				skills: [...evidence.keys()],
				evidence,
				validUntil: credential.validUntil,
				active: !credential.revokedAt && !credential.suspendedAt,
			})
		}
	}
}
