import { expect, test } from 'vitest'
import { earnCredential } from '../../tests/setup/earn-credential'
import { createTestOrg, createTestUser } from '../../tests/setup/factories'
import { FIXTURE_PATH } from '../../tests/fixtures/content-fixture'
import { getPath } from '../content/catalog.server'
import { config } from '../config.server'
import { db } from '../db/db.server'
import { issueCredentials } from './bulk-issue.server'
import { changeCredentialStatus, CredentialStatusError } from './status-changes.server'

const fixture = getPath(FIXTURE_PATH)!

async function emailsTo(userId: string, subject: string) {
	const { email } = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } })
	return db.outboxEmail.findMany({
		where: { to: email, subject: { startsWith: subject } },
		orderBy: { createdAt: 'asc' },
	})
}

/** A learner of an organisation, who has passed the fixture path and holds its credential. */
async function orgLearnerWithCredential() {
	const { org, actor } = await createTestOrg('Globex', { name: 'Hank Admin', role: 'ADMIN' })
	const learner = await createTestUser('Ana Learner')
	await db.membership.create({ data: { userId: learner.id, orgId: org.id, role: 'LEARNER' } })
	const { row } = await earnCredential({ userId: learner.id })
	return { org, actor, learner, row }
}

test('issuing a credential emails its holder, in the organisation’s outbox, with where to find it', async () => {
	const { org, learner, row } = await orgLearnerWithCredential()
	const [email, ...more] = await emailsTo(learner.id, 'Credential issued:')
	expect(more).toEqual([])
	expect(email).toMatchObject({ orgId: org.id, subject: `Credential issued: ${fixture.credential.name}` })
	expect(email!.text).toContain(`for completing “${fixture.title}”`)
	expect(email!.text).toContain('Hello Ana Learner,')
	expect(email!.text).toContain(`Issued by: Globex`)
	expect(email!.text).toContain(`See your credential:\n${config.PUBLIC_ORIGIN}/credentials`)
	// The public verification address is the learner's to share: it is not in the organisation's outbox.
	expect(`${email!.text}${email!.html}`).not.toContain(row.publicId)

	// A learner without an organisation: the site issues it, and no organisation's outbox holds the email.
	const { learner: solo } = await earnCredential({ name: 'Solo Learner' })
	const [own] = await emailsTo(solo.id, 'Credential issued:')
	expect(own).toMatchObject({ orgId: null })
})

test('suspending, lifting and revoking each email the holder with the reason; a refused change sends nothing', async () => {
	const { org, actor, learner, row } = await orgLearnerWithCredential()
	const change = (action: 'revoke' | 'suspend' | 'reinstate', reason: string) =>
		changeCredentialStatus({
			credentialId: row.id,
			action,
			reason,
			actorId: actor.id,
			orgId: org.id,
			actorName: actor.name,
		})

	await change('suspend', 'Checking a complaint about the assessment.')
	const [suspended] = await emailsTo(learner.id, 'Your credential is suspended:')
	expect(suspended).toMatchObject({
		orgId: org.id,
		subject: `Your credential is suspended: ${fixture.credential.name}`,
	})
	expect(suspended!.text).toContain('Reason: Checking a complaint about the assessment.')
	expect(suspended!.text).toContain('A suspension can be lifted')

	await change('reinstate', 'The complaint was unfounded.')
	const [valid] = await emailsTo(learner.id, 'Your credential is valid again:')
	expect(valid!.text).toContain('Note: The complaint was unfounded.')

	await change('revoke', 'The assessment was taken by a colleague.')
	const [revoked] = await emailsTo(learner.id, 'Your credential was revoked:')
	expect(revoked!.text).toContain('Reason: The assessment was taken by a colleague.')
	expect(revoked!.text).toContain('Revocation is final')
	expect(revoked!.text).toContain(`See your credentials:\n${config.PUBLIC_ORIGIN}/credentials`)

	// Revocation is final: a further change is refused, and its email goes with it.
	const before = await db.outboxEmail.count()
	await expect(change('suspend', 'Too late.')).rejects.toThrow(CredentialStatusError)
	expect(await db.outboxEmail.count()).toBe(before)
})

test('a bulk backfill issues without emailing anyone', async () => {
	const learner = await createTestUser('Bulk Learner')
	const at = new Date()
	const attempt = await db.assessmentAttempt.create({
		data: {
			userId: learner.id,
			pathSlug: fixture.slug,
			contentHash: fixture.contentHash,
			questionIds: '[]',
			answers: '{}',
			score: 1,
			passed: true,
			submittedAt: at,
		},
		select: { id: true },
	})
	const completion = await db.pathCompletion.create({
		data: {
			userId: learner.id,
			pathSlug: fixture.slug,
			attemptId: attempt.id,
			contentHash: fixture.contentHash,
			score: 1,
			completedAt: at,
		},
		select: { id: true },
	})
	const result = await issueCredentials(
		[
			{
				userId: learner.id,
				path: fixture,
				completionId: completion.id,
				score: 1,
				questionCount: fixture.assessment.questionCount,
				at,
				skillEvidence: new Map(),
			},
		],
		{ workers: 0 },
	)
	expect(result.issued).toHaveLength(1)
	expect(await emailsTo(learner.id, '')).toEqual([])
})
