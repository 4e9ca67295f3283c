import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { SAMPLE_DID as did, SAMPLE_ORIGIN as origin, sampleCredential } from '../../tests/fixtures/sample-credential'
import { createDocumentLoader } from '../credentials/document-loader'
import { buildDidDocument } from '../credentials/issuer'
import { signCredential } from '../credentials/sign'
import { verifyCredential } from '../credentials/verify'
import { ensureIssuerKeys, KEYS_FILE, loadIssuerKeys, rotateIssuerKey } from './key-store.server'

const dirs: string[] = []
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })))

function store(secret = 'a key-encryption secret of more than 32 characters') {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'issuer-keys-'))
	dirs.push(dir)
	return { dir, did, secret }
}

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
		loadDidDocument: async () => buildDidDocument(did, (await loadIssuerKeys(options)).publicKeys),
		statusListPrefix: `${origin}/credentials/status/`,
		loadStatusList: () => Promise.reject(new Error('no lists here')),
	})
	const before = await signCredential(
		await sampleCredential(),
		(await loadIssuerKeys(options)).signingKey,
		documentLoader,
		new Date(),
	)
	// Keys are re-read when the file changes; leave the file system clock a moment to move on.
	await new Promise((resolve) => setTimeout(resolve, 20))
	const newKeyId = await rotateIssuerKey(options)
	const keys = await loadIssuerKeys(options)
	expect(keys.publicKeys.map((k) => k.id)).toHaveLength(2)
	expect(keys.signingKey.id).toBe(newKeyId)
	const after = await signCredential(await sampleCredential(), keys.signingKey, documentLoader, new Date())
	expect(after.proof[0]!.verificationMethod).toBe(newKeyId)
	expect(before.proof[0]!.verificationMethod).not.toBe(newKeyId)
	for (const credential of [before, after]) {
		const report = await verifyCredential(credential, {
			documentLoader,
			trust: { siteDids: [did], siteName: 'Skillproof', siteOrigin: origin, trusted: [] },
			now: new Date(),
			formatMoment: (moment) => moment.toISOString(),
		})
		expect(report.checks.map((c) => c.outcome)).toEqual(['pass', 'pass', 'pass', 'pass', 'pass'])
	}
})
