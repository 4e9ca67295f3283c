import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list'
import * as vc from '@digitalbazaar/vc'
import { expect, test } from 'vitest'
import { validateAchievementCredential } from '../../tests/setup/ob-schema'
import { failure } from '../../tests/setup/failure'
import { createTestOrg, createTestUser } from '../../tests/setup/factories'
import { FIXTURE_PATH } from '../../tests/fixtures/content-fixture'
import { getPath } from '../content/catalog.server'
import { STATUS_LIST_LENGTH } from '../credentials/status-list'
import { db } from '../db/db.server'
import { issuerDid } from './issuer.server'
import { issueCredentials } from './bulk-issue.server'
import { issueCredential, type IssueInput } from './issue.server'
import { serverDocumentLoader } from './status-lists.server'

const fixture = getPath(FIXTURE_PATH)!

const validateSchema = validateAchievementCredential

type Signed = {
	credentialStatus: Array<{ statusPurpose: string; statusListIndex: string; statusListCredential: string }>
	proof: Array<Record<string, unknown>>
	[key: string]: unknown
}

/** The reference library, with a fresh suite and the status lists as the site serves them. */
async function referenceVerify(credential: unknown) {
	return vc.verifyCredential({
		credential,
		suite: new DataIntegrityProof({ cryptosuite }),
		documentLoader: serverDocumentLoader,
		checkStatus: (options) =>
			checkStatus({ ...options, documentLoader: serverDocumentLoader, suite: new DataIntegrityProof({ cryptosuite }) }),
	})
}

/** Each status entry checked against the schema's CredentialStatus on its own (see ADR 006). */
function schemaErrors(credential: Signed) {
	return credential.credentialStatus.flatMap((entry) =>
		validateSchema({ ...credential, credentialStatus: entry }) ? [] : (validateSchema.errors ?? [{}]),
	)
}

/** A passed attempt and its completion for the learner, as recordCompletion leaves it before issuing. */
async function completion(userId: string, at: Date, score = 1): Promise<IssueInput> {
	const attempt = await db.assessmentAttempt.create({
		data: {
			userId,
			pathSlug: fixture.slug,
			contentHash: fixture.contentHash,
			questionIds: '[]',
			answers: '{}',
			score,
			passed: true,
			submittedAt: at,
		},
		select: { id: true },
	})
	const created = await db.pathCompletion.create({
		data: {
			userId,
			pathSlug: fixture.slug,
			attemptId: attempt.id,
			contentHash: fixture.contentHash,
			score,
			completedAt: at,
		},
		select: { id: true },
	})
	const skill = fixture.skills[0]!
	return {
		userId,
		path: fixture,
		completionId: created.id,
		score,
		questionCount: fixture.assessment.questionCount,
		at,
		skillEvidence: new Map([[skill, [`${fixture.slug}/lesson#objective-${userId.slice(-4)}`]]]),
	}
}

/** `count` learners, every third a member of a team in an organisation, each with a completion to issue. */
async function cohort(count: number) {
	const { org } = await createTestOrg('Bulk', { name: 'Ada Admin', role: 'ADMIN' })
	const team = await db.team.create({ data: { orgId: org.id, name: 'Night shift' }, select: { id: true } })
	const inputs: IssueInput[] = []
	const at = new Date(Date.UTC(2026, 10, 2, 9, 30))
	for (let n = 0; n < count; n++) {
		const user = await createTestUser(`Learner ${n}`)
		if (n % 3 === 0) await db.membership.create({ data: { userId: user.id, orgId: org.id, teamId: team.id } })
		inputs.push(await completion(user.id, new Date(at.getTime() + n * 60_000), n % 2 ? 0.9 : 1))
	}
	return { org, team, inputs }
}

