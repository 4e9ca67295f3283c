/** Documents past a real credential's shape are refused before any JSON-LD work. */
import { expect, test } from 'vitest'
import { didKeyCredential, sampleDocumentLoader, sampleTrust } from '../../tests/fixtures/sample-credential'
import { boundsProblem, CREDENTIAL_BOUNDS, RECORD_BOUNDS } from './bounds'
import { VC_V2_CONTEXT } from './contexts'
import { verifySkillsRecord } from './skills-record'
import { verifyCredential } from './verify'

const documentLoader = sampleDocumentLoader

/** A credential signed by a fresh did:key the site trusts: it verifies as valid as it is. */
async function signed() {
	const { credential, trusted } = await didKeyCredential()
	return { ...credential, trust: sampleTrust([trusted]) }
}

const nested = (levels: number): unknown => (levels === 0 ? 'bottom' : { inner: nested(levels - 1) })

test("this site's credentials are far inside the bounds; each bound refuses a document past it with a reason", async () => {
	expect(boundsProblem((await didKeyCredential()).credential, CREDENTIAL_BOUNDS)).toBeNull()

	expect(boundsProblem({ deep: nested(16) }, CREDENTIAL_BOUNDS)).toBe(
		'It is nested more than 16 levels deep; credentials are not.',
	)
	expect(boundsProblem({ deep: nested(15) }, CREDENTIAL_BOUNDS)).toBeNull()
	expect(boundsProblem({ list: Array.from({ length: 201 }, (_, i) => i) }, CREDENTIAL_BOUNDS)).toBe(
		'A list or object in it has 201 entries; at most 200 are checked.',
	)
	const many = { lists: Array.from({ length: 20 }, () => Array.from({ length: 100 }, (_, i) => i)) }
	expect(boundsProblem(many, CREDENTIAL_BOUNDS)).toBe(
		'It holds more than 2,000 values; credentials hold a few hundred.',
	)
	expect(boundsProblem(many, RECORD_BOUNDS)).toBeNull()
})

test('a credential past the bounds fails its format check, and nothing after it is attempted', async () => {
	const { trust, ...credential } = await signed()
	const options = {
		documentLoader,
		trust,
		now: new Date(),
		formatMoment: (moment: Date) => moment.toISOString(),
	}
	expect((await verifyCredential(credential, options)).state).toBe('valid')
	// Without the bounds these would reach the signature check, and fail only there, after the work.
	const cases = [
		{ evidence: Array.from({ length: 300 }, (_, i) => ({ id: `urn:example:${i}` })) },
		{ credentialSubject: { ...credential.credentialSubject, deep: nested(20) } },
	]
	for (const extra of cases) {
		const report = await verifyCredential({ ...credential, ...extra }, options)
		expect(report.state).toBe('invalid')
		expect(report.checks[0]).toMatchObject({ id: 'format', outcome: 'fail' })
		expect(report.checks[0]!.message).toMatch(/^(A list or object in it has 300 entries|It is nested more than 16)/)
		expect(report.checks.slice(1).map((c) => c.outcome)).toEqual(['skipped', 'skipped', 'skipped', 'skipped'])
	}
})

test('a skills record past its bounds fails its format check before its proof is checked', async () => {
	const { trust, ...credential } = await signed()
	const padded = { ...credential, evidence: Array.from({ length: 60 }, (_, i) => ({ id: `urn:example:${i}` })) }
	const record = {
		'@context': [VC_V2_CONTEXT],
		type: ['VerifiablePresentation'],
		// 200 credentials (the most a record holds) of about 230 values each.
		verifiableCredential: Array.from({ length: 200 }, () => padded),
		proof: {
			type: 'DataIntegrityProof',
			cryptosuite: 'eddsa-rdfc-2022',
			proofPurpose: 'assertionMethod',
			verificationMethod: `${credential.issuer.id}#key`,
			proofValue: 'z',
		},
	}
	const report = await verifySkillsRecord(record, {
		documentLoader,
		trust,
		now: new Date(),
		formatMoment: (moment) => moment.toISOString(),
	})
	expect(report.state).toBe('invalid')
	expect(report.checks.map((c) => [c.id, c.outcome])).toEqual([
		['format', 'fail'],
		['signer', 'skipped'],
		['signature', 'skipped'],
	])
	expect(report.checks[0]!.message).toBe(
		'It holds more than 40,000 values; skills records hold a few hundred per credential.',
	)
})
