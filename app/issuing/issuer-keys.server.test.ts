import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { earnCredential } from '../../tests/setup/earn-credential'
import { config } from '../config.server'
import { createDatabaseClient } from '../db/client.server'
import { db } from '../db/db.server'
import { issuerDid, rotateSiteKey, siteKeys } from './issuer.server'
import { keysOf, prepareSiteKeys } from './issuer-keys.server'
import { LEGACY_KEYS_FILE, newKeyRow } from './key-store.server'
import { verifyOnServer } from './verify.server'

const dirs: string[] = []
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })))
const secret = config.ISSUER_KEY_SECRET!

function dataDir() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'issuer-keys-'))
	dirs.push(dir)
	return dir
}

/** A database with no key of this site, as before its first start. */
async function forgetSiteKeys() {
	await db.issuerKey.deleteMany({ where: { did: issuerDid } })
	await db.siteIssuer.deleteMany({})
}

/** The key file of an installation that kept its keys in DATA_DIR, holding `rows`. */
function writeLegacyFile(dir: string, rows: { id: string; publicKeyMultibase: string; secretKey: string }[]) {
	const keys = rows.map((row, i) => ({
		id: row.id,
		publicKeyMultibase: row.publicKeyMultibase,
		createdAt: new Date(Date.UTC(2025, 0, 1 + i)).toISOString(),
		secretKey: JSON.parse(row.secretKey) as unknown,
	}))
	fs.writeFileSync(path.join(dir, LEGACY_KEYS_FILE), JSON.stringify({ version: 1, keys }), { mode: 0o600 })
}

test('the site key is a database row, encrypted; the wrong secret or another origin stops the start', async () => {
	const [row, ...others] = await keysOf(db, issuerDid)
	expect(others).toEqual([])
	expect(row!.id).toBe(`${issuerDid}#${row!.publicKeyMultibase}`)
	const { signingKey } = await siteKeys()
	const secretKey = (await signingKey.export({ secretKey: true })).secretKeyMultibase!
	expect(row!.secretKey).not.toContain(secretKey)
	expect(JSON.parse(row!.secretKey)).toMatchObject({ alg: 'aes-256-gcm', kdf: 'scrypt' })

	const start = (options: { did?: string; secret?: string }) =>
		prepareSiteKeys({ did: issuerDid, dir: dataDir(), secret, client: db, ...options })
	await expect(start({ secret: 'another secret that is also long enough' })).rejects.toThrow(
		'ISSUER_KEY_SECRET is not the secret it was encrypted with',
	)
	await expect(start({ did: 'did:web:elsewhere.example' })).rejects.toThrow('PUBLIC_ORIGIN changed?')
	expect(await db.siteIssuer.findMany({ select: { did: true } })).toEqual([{ did: issuerDid }])
	// A start as it should be changes nothing.
	expect(await start({})).toEqual({ imported: 0, movedFile: null, created: false })
	expect((await keysOf(db, issuerDid)).map((key) => key.id)).toEqual([row!.id])
})

test('an older installation’s key file moves into the database once, and what it signed still verifies', async () => {
	const { row: earned } = await earnCredential({ name: 'Katherine Johnson' })
	const oldKeys = await keysOf(db, issuerDid)
	await forgetSiteKeys()
	const dir = dataDir()
	// A file of two keys (one rotation) whose newest signed the credential.
	const older = await newKeyRow(issuerDid, secret)
	writeLegacyFile(dir, [older, oldKeys[0]!])
	const file = path.join(dir, LEGACY_KEYS_FILE)
	const copy = fs.readFileSync(file)

	const prepared = await prepareSiteKeys({ did: issuerDid, dir, secret, client: db })
	expect(prepared).toEqual({ imported: 2, movedFile: `${file}.moved-to-database`, created: false })
	expect(fs.existsSync(file)).toBe(false)
	const keys = await keysOf(db, issuerDid)
	expect(keys.map((key) => [key.id, key.createdAt.toISOString()])).toEqual([
		[older.id, '2025-01-01T00:00:00.000Z'],
		[oldKeys[0]!.id, '2025-01-02T00:00:00.000Z'],
	])
	expect((await siteKeys()).signingKey.id).toBe(oldKeys[0]!.id)
	expect((await verifyOnServer(JSON.parse(earned.document))).state).toBe('valid')

	// Another instance with its own copy of the file adds nothing; a damaged one stops its start.
	fs.writeFileSync(file, copy)
	const again = await prepareSiteKeys({ did: issuerDid, dir, secret, client: db })
	expect(again).toMatchObject({ imported: 0, created: false })
	expect(again.movedFile).toMatch(/issuer-keys\.json\.moved-to-database-\d+$/)
	expect(await keysOf(db, issuerDid)).toHaveLength(2)
	fs.writeFileSync(file, '{"version": 1, "keys": []}')
	await expect(prepareSiteKeys({ did: issuerDid, dir, secret, client: db })).rejects.toThrow(
		`${file} is not a valid issuer key file`,
	)
	expect(await keysOf(db, issuerDid)).toHaveLength(2)
})

test('two instances starting together on a new database make one key', async () => {
	await forgetSiteKeys()
	const instances = [createDatabaseClient(config.DATABASE_URL), createDatabaseClient(config.DATABASE_URL)]
	try {
		const results = await Promise.all(
			instances.map((client) => prepareSiteKeys({ did: issuerDid, dir: dataDir(), secret, client })),
		)
		expect(results.map((r) => r.created).sort()).toEqual([false, true])
		expect(await keysOf(db, issuerDid)).toHaveLength(1)
	} finally {
		await Promise.all(instances.map((client) => client.$disconnect()))
	}
	// A database that records the site but lost its keys is not given a new one silently.
	await db.issuerKey.deleteMany({ where: { did: issuerDid } })
	await expect(prepareSiteKeys({ did: issuerDid, dir: dataDir(), secret, client: db })).rejects.toThrow(
		'holds none of its signing keys: restore them from a backup',
	)
	await forgetSiteKeys()
	await prepareSiteKeys({ did: issuerDid, dir: dataDir(), secret, client: db })
})

test('after a rotation every instance signs with the new key, and what the older one signed still verifies', async () => {
	const { row: before } = await earnCredential({ name: 'Dorothy Vaughan' })
	const newKeyId = await rotateSiteKey()
	// Another instance reads the keys from the same database.
	const other = createDatabaseClient(config.DATABASE_URL)
	try {
		expect((await keysOf(other, issuerDid)).at(-1)!.id).toBe(newKeyId)
	} finally {
		await other.$disconnect()
	}
	const { row: after } = await earnCredential({ name: 'Mary Jackson' })
	const methodOf = (document: string) =>
		(JSON.parse(document) as { proof: { verificationMethod: string }[] }).proof[0]!.verificationMethod
	expect(methodOf(after.document)).toBe(newKeyId)
	expect(methodOf(before.document)).not.toBe(newKeyId)
	for (const row of [before, after]) expect((await verifyOnServer(JSON.parse(row.document))).state).toBe('valid')
})
