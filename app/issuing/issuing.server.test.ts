import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import { checkStatus, decodeList } from '@digitalbazaar/vc-bitstring-status-list'
import * as vc from '@digitalbazaar/vc'
import { expect, test } from 'vitest'
import { validateAchievementCredential } from '../../tests/setup/ob-schema'
import { failure } from '../../tests/setup/failure'
import { createTestUser } from '../../tests/setup/factories'
import { FIXTURE_PATH, fixtureAnswers } from '../../tests/fixtures/content-fixture'
import { getPath } from '../content/catalog.server'
import { addMonthsUtc } from '../credentials/encoding'
import { buildStatusListCredential, STATUS_LIST_LENGTH } from '../credentials/status-list'
import { verifyCredential } from '../credentials/verify'
import { createDatabaseClient } from '../db/client.server'
import { db } from '../db/db.server'
import { isDatabaseUnavailable } from '../db/unavailable.server'
import { startAttempt, submitAttempt } from '../learning/assessment.server'
import { getDidDocument, issuerDid } from './issuer.server'
import { changeCredentialStatus } from './status-changes.server'
import { getStatusList, serverDocumentLoader } from './status-lists.server'
import { issuerTrust } from './trust-list.server'
import { verifyOnServer } from './verify.server'

const fixture = getPath(FIXTURE_PATH)!

const validateSchema = validateAchievementCredential

type Signed = {
	id: string
	issuer: { id: string }
	validFrom: string
	validUntil: string
	credentialSubject: Record<string, unknown> & {
		identifier: Array<Record<string, unknown>>
		result: Array<{ value: string }>
	}
	credentialStatus: Array<{ statusPurpose: string; statusListIndex: string; statusListCredential: string }>
	proof: Array<{ verificationMethod: string }>
	[key: string]: unknown
}

/** A learner passes the fixture path's assessment through the real flow; returns their credential row. */
async function earnCredential(now = new Date()) {
	const learner = await createTestUser('Grace Hopper')
	const started = await startAttempt(learner.id, fixture, now)
	if (!started.ok) throw new Error(started.message)
	const attempt = await db.assessmentAttempt.findUniqueOrThrow({ where: { id: started.attemptId } })
	const result = await submitAttempt(
		learner.id,
		fixture,
		started.attemptId,
		fixtureAnswers(JSON.parse(attempt.questionIds)),
		now,
	)
	expect(result).toEqual({ ok: true, passed: true })
	const row = await db.credential.findFirstOrThrow({ where: { userId: learner.id } })
	return { learner, row, credential: JSON.parse(row.document) as Signed }
}

/** Each status entry checked against the schema's CredentialStatus on its own (see ADR 006). */
function expectSchemaValid(credential: Signed) {
	for (const entry of credential.credentialStatus) {
		const valid = validateSchema({ ...credential, credentialStatus: entry })
		expect(validateSchema.errors ?? []).toEqual([])
		expect(valid).toBe(true)
	}
}

/**
 * The reference library, with a fresh suite, against the DID document the site serves. It checks
 * the status lists' signatures but leaves reading the bits to the caller: `bitsSet` lists them.
 */
async function referenceVerify(credential: unknown) {
	const result = await vc.verifyCredential({
		credential,
		suite: new DataIntegrityProof({ cryptosuite }),
		documentLoader: serverDocumentLoader,
		checkStatus: (options) =>
			checkStatus({ ...options, documentLoader: serverDocumentLoader, suite: new DataIntegrityProof({ cryptosuite }) }),
	})
	const statuses =
		(
			result.statusResult as
				{ results?: Array<{ status: boolean; credentialStatus: { statusPurpose: string } }> } | undefined
		)?.results ?? []
	return { ...result, bitsSet: statuses.filter((r) => r.status).map((r) => r.credentialStatus.statusPurpose) }
}

