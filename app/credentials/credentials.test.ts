/** The credential library on its own: no database, no configuration, keys made on the spot. */
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { expect, test } from 'vitest'
import {
	didKeyCredential,
	didKeyIssuer,
	SAMPLE_ORIGIN as origin,
	sampleCredentialInput,
	sampleDocumentLoader,
	sampleTrust,
} from '../../tests/fixtures/sample-credential'
import { buildAchievementCredential, signAchievementCredential } from './achievement-credential'
import { credentialState } from './credential-state'
import { didFromOrigin, issuerProfile } from './issuer'
import { verifyCredential } from './verify'

const documentLoader = sampleDocumentLoader

test('did:web follows the origin, with the port encoded', () => {
	expect(didFromOrigin('https://skills.example.org')).toBe('did:web:skills.example.org')
	expect(didFromOrigin('http://localhost:3000')).toBe('did:web:localhost%3A3000')
})

test('a did:key credential on the trust list verifies with no document of ours; another key claiming its signature does not', async () => {
	const { credential: signed, trusted } = await didKeyCredential()
	const options = {
		documentLoader,
		trust: sampleTrust([trusted]),
		now: new Date(),
		formatMoment: (moment: Date) => moment.toISOString(),
	}
	const report = await verifyCredential(signed, options)
	expect(report.checks.map((c) => [c.id, c.outcome])).toEqual([
		['format', 'pass'],
		['issuer', 'pass'],
		['signature', 'pass'],
		['dates', 'pass'],
		['status', 'pass'],
	])
	expect(report.state).toBe('valid')
	const other = `did:key:${(await Ed25519Multikey.generate()).publicKeyMultibase}`
	const impostor = { ...signed, issuer: { ...signed.issuer, id: other } }
	expect((await verifyCredential(impostor, options)).state).toBe('invalid')
})

test('signAchievementCredential signs the credential it builds, with a proof dated when it is valid from', async () => {
	const { didKey, signer } = await didKeyIssuer()
	const at = new Date('2026-03-02T09:30:00Z')
	const input = { ...sampleCredentialInput(at), issuer: { ...issuerProfile(origin), id: didKey } }
	const signed = await signAchievementCredential({ ...input, signingKey: signer, documentLoader })
	const { proof, ...document } = signed
	expect(document).toEqual(await buildAchievementCredential(input))
	expect(proof).toEqual([
		expect.objectContaining({
			type: 'DataIntegrityProof',
			cryptosuite: 'eddsa-rdfc-2022',
			created: '2026-03-02T09:30:00Z',
			verificationMethod: signer.id,
		}),
	])
	// Nothing but its input goes in: the same input signs to the same document.
	expect(await signAchievementCredential({ ...input, signingKey: signer, documentLoader })).toEqual(signed)
	const report = await verifyCredential(signed, {
		documentLoader,
		// Checked as a verifier on another site that trusts this did:key would check it.
		trust: {
			siteDids: [],
			siteName: 'Verifier',
			siteOrigin: 'https://verifier.example',
			trusted: [{ did: didKey, name: 'Sample', url: null }],
		},
		now: at,
		formatMoment: (moment) => `⟨${moment.toISOString()}⟩`,
	})
	expect(report.checks.slice(0, 3).map((c) => [c.id, c.outcome])).toEqual([
		['format', 'pass'],
		['issuer', 'pass'],
		['signature', 'pass'],
	])
	// The dates' message words each date as the caller asks; the summary keeps the document's values.
	expect(report.checks.find((c) => c.id === 'dates')?.message).toBe(
		`Valid from ⟨${new Date(String(signed.validFrom)).toISOString()}⟩ until ⟨${new Date(String(signed.validUntil)).toISOString()}⟩.`,
	)
	expect(report.summary.validFrom).toBe(signed.validFrom)
})

test('a credential stands revoked before suspended before expired, by its stored dates and the given moment', () => {
	const validUntil = new Date('2027-01-01T00:00:00Z')
	const before = new Date('2026-12-31T23:59:59Z')
	const row = { revokedAt: null, suspendedAt: null, validUntil }
	expect(credentialState(row, before)).toBe('valid')
	expect(credentialState(row, validUntil)).toBe('expired')
	expect(credentialState({ ...row, suspendedAt: before }, validUntil)).toBe('suspended')
	expect(credentialState({ ...row, suspendedAt: before, revokedAt: before }, before)).toBe('revoked')
})