test('bulk issuing signs in two threads: every credential verifies, its entries are unique, and a rerun issues nothing', async () => {
	const { org, team, inputs } = await cohort(50)
	const result = await issueCredentials(inputs, { workers: 2, batchSize: 20 })
	const orgDid = (await db.orgIssuer.findUniqueOrThrow({ where: { orgId: org.id } })).did
	expect(orgDid).toBe(`${issuerDid}:orgs:${org.slug}`)
	expect(result.threads).toBe(2)
	expect(result.issued).toHaveLength(50)
	expect(result.skipped).toBe(0)

	const rows = await db.credential.findMany({
		where: { completionId: { in: inputs.map((i) => i.completionId) } },
		include: { events: true },
	})
	expect(rows).toHaveLength(50)
	for (const purpose of ['revocation', 'suspension'] as const) {
		const entries = rows.map((r) =>
			purpose === 'revocation'
				? `${r.revocationListId}#${r.revocationIndex}`
				: `${r.suspensionListId}#${r.suspensionIndex}`,
		)
		expect(new Set(entries).size).toBe(50)
	}
	const byCompletion = new Map(inputs.map((i) => [i.completionId, i]))
	for (const row of rows) {
		const input = byCompletion.get(row.completionId)!
		const credential = JSON.parse(row.document) as Signed
		expect(schemaErrors(credential)).toEqual([])
		const report = await referenceVerify(credential)
		expect(report.verified, JSON.stringify(report.error ?? report)).toBe(true)
		// The document carries the row's id and status entries, and the row its events.
		expect(credential.id).toBe(`urn:uuid:${row.id}`)
		expect(
			credential.credentialStatus.map((s) => [s.statusListCredential.split('/').at(-1), s.statusListIndex]),
		).toEqual([
			[String(row.revocationListId), String(row.revocationIndex)],
			[String(row.suspensionListId), String(row.suspensionIndex)],
		])
		expect(row.events.map((e) => [e.kind, e.createdAt.getTime(), e.seenAt])).toEqual([
			['issued', input.at.getTime(), null],
		])
		expect(row.issuedAt.getTime()).toBe(input.at.getTime())
		const member = await db.membership.findFirst({ where: { userId: row.userId } })
		expect(row.orgId).toBe(member ? org.id : null)
		// A member's credential is issued by the organisation, on its own lists; anyone else's by the site.
		const issuer = credential.issuer as { id: string; name: string }
		expect(issuer).toMatchObject(member ? { id: orgDid, name: 'Bulk' } : { id: issuerDid, name: 'Skillproof' })
		for (const listId of [row.revocationListId, row.suspensionListId])
			expect((await db.statusList.findUniqueOrThrow({ where: { id: listId } })).orgId).toBe(row.orgId)
		const skills = await db.credentialSkill.findMany({ where: { credentialId: row.id } })
		expect(skills.map((s) => [s.skillId, s.teamId, s.member])).toEqual(
			fixture.skills.map((skill) => [skill, member ? team.id : null, member !== null]),
		)
	}
	// Every learner was given an identity salt, and the document hashes the email with it.
	expect(await db.user.count({ where: { id: { in: inputs.map((i) => i.userId) }, identitySalt: null } })).toBe(0)
	// The status lists count what they handed out.
	const lists = await db.statusList.findMany({ select: { id: true, purpose: true, allocated: true } })
	for (const list of lists) {
		const held = await db.credential.count({
			where: list.purpose === 'revocation' ? { revocationListId: list.id } : { suspensionListId: list.id },
		})
		expect(list.allocated).toBe(held)
		expect(list.allocated).toBeLessThanOrEqual(STATUS_LIST_LENGTH / 2)
	}

	// Idempotent per completion: nothing new, nothing changed.
	const before = await db.credential.count()
	const again = await issueCredentials([...inputs, inputs[0]!], { workers: 2, batchSize: 20 })
	expect(again.issued).toEqual([])
	expect(again.skipped).toBe(51)
	expect(await db.credential.count()).toBe(before)
	expect(await db.credentialEvent.count({ where: { credentialId: { in: rows.map((r) => r.id) } } })).toBe(50)
})

test('a credential from the bulk path is the document and rows issueCredential makes for the same input', async () => {
	const { org } = await createTestOrg('Same', { name: 'Ada Admin', role: 'ADMIN' })
	const learner = await createTestUser('Grace Hopper')
	await db.membership.create({ data: { userId: learner.id, orgId: org.id } })
	const at = new Date(Date.UTC(2026, 9, 1, 12))
	const single = await completion(learner.id, at, 0.8)
	const bulk = { ...(await completion(learner.id, at, 0.8)), skillEvidence: single.skillEvidence }
	await db.$transaction((tx) => issueCredential(tx, single))
	await issueCredentials([bulk], { workers: 0 })
	const [one, other] = await Promise.all(
		[single, bulk].map((i) =>
			db.credential.findUniqueOrThrow({ where: { completionId: i.completionId }, include: { events: true } }),
		),
	)
	const a = JSON.parse(one!.document) as Signed
	const b = JSON.parse(other!.document) as Signed
	for (const credential of [a, b]) {
		expect(schemaErrors(credential)).toEqual([])
		expect((await referenceVerify(credential)).verified).toBe(true)
	}
	// Only the id, the status entries and the signature differ.
	const comparable = (c: Signed) => ({ ...c, id: null, credentialStatus: null, proof: null })
	expect(comparable(b)).toEqual(comparable(a))
	expect(b.proof.map((p) => ({ ...p, proofValue: null }))).toEqual(a.proof.map((p) => ({ ...p, proofValue: null })))
	expect(b.credentialStatus.map((s) => s.statusPurpose)).toEqual(a.credentialStatus.map((s) => s.statusPurpose))
	const row = (r: typeof one) => ({
		...r,
		id: null,
		completionId: null,
		publicId: null,
		document: null,
		revocationIndex: null,
		suspensionIndex: null,
		events: r!.events.map((e) => ({ ...e, id: null, credentialId: null })),
	})
	expect(row(other)).toEqual(row(one))
	const evidence = async (credentialId: string) =>
		(await db.credentialSkill.findMany({ where: { credentialId }, orderBy: { skillId: 'asc' } })).map((s) => ({
			...s,
			credentialId: null,
		}))
	expect(await evidence(other!.id)).toEqual(await evidence(one!.id))
	expect((await evidence(one!.id)).length).toBe(fixture.skills.length)
})