test('passing the assessment issues one credential, valid against the Open Badges 3.0 schema', async () => {
	const { learner, row, credential } = await earnCredential()
	expectSchemaValid(credential)
	expect(credential['@context']).toEqual([
		'https://www.w3.org/ns/credentials/v2',
		'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
	])
	expect(credential.id).toBe(`urn:uuid:${row.id}`)
	expect(credential.issuer.id).toBe(issuerDid)
	expect(credential.proof[0]!.verificationMethod.startsWith(`${issuerDid}#`)).toBe(true)
	// The learner: name in clear, email only as a salted hash.
	const user = await db.user.findUniqueOrThrow({ where: { id: learner.id } })
	expect(row.document).not.toContain(user.email)
	const email = credential.credentialSubject.identifier.find((i) => i.identityType === 'emailAddress')!
	const expected = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(user.email + String(email.salt)))
	expect(email.identityHash).toBe(`sha256$${Buffer.from(expected).toString('hex')}`)
	expect(credential.credentialSubject.identifier.find((i) => i.identityType === 'name')?.identityHash).toBe(
		'Grace Hopper',
	)
	// Validity from the path's period; the result and the pass mark.
	const months = fixture.credential.validForMonths
	const until = addMonthsUtc(new Date(credential.validFrom), months)
	expect(new Date(credential.validUntil).getTime()).toBe(until.getTime())
	expect(credential.credentialSubject.result[0]!.value).toBe('100')
	// Two status entries at distinct random indices within the list.
	expect(credential.credentialStatus.map((s) => s.statusPurpose)).toEqual(['revocation', 'suspension'])
	for (const entry of credential.credentialStatus) {
		const index = Number(entry.statusListIndex)
		expect(index).toBeGreaterThanOrEqual(0)
		expect(index).toBeLessThan(STATUS_LIST_LENGTH)
	}
	// One per completion: a second submission does nothing more.
	expect(await db.credential.count({ where: { userId: learner.id } })).toBe(1)
	expect(await db.credentialEvent.count({ where: { credentialId: row.id, kind: 'issued' } })).toBe(1)
})

test('the reference library verifies it against the served DID document; any change breaks it', async () => {
	const { credential } = await earnCredential()
	const didDocument = await getDidDocument()
	expect(didDocument.assertionMethod).toContain(credential.proof[0]!.verificationMethod)
	const result = await referenceVerify(credential)
	expect(result.error).toBeUndefined()
	expect(result.verified).toBe(true)
	expect(result.bitsSet).toEqual([])

	const changes: Array<(c: Signed) => void> = [
		(c) => (c.credentialSubject.result[0]!.value = '99'),
		(c) => (c.validUntil = '2099-01-01T00:00:00Z'),
		(c) => (c.credentialSubject.identifier[0]!.identityHash = 'Someone Else'),
		(c) => (c.name = `${String(c.name)}!`),
		(c) => (c.credentialStatus[0]!.statusListIndex = '1'),
		(c) => (c.issuer = { ...c.issuer, name: 'Another Issuer' } as Signed['issuer']),
	]
	// The untouched credential verifies (and its signature is remembered): no change may ride on that.
	expect((await verifyOnServer(credential)).state).toBe('valid')
	expect((await verifyOnServer(credential)).state).toBe('valid')
	for (const change of changes) {
		const tampered = structuredClone(credential)
		change(tampered)
		expect((await referenceVerify(tampered)).verified).toBe(false)
		const report = await verifyOnServer(tampered)
		expect(report.state).toBe('invalid')
		expect(report.checks.find((c) => c.id === 'signature')?.outcome).toBe('fail')
	}
})

async function statusBit(url: string, index: number) {
	const list = await getStatusList(Number(url.split('/').at(-1)))
	const document = JSON.parse(list!.document) as { credentialSubject: { encodedList: string } }
	const decoded = await decodeList({ encodedList: document.credentialSubject.encodedList })
	expect(decoded.length).toBe(STATUS_LIST_LENGTH)
	return decoded.getStatus(index)
}

test('revocation and suspension set the bits in the signed lists, and verification reports them', async () => {
	const admin = await createTestUser('Admin')
	const { row, credential } = await earnCredential()
	const [revocation, suspension] = credential.credentialStatus
	expect(await statusBit(revocation!.statusListCredential, Number(revocation!.statusListIndex))).toBe(false)
	expect((await verifyOnServer(credential)).state).toBe('valid')

	await changeCredentialStatus({ credentialId: row.id, action: 'suspend', reason: 'Under review', actorId: admin.id })
	expect(await statusBit(suspension!.statusListCredential, Number(suspension!.statusListIndex))).toBe(true)
	expect((await verifyOnServer(credential)).state).toBe('suspended')
	expect((await referenceVerify(credential)).bitsSet).toEqual(['suspension'])

	await changeCredentialStatus({ credentialId: row.id, action: 'reinstate', reason: 'Review done', actorId: admin.id })
	expect(await statusBit(suspension!.statusListCredential, Number(suspension!.statusListIndex))).toBe(false)
	expect((await verifyOnServer(credential)).state).toBe('valid')

	await changeCredentialStatus({
		credentialId: row.id,
		action: 'revoke',
		reason: 'Assessment irregularity',
		actorId: admin.id,
	})
	expect(await statusBit(revocation!.statusListCredential, Number(revocation!.statusListIndex))).toBe(true)
	const report = await verifyOnServer(credential)
	expect(report.state).toBe('revoked')
	expect(report.checks.find((c) => c.id === 'signature')?.outcome).toBe('pass')
	expect((await referenceVerify(credential)).bitsSet).toEqual(['revocation'])
	// Another credential in the same lists is untouched.
	const other = await earnCredential()
	expect((await verifyOnServer(other.credential)).state).toBe('valid')
	await expect(
		changeCredentialStatus({ credentialId: row.id, action: 'reinstate', reason: 'x', actorId: admin.id }),
	).rejects.toThrow(/revocation is final/)
	// An admin acting for another organisation cannot touch it.
	await expect(
		changeCredentialStatus({
			credentialId: other.row.id,
			action: 'revoke',
			reason: 'x',
			actorId: admin.id,
			orgId: 'elsewhere',
		}),
	).rejects.toThrow(/no such credential in your organisation/)
	expect((await db.credential.findUniqueOrThrow({ where: { id: other.row.id } })).revokedAt).toBeNull()
})

