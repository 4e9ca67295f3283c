/**
 * Whom a valid credential can come from (review finding H1): this site, or an issuer on the
 * operator's trust list. A document re-signed with any other key keeps a valid signature, and says
 * so, but is never “Valid”; one that points at this site without its key is not valid at all.
 */
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { expect, test } from 'vitest'
import {
	didKeyCredential,
	didKeyIssuer,
	SAMPLE_DID,
	SAMPLE_ORIGIN,
	sampleCredentialInput,
	sampleDocumentLoader as documentLoader,
	sampleTrust,
} from '../../tests/fixtures/sample-credential'
import { buildAchievementCredential, signAchievementCredential } from './achievement-credential'
import { buildDidDocument, issuerProfile } from './issuer'
import { createDocumentLoader } from './document-loader'
import { signCredential } from './sign'
import { buildSkillsRecord, signSkillsRecord, verifySkillsRecord } from './skills-record'
import { siteClaim } from './issuer-trust'
import { verifyCredential, type IssuerTrust } from './verify'

const formatMoment = (moment: Date) => moment.toISOString()
const verify = (credential: unknown, trust: IssuerTrust) =>
	verifyCredential(credential, { documentLoader, trust, now: new Date(), formatMoment })
const outcomes = (report: { checks: Array<{ id: string; outcome: string }> }) =>
	report.checks.map((c) => [c.id, c.outcome])

test('a did:key credential that borrows an organisation’s name verifies its signature, but is not valid', async () => {
	const { credential, didKey } = await didKeyCredential('Northwind Logistics')
	const report = await verify(credential, sampleTrust())
	expect(report.state).toBe('unrecognised-issuer')
	expect(outcomes(report)).toEqual([
		['format', 'pass'],
		['issuer', 'fail'],
		['signature', 'pass'],
		['dates', 'pass'],
		['status', 'pass'],
	])
	expect(report.checks[1]!.message).toBe(
		`Signed by ${didKey}, which is neither this site nor an issuer it trusts. The name “Northwind Logistics” is the document's own claim: nothing confirms it.`,
	)
	// The name is kept as the document's claim, never as the issuer's.
	expect(report.issuer).toEqual({
		did: didKey,
		standing: 'unrecognised',
		name: null,
		domain: null,
		through: null,
		claimedName: 'Northwind Logistics',
	})
})

test('the same credential is valid once its key is on the trust list, under the name the list gives', async () => {
	const { credential, didKey } = await didKeyCredential('Northwind Logistics')
	const trust = sampleTrust([{ did: didKey, name: 'Northwind Logistics Ltd', url: 'https://northwind.example' }])
	const report = await verify(credential, trust)
	expect(report.state).toBe('valid')
	expect(outcomes(report).every(([, outcome]) => outcome === 'pass')).toBe(true)
	expect(report.issuer).toMatchObject({
		standing: 'trusted',
		name: 'Northwind Logistics Ltd',
		domain: 'northwind.example',
	})
	// Another key, even one listed under the same name, does not stand for it.
	const { credential: other } = await didKeyCredential('Northwind Logistics')
	expect((await verify(other, trust)).state).toBe('unrecognised-issuer')
})

test('a credential that points at this site but is signed by another key is not valid, trusted key or not', async () => {
	// The forgery of the review: this site's credential, its issuer swapped for a did:key and re-signed.
	const { didKey, signer } = await didKeyIssuer()
	const { credentialStatus: _, ...ours } = await buildAchievementCredential(sampleCredentialInput())
	const forged = await signCredential(
		{ ...ours, issuer: { ...ours.issuer, id: didKey, name: 'Northwind Logistics' } },
		signer,
		documentLoader,
		new Date(),
	)
	for (const trust of [sampleTrust(), sampleTrust([{ did: didKey, name: 'Northwind Logistics', url: null }])]) {
		const report = await verify(forged, trust)
		expect(report.state).toBe('invalid')
		expect(outcomes(report)).toEqual([
			['format', 'pass'],
			['issuer', 'fail'],
			['signature', 'skipped'],
			['dates', 'skipped'],
			['status', 'skipped'],
		])
		expect(report.checks[1]!.message).toBe(
			`It claims to come from this site but does not: its issuer.url is ${SAMPLE_ORIGIN}, yet it was not signed by a key of this site (it was signed by ${didKey}).`,
		)
	}
	// Pointing at this site anywhere counts: an achievement, an image, a DID of this site.
	const { credential } = await didKeyCredential()
	const subject = credential.credentialSubject as Record<string, unknown>
	const achievement = subject.achievement as Record<string, unknown>
	for (const [document, where] of [
		[
			{
				...credential,
				credentialSubject: { ...subject, achievement: { ...achievement, id: `${SAMPLE_ORIGIN}/achievements/x/v1` } },
			},
			'credentialSubject.achievement.id',
		],
		[{ ...credential, evidence: [{ id: `${SAMPLE_DID}#key-1`, type: ['Evidence'] }] }, 'evidence[0].id'],
	] as const) {
		expect(siteClaim(document, sampleTrust())).toMatch(new RegExp(`^its ${where.replace(/[.[\]]/g, '\\$&')} is `))
	}
	// A look-alike host is not this site.
	expect(siteClaim({ url: `${SAMPLE_ORIGIN}.evil.example/` }, sampleTrust())).toBeNull()
	expect(
		siteClaim({ url: `${SAMPLE_ORIGIN}/x`, proof: { verificationMethod: SAMPLE_DID } }, sampleTrust()),
	).not.toBeNull()
	expect(siteClaim({ proof: { verificationMethod: `${SAMPLE_DID}#k` } }, sampleTrust())).toBeNull()
})

