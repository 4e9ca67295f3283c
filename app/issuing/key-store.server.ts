/**
 * Signing keys at rest: Ed25519 secret keys encrypted with AES-256-GCM under a key derived (scrypt)
 * from a secret given by the environment (ISSUER_KEY_SECRET) or, for a local installation, generated
 * in the data directory. The keys themselves are IssuerKey rows (issuer-keys.server.ts); this module
 * makes and opens them, and reads the key file they were kept in before.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { z } from 'zod'

/** Where the keys were kept before they moved into the database; read once at start, then renamed. */
export const LEGACY_KEYS_FILE = 'issuer-keys.json'
export const GENERATED_SECRET_FILE = 'issuer-key-secret'

const encryptedSchema = z.strictObject({
	alg: z.literal('aes-256-gcm'),
	kdf: z.literal('scrypt'),
	salt: z.string(),
	iv: z.string(),
	tag: z.string(),
	data: z.string(),
})
const storedKeySchema = z.strictObject({
	id: z.string().startsWith('did:'),
	publicKeyMultibase: z.string().startsWith('z'),
	createdAt: z.iso.datetime(),
	secretKey: encryptedSchema,
})
const keysFileSchema = z.strictObject({ version: z.literal(1), keys: z.array(storedKeySchema).min(1) })
type EncryptedSecret = z.infer<typeof encryptedSchema>

function readOrCreateGeneratedSecret(dir: string): string {
	const file = path.join(dir, GENERATED_SECRET_FILE)
	try {
		return fs.readFileSync(file, 'utf8').trim()
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
	}
	const secret = crypto.randomBytes(32).toString('base64url')
	try {
		fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' })
		return secret
	} catch (error) {
		// Another process created it first: use theirs.
		if ((error as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file, 'utf8').trim()
		throw error
	}
}

/** The key-encryption secret: ISSUER_KEY_SECRET (`secret`), or the one generated in the data directory `dir`. */
export function secretOf(options: { dir: string; secret?: string | undefined }) {
	return options.secret ?? readOrCreateGeneratedSecret(options.dir)
}

function encrypt(plaintext: string, secret: string) {
	const salt = crypto.randomBytes(16)
	const iv = crypto.randomBytes(12)
	const key = crypto.scryptSync(secret, salt, 32)
	const cipher = crypto.createCipheriv('aes-256-gcm', key, iv)
	const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
	return {
		alg: 'aes-256-gcm' as const,
		kdf: 'scrypt' as const,
		salt: salt.toString('base64'),
		iv: iv.toString('base64'),
		tag: cipher.getAuthTag().toString('base64'),
		data: data.toString('base64'),
	}
}

function decrypt(encrypted: EncryptedSecret, secret: string): string {
	const key = crypto.scryptSync(secret, Buffer.from(encrypted.salt, 'base64'), 32)
	const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(encrypted.iv, 'base64'))
	decipher.setAuthTag(Buffer.from(encrypted.tag, 'base64'))
	try {
		return Buffer.concat([decipher.update(Buffer.from(encrypted.data, 'base64')), decipher.final()]).toString('utf8')
	} catch {
		throw new Error(
			'The issuer signing key cannot be decrypted: ISSUER_KEY_SECRET is not the secret it was encrypted with.',
		)
	}
}

/** A signing key as IssuerKey stores it: the secret encrypted, as JSON. */
export type KeyRow = { id: string; did: string; publicKeyMultibase: string; secretKey: string; createdAt: Date }

/**
 * The keys of a key file as kept before keys moved into the database (DATA_DIR/issuer-keys.json,
 * and the backups taken then), as rows; null when there is no such file. Every key must be of `did`.
 */
export function readLegacyKeyFile(file: string, did: string): KeyRow[] | null {
	let text: string
	try {
		text = fs.readFileSync(file, 'utf8')
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
		throw error
	}
	let json: unknown
	try {
		json = JSON.parse(text)
	} catch {
		throw new Error(`${file} is not a valid issuer key file: it is not JSON.`)
	}
	const parsed = keysFileSchema.safeParse(json)
	if (!parsed.success) throw new Error(`${file} is not a valid issuer key file: ${parsed.error.issues[0]?.message}`)
	const rows = parsed.data.keys.map((key) => ({
		id: key.id,
		did: key.id.split('#')[0]!,
		publicKeyMultibase: key.publicKeyMultibase,
		secretKey: JSON.stringify(key.secretKey),
		createdAt: new Date(key.createdAt),
	}))
	assertSiteDids(rows, did, file)
	return rows
}

/**
 * Refuses keys of a DID that is neither this site's nor one of its organisations' (whose DIDs are
 * under it): they were made under another PUBLIC_ORIGIN.
 */
export function assertSiteDids(rows: Pick<KeyRow, 'did'>[], siteDid: string, where: string) {
	const other = rows.find((row) => row.did !== siteDid && !row.did.startsWith(`${siteDid}:orgs:`))
	if (other) {
		throw new Error(
			`${where} holds keys of ${other.did}, but this site's DID is ${siteDid} (PUBLIC_ORIGIN changed?). ` +
				'Credentials are bound to the DID they were issued under; restore PUBLIC_ORIGIN.',
		)
	}
}

/**
 * Checks that `secret` opens the newest key of every DID among `rows` (the one each signs with),
 * as a site starting with them would. Throws the reason otherwise.
 */
export function assertKeysOpen(rows: KeyRow[], secret: string) {
	const newest = new Map<string, KeyRow>()
	for (const row of rows) {
		const seen = newest.get(row.did)
		if (!seen || row.createdAt > seen.createdAt || (+row.createdAt === +seen.createdAt && row.id > seen.id)) {
			newest.set(row.did, row)
		}
	}
	for (const row of newest.values()) decrypt(encryptedSchema.parse(JSON.parse(row.secretKey)), secret)
}

/** A new key of `did` for an IssuerKey row, its secret encrypted, as JSON. */
export async function newKeyRow(did: string, secret: string) {
	const pair = await Ed25519Multikey.generate({ controller: did })
	const exported = await pair.export({ publicKey: true, secretKey: true })
	return {
		id: pair.id!,
		did,
		publicKeyMultibase: pair.publicKeyMultibase,
		secretKey: JSON.stringify(encrypt(exported.secretKeyMultibase!, secret)),
	}
}

/** The signing key of a database row made by newKeyRow. */
export async function openKeyRow(
	row: { id: string; did: string; publicKeyMultibase: string; secretKey: string },
	secret: string,
): Promise<Ed25519Multikey.Ed25519KeyPair> {
	const encrypted = encryptedSchema.parse(JSON.parse(row.secretKey))
	return Ed25519Multikey.from({
		type: 'Multikey',
		id: row.id,
		controller: row.did,
		publicKeyMultibase: row.publicKeyMultibase,
		secretKeyMultibase: decrypt(encrypted, secret),
	})
}