test('a batch whose write fails leaves no row of that batch; the batches before it stay issued', async () => {
	const { inputs } = await cohort(12)
	const error = await failure(() =>
		issueCredentials(inputs, {
			workers: 2,
			batchSize: 5,
			beforeCommit: async (_tx, batch) => {
				if (batch.index === 1) throw new Error('The disk is full.')
			},
		}),
	)
	expect(String(error)).toContain('The disk is full.')
	const issued = await db.credential.findMany({
		where: { completionId: { in: inputs.map((i) => i.completionId) } },
		select: { id: true, completionId: true },
	})
	expect(issued.map((c) => c.completionId).sort()).toEqual(
		inputs
			.slice(0, 5)
			.map((i) => i.completionId)
			.sort(),
	)
	const failed = inputs.slice(5, 10).map((i) => i.completionId)
	expect(await db.credentialEvent.count({ where: { credential: { completionId: { in: failed } } } })).toBe(0)
	expect(await db.credentialSkill.count({ where: { userId: { in: inputs.slice(5, 10).map((i) => i.userId) } } })).toBe(
		0,
	)
	// A write the database refuses (an entry a credential already holds) rolls back the same way.
	const [first] = await db.credential.findMany({ where: { id: issued[0]!.id } })
	const clash = await failure(() =>
		issueCredentials(inputs.slice(5), {
			workers: 0,
			beforeCommit: async (tx, batch) => {
				await tx.credential.update({
					where: { id: batch.credentialIds[0]! },
					data: { revocationListId: first!.revocationListId, revocationIndex: first!.revocationIndex },
				})
			},
		}),
	)
	expect(clash).toBeInstanceOf(Error)
	expect(
		await db.credential.count({ where: { completionId: { in: inputs.slice(5).map((i) => i.completionId) } } }),
	).toBe(0)
	// Run again without a failure: the rest is issued, what was issued is not issued twice.
	const rest = await issueCredentials(inputs, { workers: 2, batchSize: 5 })
	expect(rest.issued.map((i) => i.completionId).sort()).toEqual(
		inputs
			.slice(5)
			.map((i) => i.completionId)
			.sort(),
	)
	expect(rest.skipped).toBe(5)
	expect(await db.credential.count({ where: { completionId: { in: inputs.map((i) => i.completionId) } } })).toBe(12)
})

test('entries come from the lowest open list until it is half full, then from a new list, as issueCredential takes them', async () => {
	const half = STATUS_LIST_LENGTH / 2
	await db.statusList.updateMany({ data: { allocated: half } })
	const nearlyFull = await db.statusList.create({
		data: { purpose: 'revocation', length: STATUS_LIST_LENGTH, allocated: half - 3 },
		select: { id: true },
	})
	const { inputs } = await cohort(5)
	// All five issued by the site, on its lists (an organisation's learners take entries on its own).
	await db.membership.deleteMany({ where: { userId: { in: inputs.map((i) => i.userId) } } })
	await issueCredentials(inputs, { workers: 0 })
	const rows = await db.credential.findMany({
		where: { completionId: { in: inputs.map((i) => i.completionId) } },
		select: { revocationListId: true, suspensionListId: true },
	})
	const onNearlyFull = rows.filter((r) => r.revocationListId === nearlyFull.id).length
	expect(onNearlyFull).toBe(3)
	const [next] = rows.filter((r) => r.revocationListId !== nearlyFull.id).map((r) => r.revocationListId)
	expect(next).toBeGreaterThan(nearlyFull.id)
	expect(rows.filter((r) => r.revocationListId === next)).toHaveLength(2)
	expect(await db.statusList.findUniqueOrThrow({ where: { id: nearlyFull.id } })).toMatchObject({ allocated: half })
	expect(await db.statusList.findUniqueOrThrow({ where: { id: next! } })).toMatchObject({ allocated: 2 })
	// Every suspension list was full: one new list holds all five.
	expect(new Set(rows.map((r) => r.suspensionListId)).size).toBe(1)
})