test('this site’s own credential is valid under its own name, whatever the trust list holds', async () => {
	const key = await Ed25519Multikey.generate({ id: `${SAMPLE_DID}#k1`, controller: SAMPLE_DID })
	const exported = await key.export({ publicKey: true })
	const loader = createDocumentLoader({
		issuerDid: SAMPLE_DID,
		loadDidDocument: async () =>
			buildDidDocument(SAMPLE_DID, [
				{ id: key.id!, publicKeyMultibase: String(exported.publicKeyMultibase), createdAt: new Date().toISOString() },
			]),
		statusListPrefix: `${SAMPLE_ORIGIN}/credentials/status/`,
		loadStatusList: () => Promise.reject(new Error('no lists here')),
	})
	const input = sampleCredentialInput()
	const credential = await signAchievementCredential({ ...input, signingKey: key, documentLoader: loader })
	const report = await verifyCredential(credential, {
		documentLoader: loader,
		trust: sampleTrust(),
		now: new Date(),
		formatMoment,
	})
	expect(report.checks.filter((c) => c.outcome !== 'pass')).toEqual([])
	expect(report.state).toBe('valid')
	expect(report.issuer).toEqual({
		did: SAMPLE_DID,
		standing: 'site',
		name: issuerProfile(SAMPLE_ORIGIN).name,
		domain: new URL(SAMPLE_ORIGIN).host,
		through: null,
		claimedName: issuerProfile(SAMPLE_ORIGIN).name,
	})
	expect(report.checks[1]!.message).toBe(
		`Issued by this site (${issuerProfile(SAMPLE_ORIGIN).name}, ${new URL(SAMPLE_ORIGIN).host}), signed with a key its DID document lists.`,
	)
})

test('a skills record is verified only when signed by this site or a trusted issuer; its credentials each by the same rule', async () => {
	const { credential: northwind, trusted } = await didKeyCredential('Northwind Logistics')
	const { didKey, signer } = await didKeyIssuer()
	const record = await signSkillsRecord(
		buildSkillsRecord({
			id: `urn:uuid:${crypto.randomUUID()}`,
			learnerName: 'Sam Ple',
			issuerName: 'Skillproof',
			credentials: [northwind],
			createdAt: new Date(),
		}),
		signer,
		documentLoader,
		new Date(),
	)
	const check = (trust: IssuerTrust) =>
		verifySkillsRecord(record, { documentLoader, trust, now: new Date(), formatMoment })

	const unknown = await check(sampleTrust())
	expect(unknown.state).toBe('signer-not-recognised')
	expect(outcomes(unknown)).toEqual([
		['format', 'pass'],
		['signer', 'fail'],
		['signature', 'pass'],
	])
	expect(unknown.credentials.map((c) => c.state)).toEqual(['unrecognised-issuer'])

	// The record's signer trusted, its credential's issuer not: genuine, but not every credential is valid.
	const signerTrusted = await check(sampleTrust([{ did: didKey, name: 'Records Inc', url: null }]))
	expect(signerTrusted.state).toBe('verified-with-problems')
	expect(signerTrusted.checks[1]).toMatchObject({
		outcome: 'pass',
		message: 'Signed by Records Inc, an issuer this site trusts.',
	})

	const both = await check(sampleTrust([{ did: didKey, name: 'Records Inc', url: null }, trusted]))
	expect(both.state).toBe('verified')
	expect(both.credentials.map((c) => c.state)).toEqual(['valid'])
})
