/**
 * The signing keys of this site's DIDs (its own and each organisation's) as IssuerKey rows, so every
 * instance on the database signs with the same keys and a rotation on one is seen by all at once.
 * Keys are only ever added: the newest of a DID signs, and every one stays in its DID document.
 *
 * The site's first key is made at start (prepareSiteKeys), once: the SiteIssuer row, inserted only if
 * absent in the same transaction, decides which of several instances starting together makes it.
 * Keys kept in DATA_DIR/issuer-keys.json before they moved here are imported at that start and the
 * file renamed, so nothing reads it again.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { Ed25519KeyPair } from '@digitalbazaar/ed25519-multikey'
import { config } from '../config.server'
import type { PublicKey } from '../credentials/issuer'
import type { db as database } from '../db/db.server'
import type { Prisma } from '../db/generated/sqlite/client'
import {
	assertKeysOpen,
	LEGACY_KEYS_FILE,
	newKeyRow,
	openKeyRow,
	readLegacyKeyFile,
	secretOf,
	type KeyRow,
} from './key-store.server'

/** The database, or a transaction (whose connection a read inside it must use). */
export type KeyClient = Pick<Prisma.TransactionClient, 'issuerKey'>

/** The secret that encrypts every signing key at rest: ISSUER_KEY_SECRET, or the one generated in DATA_DIR. */
export function issuerKeySecret() {
	return secretOf({ dir: config.DATA_DIR, secret: config.ISSUER_KEY_SECRET })
}

const keyOrder = [{ createdAt: 'asc' as const }, { id: 'asc' as const }]

/** Every key of `did`, oldest first. */
export function keysOf(client: KeyClient, did: string): Promise<KeyRow[]> {
	return client.issuerKey.findMany({ where: { did }, orderBy: keyOrder })
}

export const publicKeyOf = (key: Pick<KeyRow, 'id' | 'publicKeyMultibase' | 'createdAt'>): PublicKey => ({
	id: key.id,
	publicKeyMultibase: key.publicKeyMultibase,
	createdAt: key.createdAt.toISOString(),
})

const openedKeys = new Map<string, Promise<Ed25519KeyPair>>()

/** Opening a key derives its encryption key with scrypt: once per key and process. */
export function openKey(row: KeyRow) {
	let key = openedKeys.get(row.id)
	if (!key) {
		key = openKeyRow(row, issuerKeySecret())
		openedKeys.set(row.id, key)
		key.catch(() => openedKeys.delete(row.id))
	}
	return key
}

/** The public keys of `did` and the key it signs with now (its newest), read from the database. */
export async function issuerKeysOf(client: KeyClient, did: string) {
	const rows = await keysOf(client, did)
	const newest = rows.at(-1)
	if (!newest) throw new Error(`${did} has no signing key.`)
	return { publicKeys: rows.map(publicKeyOf), signingKey: await openKey(newest) }
}

/**
 * Adds a key to `did` in the caller's transaction; it signs from then on. Its time is a moment after
 * the newest key's, so it is the newest even within the same millisecond. Returns its id.
 */
export async function addKey(tx: KeyClient, did: string): Promise<string> {
	const key = await newKeyRow(did, issuerKeySecret())
	const newest = await tx.issuerKey.findFirst({ where: { did }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] })
	const createdAt = new Date(Math.max(Date.now(), (newest?.createdAt.getTime() ?? 0) + 1))
	await tx.issuerKey.create({ data: { ...key, createdAt }, select: { id: true } })
	return key.id
}

export type SiteKeyOptions = {
	/** This site's DID (from PUBLIC_ORIGIN). */
	did: string
	/** DATA_DIR, where an older installation kept its key file. */
	dir: string
	/** ISSUER_KEY_SECRET; when absent, the secret generated in `dir`. */
	secret?: string | undefined
	client: typeof database
}

export type PreparedSiteKeys = {
	/** Keys read from the old key file that the database did not hold yet. */
	imported: number
	/** Where the old key file was moved once read (null when there was none). */
	movedFile: string | null
	/** Whether this start made the site's first key. */
	created: boolean
}

/**
 * Makes sure the database holds this site's signing keys before anything is issued: imports those of
 * an old key file (then renames it), or makes the first key on a new site. Refuses to start when the
 * database's keys are another origin's, or when the secret does not open the key that signs.
 */
export async function prepareSiteKeys(options: SiteKeyOptions): Promise<PreparedSiteKeys> {
	const { did, client } = options
	const secret = secretOf(options)
	const file = path.join(options.dir, LEGACY_KEYS_FILE)
	const legacy = readLegacyKeyFile(file, did) ?? []
	// A wrong secret stops the start before the file's keys go anywhere.
	assertKeysOpen(legacy, secret)
	// Made before the transaction (scrypt takes a moment), and used only if this start makes the first key.
	const candidate =
		legacy.length === 0 && (await client.issuerKey.count({ where: { did } })) === 0
			? await newKeyRow(did, secret)
			: null
	const { imported, created } = await client.$transaction(async (tx) => {
		const other = await tx.siteIssuer.findFirst({ where: { did: { not: did } }, select: { did: true } })
		if (other) {
			throw new Error(
				`The database holds the signing keys of ${other.did}, but this site's DID is ${did} (PUBLIC_ORIGIN ` +
					'changed?). Credentials are bound to the DID they were issued under; restore PUBLIC_ORIGIN.',
			)
		}
		const now = new Date()
		const first = await tx.$executeRaw`
			INSERT INTO "SiteIssuer" ("did", "createdAt") VALUES (${did}, ${now}) ON CONFLICT DO NOTHING`
		let imported = 0
		for (const key of legacy) {
			imported += await tx.$executeRaw`
				INSERT INTO "IssuerKey" ("id", "did", "publicKeyMultibase", "secretKey", "createdAt")
				VALUES (${key.id}, ${key.did}, ${key.publicKeyMultibase}, ${key.secretKey}, ${key.createdAt})
				ON CONFLICT DO NOTHING`
		}
		if ((await tx.issuerKey.count({ where: { did } })) > 0) return { imported, created: false }
		if (first !== 1) {
			throw new Error(
				`The database records ${did} as this site's issuer but holds none of its signing keys: restore them ` +
					'from a backup (npm run restore), or credentials already issued stop verifying.',
			)
		}
		const key = candidate ?? (await newKeyRow(did, secret))
		await tx.issuerKey.create({ data: { ...key, createdAt: now }, select: { id: true } })
		return { imported, created: true }
	})
	let movedFile: string | null = null
	if (legacy.length > 0) movedFile = moveAside(file)
	// Fail at start, not at the first credential, when the secret is wrong.
	assertKeysOpen(await keysOf(client, did), secret)
	return { imported, movedFile, created }
}

/** Renames the old key file once its keys are in the database (another instance may have done it). */
function moveAside(file: string): string | null {
	const target = `${file}.moved-to-database`
	const free = fs.existsSync(target) ? `${target}-${Date.now()}` : target
	try {
		fs.renameSync(file, free)
		return free
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
		throw error
	}
}
