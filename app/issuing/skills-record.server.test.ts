import fs from 'node:fs'
import path from 'node:path'
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as vc from '@digitalbazaar/vc'
import Ajv2020 from 'ajv/dist/2020'
import addFormats from 'ajv-formats'
import jsigs from 'jsonld-signatures'
import { expect, test } from 'vitest'
import { earnCredential } from '../../tests/setup/earn-credential'
import { createTestUser } from '../../tests/setup/factories'
import { issuerDid } from './issuer.server'
import { createSkillsRecord } from './skills-record.server'
import { verifyUpload } from './verify-pool.server'

/** As the verify page checks an uploaded record: in a verification thread. */
const verifyRecord = async (record: unknown) => (await verifyUpload('record', record)).report
import { changeCredentialStatus } from './status-changes.server'
import { serverDocumentLoader } from './status-lists.server'

const schema = JSON.parse(
	fs.readFileSync(path.resolve(import.meta.dirname, '../credentials/schemas/skills-record.schema.json'), 'utf8'),
) as object
const ajv = new Ajv2020({ strict: true, allErrors: true })
addFormats(ajv)
const validateSchema = ajv.compile(schema)

type Record = Awaited<ReturnType<typeof createSkillsRecord>> & object

async function recordWithTwoCredentials() {
	const { learner } = await earnCredential({ name: 'Katherine Johnson' })
	await earnCredential({ userId: learner.id })
	const record = (await createSkillsRecord(learner.id)) as Record
	return { learner, record }
}

test('the record holds every credential as issued, validates against its schema and verifies with the reference libraries', async () => {
	const { learner, record } = await recordWithTwoCredentials()
	const valid = validateSchema(record)
	expect(validateSchema.errors ?? []).toEqual([])
	expect(valid).toBe(true)
	expect(record.name).toBe('Skills record of Katherine Johnson')
	const rows = await (
		await import('../db/db.server')
	).db.credential.findMany({
		where: { userId: learner.id },
		orderBy: { issuedAt: 'asc' },
	})
	expect(record.verifiableCredential).toEqual(rows.map((r) => JSON.parse(r.document) as unknown))

	// The presentation's proof, with the libraries wallets use.
	const presentation = await vc.verify({
		presentation: record,
		presentationPurpose: new jsigs.purposes.AssertionProofPurpose(),
		suite: new DataIntegrityProof({ cryptosuite }),
		documentLoader: serverDocumentLoader,
		checkStatus: async () => ({ verified: true }),
	})
	expect(presentation.verified).toBe(true)

	const report = await verifyRecord(record)
	expect(report.state).toBe('verified')
	expect(report.checks.map((c) => [c.id, c.outcome])).toEqual([
		['format', 'pass'],
		['signer', 'pass'],
		['signature', 'pass'],
	])
	expect(report.summary.signer).toBe(issuerDid)
	expect(report.credentials.map((c) => c.state)).toEqual(['valid', 'valid'])
})

test('any change to the record breaks its signature: an edited, removed or added credential', async () => {
	const { record } = await recordWithTwoCredentials()
	const credentials = record.verifiableCredential as Array<{ [key: string]: unknown }>
	const edited = { ...record, verifiableCredential: [{ ...credentials[0], name: 'Rocket Science' }, credentials[1]] }
	const removed = { ...record, verifiableCredential: [credentials[0]] }
	const added = { ...record, verifiableCredential: [...credentials, credentials[0]] }
	const renamed = { ...record, name: 'Skills record of someone else' }
	for (const tampered of [edited, removed, added, renamed]) {
		const report = await verifyRecord(tampered)
		expect(report.state).toBe('invalid')
		expect(report.checks.find((c) => c.id === 'signature')?.outcome).toBe('fail')
	}
})

test('a revoked credential inside a genuine record is reported on its own', async () => {
	const { learner, row } = await earnCredential()
	const admin = await createTestUser('Admin')
	await changeCredentialStatus({ credentialId: row.id, action: 'revoke', reason: 'Issued in error', actorId: admin.id })
	const report = await verifyRecord(await createSkillsRecord(learner.id))
	expect(report.checks.every((c) => c.outcome === 'pass')).toBe(true)
	expect(report.state).toBe('verified-with-problems')
	expect(report.credentials.map((c) => c.state)).toEqual(['revoked'])
})

test('hostile or malformed records get a clear reason, never an exception', async () => {
	const { record } = await recordWithTwoCredentials()
	const cases: Array<[unknown, RegExp]> = [
		[null, /@context/],
		[{ ...record, '@context': ['https://example.com/evil'] }, /@context/],
		[{ ...record, type: ['VerifiableCredential'] }, /VerifiablePresentation/],
		[{ ...record, verifiableCredential: [] }, /no credentials/],
		[{ ...record, verifiableCredential: Array.from({ length: 201 }, () => ({})) }, /at most/],
		[{ ...record, proof: [] }, /proof/],
		[{ ...record, proof: [{ ...(record.proof[0] as object), proofPurpose: 'authentication' }] }, /assertion/],
		[
			{ ...record, proof: [{ ...(record.proof[0] as object), verificationMethod: 'did:web:evil.example#key' }] },
			/evil\.example/,
		],
	]
	for (const [input, reason] of cases) {
		const report = await verifyRecord(input)
		expect(report.state).toBe('invalid')
		expect(report.checks.find((c) => c.outcome === 'fail')?.message).toMatch(reason)
	}
})

test('a learner with no credential has no record to export', async () => {
	const learner = await createTestUser()
	expect(await createSkillsRecord(learner.id)).toBeNull()
})