test('an expired credential shows expired, with its signature still good', async () => {
	const { credential } = await earnCredential(new Date('2020-01-15T10:00:00Z'))
	const report = await verifyOnServer(credential)
	expect(report.state).toBe('expired')
	expect(report.checks.map((c) => [c.id, c.outcome])).toEqual([
		['format', 'pass'],
		['issuer', 'pass'],
		['signature', 'pass'],
		['dates', 'fail'],
		['status', 'pass'],
	])
})

test('hostile or foreign input gets a clear failure, never a crash or a fetch', async () => {
	const { credential } = await earnCredential()
	const cases: Array<[unknown, RegExp]> = [
		['not an object', /JSON object/],
		[[credential], /JSON object/],
		[{ ...credential, '@context': ['https://evil.example/context.json'] }, /context this verifier does not know/],
		[{ ...credential, proof: undefined }, /no proof/],
		[
			{ ...credential, issuer: { id: 'did:web:evil.example', type: ['Profile'], name: 'Evil' } },
			/did:web:evil\.example/,
		],
		[
			{
				...credential,
				issuer: { ...credential.issuer, id: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK' },
			},
			/does not belong to its issuer/,
		],
		[{ ...credential, unknownTerm: 'x' }, /none of its contexts defines/],
	]
	for (const [input, message] of cases) {
		const report = await verifyOnServer(input)
		expect(report.state).toBe('invalid')
		expect(report.checks.find((c) => c.outcome === 'fail')?.message).toMatch(message)
	}
})

test('a status list changed after signing (a bit cleared by someone else) fails the status check', async () => {
	const admin = await createTestUser('Admin')
	const { row, credential } = await earnCredential()
	await changeCredentialStatus({
		credentialId: row.id,
		action: 'revoke',
		reason: 'Irregularity found',
		actorId: admin.id,
	})
	expect((await verifyOnServer(credential)).state).toBe('revoked')
	const revocationUrl = credential.credentialStatus[0]!.statusListCredential
	const genuine = await serverDocumentLoader(revocationUrl)
	const list = structuredClone(genuine.document) as { credentialSubject: { encodedList: string } }
	const cleared = await buildStatusListCredential({
		url: revocationUrl,
		purpose: 'revocation',
		issuer: issuerDid,
		setIndices: [],
		validFrom: new Date(),
	})
	list.credentialSubject.encodedList = cleared.credentialSubject.encodedList
	const tamperingLoader: typeof serverDocumentLoader = async (url) =>
		url === revocationUrl ? { ...genuine, document: list } : serverDocumentLoader(url)
	const report = await verifyCredential(credential, {
		documentLoader: tamperingLoader,
		trust: await issuerTrust(),
		now: new Date(),
		formatMoment: (moment) => moment.toISOString(),
	})
	expect(report.state).toBe('invalid')
	expect(report.checks.find((c) => c.id === 'status')?.message).toMatch(/status list's signature does not verify/)
})

test('a database that does not answer while a status list is read fails the verification, not the credential', async () => {
	const { credential } = await earnCredential()
	// Nothing listens on port 1: the status list is read as the server would read it from a database that is down.
	const nowhere = createDatabaseClient('postgresql://postgres@127.0.0.1:1/nowhere')
	const statusUrl = credential.credentialStatus[0]!.statusListCredential
	const downLoader: typeof serverDocumentLoader = async (url) => {
		if (url === statusUrl) await nowhere.statusList.findUnique({ where: { id: 1 } })
		return serverDocumentLoader(url)
	}
	try {
		const error = await failure(() => verifyOnServer(credential, new Date(), downLoader))
		expect(isDatabaseUnavailable(error)).toBe(true)
	} finally {
		await nowhere.$disconnect()
	}
	// With the database back, the same credential verifies.
	expect((await verifyOnServer(credential)).state).toBe('valid')
})
