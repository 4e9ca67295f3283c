import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { afterAll, expect, test } from 'vitest'
import { buildAchievementCredential } from './achievement-credential'
import { createDocumentLoader } from './document-loader'
import { buildDidDocument, didFromOrigin, issuerProfile } from './issuer'
import { ensureIssuerKeys, KEYS_FILE, loadIssuerKeys, rotateIssuerKey } from './issuer-keys.server'
import { signCredential } from './sign'
import { verifyCredential } from './verify'

const origin = 'https://skills.example.org'
const did = didFromOrigin(origin)
const dirs: string[] = []
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })))

function store(secret = 'a key-encryption secret of more than 32 characters') {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'issuer-keys-'))
	dirs.push(dir)
	return { dir, did, secret }
}

async function sampleCredential() {
	const { credentialStatus: _, ...credential } = await buildAchievementCredential({
		origin,
		issuer: issuerProfile(origin),
		credentialId: crypto.randomUUID(),
		achievement: {
			id: `${origin}/achievements/sample/v1`,
			name: 'Sample',
			description: 'A sample achievement.',
			criteria: 'Pass the sample assessment.',
			imageUrl: `${origin}/badges/sample.svg`,
			version: '1',
			topic: 'data-literacy',
			skills: [],
			passMark: 0.8,
		},
		learner: { name: 'Sam Ple', email: 'sam@example.org', salt: 'salt' },
		result: { score: 0.9, assessedAt: new Date(), questionCount: 12 },
		validFrom: new Date(),
		validUntil: new Date(Date.now() + 86_400_000),
		status: [],
	})
	return credential
}

test('did:web follows the origin, with the port encoded', () => {
	expect(didFromOrigin('https://skills.example.org')).toBe('did:web:skills.example.org')
	expect(didFromOrigin('http://localhost:3000')).toBe('did:web:localhost%3A3000')
})

test('keys are kept in a 0600 file, encrypted; the wrong secret is refused at start', async () => {
	const options = store()
	const [key] = await ensureIssuerKeys(options)
	const file = path.join(options.dir, KEYS_FILE)
	expect(fs.statSync(file).mode & 0o777).toBe(0o600)
	const text = fs.readFileSync(file, 'utf8')
	const { signingKey } = await loadIssuerKeys(options)
	const secret = (await signingKey.export({ secretKey: true })).secretKeyMultibase!
	expect(text).not.toContain(secret)
	expect(key!.id).toBe(`${did}#${key!.publicKeyMultibase}`)
	await expect(ensureIssuerKeys({ ...options, secret: 'another secret that is also long enough' })).rejects.toThrow(
		/ISSUER_KEY_SECRET is not the secret/,
	)
	await expect(ensureIssuerKeys({ ...options, did: 'did:web:elsewhere.example' })).rejects.toThrow(
		/PUBLIC_ORIGIN changed/,
	)
})

test('after a rotation new credentials use the new key, and older ones still verify', async () => {
	const options = store()
	await ensureIssuerKeys(options)
	const documentLoader = createDocumentLoader({
		issuerDid: did,
		loadIssuerDidDocument: async () => buildDidDocument(did, (await loadIssuerKeys(options)).publicKeys),
		statusListPrefix: `${origin}/credentials/status/`,
		loadStatusList: () => Promise.reject(new Error('no lists here')),
	})
	const before = await signCredential(
		await sampleCredential(),
		(await loadIssuerKeys(options)).signingKey,
		documentLoader,
	)
	// Keys are re-read when the file changes; leave the file system clock a moment to move on.
	await new Promise((resolve) => setTimeout(resolve, 20))
	const newKeyId = await rotateIssuerKey(options)
	const keys = await loadIssuerKeys(options)
	expect(keys.publicKeys.map((k) => k.id)).toHaveLength(2)
	expect(keys.signingKey.id).toBe(newKeyId)
	const after = await signCredential(await sampleCredential(), keys.signingKey, documentLoader)
	expect(after.proof[0]!.verificationMethod).toBe(newKeyId)
	expect(before.proof[0]!.verificationMethod).not.toBe(newKeyId)
	for (const credential of [before, after]) {
		const report = await verifyCredential(credential, { documentLoader, knownIssuers: [did] })
		expect(report.checks.map((c) => c.outcome)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass'])
	}
})

test('a credential signed with a did:key verifies without any document of ours', async () => {
	const key = await Ed25519Multikey.generate()
	const didKey = `did:key:${key.publicKeyMultibase}`
	const signer = await Ed25519Multikey.from({
		...(await key.export({ publicKey: true, secretKey: true })),
		id: `${didKey}#${key.publicKeyMultibase}`,
		controller: didKey,
	})
	const documentLoader = createDocumentLoader({
		issuerDid: did,
		loadIssuerDidDocument: () => Promise.reject(new Error('not this issuer')),
		statusListPrefix: `${origin}/credentials/status/`,
		loadStatusList: () => Promise.reject(new Error('no lists here')),
	})
	const unsigned = await sampleCredential()
	const credential = { ...unsigned, issuer: { ...unsigned.issuer, id: didKey } }
	const signed = await signCredential(credential, signer, documentLoader)
	const report = await verifyCredential(signed, { documentLoader, knownIssuers: [did] })
	expect(report.checks.map((c) => [c.id, c.outcome])).toEqual([
		['format', 'pass'],
		['issuer', 'pass'],
		['signature', 'pass'],
		['dates', 'pass'],
		['status', 'pass'],
	])
	expect(report.state).toBe('valid')
	// Another did:key claiming the same signature does not pass.
	const other = `did:key:${(await Ed25519Multikey.generate()).publicKeyMultibase}`
	const impostor = { ...signed, issuer: { ...signed.issuer, id: other } }
	expect((await verifyCredential(impostor, { documentLoader, knownIssuers: [did] })).state).toBe('invalid')
})
