/**
 * The issuer's Ed25519 signing keys, kept in one file (0600) under the data directory, never in
 * database rows. Secret keys are encrypted at rest with AES-256-GCM under a key derived (scrypt)
 * from a secret given by the environment (or, for a local installation, generated beside it).
 * Rotation appends a key: the newest signs, and every older public key stays in the DID document
 * so credentials signed with it still verify.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { z } from 'zod'
import type { PublicKey } from '../credentials/issuer'

export const KEYS_FILE = 'issuer-keys.json'
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
type KeysFile = z.infer<typeof keysFileSchema>
type EncryptedSecret = z.infer<typeof encryptedSchema>

export type KeyStoreOptions = {
	/** The data directory (DATA_DIR). */
	dir: string
	/** The issuer's DID: keys are `${did}#${publicKeyMultibase}`. */
	did: string
	/** The key-encryption secret (ISSUER_KEY_SECRET); when absent, one is generated in `dir`. */
	secret?: string
}

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

export function secretOf(options: Pick<KeyStoreOptions, 'dir' | 'secret'>) {
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

function readKeysFile(file: string): KeysFile | null {
	let text: string
	try {
		text = fs.readFileSync(file, 'utf8')
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
		throw error
	}
	const parsed = keysFileSchema.safeParse(JSON.parse(text))
	if (!parsed.success) throw new Error(`${file} is not a valid issuer key file: ${parsed.error.issues[0]?.message}`)
	return parsed.data
}

function writeKeysFile(file: string, contents: KeysFile) {
	const temporary = `${file}.${process.pid}.tmp`
	fs.writeFileSync(temporary, `${JSON.stringify(contents, null, '\t')}\n`, { mode: 0o600 })
	fs.renameSync(temporary, file)
}

async function newStoredKey(options: KeyStoreOptions) {
	const pair = await Ed25519Multikey.generate({ controller: options.did })
	const exported = await pair.export({ publicKey: true, secretKey: true })
	return {
		id: pair.id,
		publicKeyMultibase: pair.publicKeyMultibase,
		createdAt: new Date().toISOString(),
		secretKey: encrypt(exported.secretKeyMultibase!, secretOf(options)),
	}
}

/** Creates the key file with a first key unless it exists; returns the public keys. */
export async function ensureIssuerKeys(options: KeyStoreOptions): Promise<PublicKey[]> {
	fs.mkdirSync(options.dir, { recursive: true })
	const file = path.join(options.dir, KEYS_FILE)
	let contents = readKeysFile(file)
	if (!contents) {
		contents = { version: 1, keys: [await newStoredKey(options)] }
		try {
			fs.writeFileSync(file, `${JSON.stringify(contents, null, '\t')}\n`, { mode: 0o600, flag: 'wx' })
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
			contents = readKeysFile(file)!
		}
	}
	assertSameDid(contents, options.did, file)
	// Fail at start, not at the first credential, when the secret is wrong.
	decrypt(contents.keys.at(-1)!.secretKey, secretOf(options))
	return contents.keys.map(({ id, publicKeyMultibase, createdAt }) => ({ id, publicKeyMultibase, createdAt }))
}

/** Adds a new signing key; the older ones stay published. Returns the new key's id. */
export async function rotateIssuerKey(options: KeyStoreOptions): Promise<string> {
	const file = path.join(options.dir, KEYS_FILE)
	const contents = readKeysFile(file)
	if (!contents) throw new Error(`There is no issuer key file at ${file} yet: start the site once first.`)
	assertSameDid(contents, options.did, file)
	const key = await newStoredKey(options)
	writeKeysFile(file, { ...contents, keys: [...contents.keys, key] })
	return key.id
}

function assertSameDid(contents: KeysFile, did: string, file: string) {
	const other = contents.keys.find((k) => !k.id.startsWith(`${did}#`))
	if (other) {
		throw new Error(
			`${file} holds keys of ${other.id.split('#')[0]}, but this site's DID is ${did} (PUBLIC_ORIGIN changed?). ` +
				'Credentials are bound to the DID they were issued under; restore PUBLIC_ORIGIN or move the file away.',
		)
	}
}

export type IssuerKeys = {
	publicKeys: PublicKey[]
	/** The newest key, ready to sign. */
	signingKey: Ed25519Multikey.Ed25519KeyPair
}

const cache = new Map<string, { mtimeMs: number; keys: IssuerKeys }>()

/** The keys, read again only when the file changed (so a rotation takes effect without a restart). */
export async function loadIssuerKeys(options: KeyStoreOptions): Promise<IssuerKeys> {
	const file = path.join(options.dir, KEYS_FILE)
	const { mtimeMs } = fs.statSync(file)
	const cached = cache.get(file)
	if (cached && cached.mtimeMs === mtimeMs) return cached.keys
	const contents = readKeysFile(file)
	if (!contents) throw new Error(`There is no issuer key file at ${file}.`)
	assertSameDid(contents, options.did, file)
	const newest = contents.keys.at(-1)!
	const signingKey = await Ed25519Multikey.from({
		type: 'Multikey',
		id: newest.id,
		controller: options.did,
		publicKeyMultibase: newest.publicKeyMultibase,
		secretKeyMultibase: decrypt(newest.secretKey, secretOf(options)),
	})
	const keys = {
		publicKeys: contents.keys.map(({ id, publicKeyMultibase, createdAt }) => ({ id, publicKeyMultibase, createdAt })),
		signingKey,
	}
	cache.set(file, { mtimeMs, keys })
	return keys
}

/**
 * A new key of `did` for a database row (an organisation's, see org-issuers.server.ts): its secret
 * encrypted exactly as the key file's are, as JSON.
 */
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
