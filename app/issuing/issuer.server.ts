/**
 * This site as issuer, from its configuration: the did:web DID of PUBLIC_ORIGIN, the addresses of
 * what it publishes (status lists, achievements, badge images, verification pages, its DID
 * document), its Open Badges profile, and its signing keys (rows of the database, see
 * issuer-keys.server.ts).
 */
import { config } from '../config.server'
import type { CompiledPath } from '../content/compiled-content'
import { buildDidDocument, didFromOrigin, issuerProfile } from '../credentials/issuer'
import { db } from '../db/db.server'
import { addKey, issuerKeysOf, keysOf, prepareSiteKeys, publicKeyOf, type KeyClient } from './issuer-keys.server'

export const issuerDid = didFromOrigin(config.PUBLIC_ORIGIN)
const STATUS_PATH = '/credentials/status/'
export const statusListPrefix = `${config.PUBLIC_ORIGIN}${STATUS_PATH}`

export const statusListUrl = (id: number) => `${statusListPrefix}${id}`

type Entry = { listId: number; index: number }

/** A credential's two status entries, as it carries them: its revocation bit, then its suspension bit. */
export const statusEntries = (revocation: Entry, suspension: Entry) => [
	{ purpose: 'revocation' as const, listUrl: statusListUrl(revocation.listId), index: revocation.index },
	{ purpose: 'suspension' as const, listUrl: statusListUrl(suspension.listId), index: suspension.index },
]
export const achievementId = (path: Pick<CompiledPath, 'slug' | 'version'>) =>
	`${config.PUBLIC_ORIGIN}/achievements/${path.slug}/v${path.version}`
export const badgeImageUrl = (pathSlug: string) => `${config.PUBLIC_ORIGIN}/badges/${pathSlug}.svg`
export const verificationUrl = (publicId: string) => `${config.PUBLIC_ORIGIN}/c/${publicId}`

/** Where the viewer's browser finds this issuer's DID document and status lists (see browser-verify.ts). */
export const browserVerifierSources = {
	issuerDid,
	origin: config.PUBLIC_ORIGIN,
	statusListPrefix,
}

/**
 * Makes sure the site's signing key is in the database, importing an older key file (called before
 * the server listens, and by scripts that sign).
 */
export function prepareIssuer() {
	return prepareSiteKeys({ did: issuerDid, dir: config.DATA_DIR, secret: config.ISSUER_KEY_SECRET, client: db })
}

export async function getDidDocument() {
	return buildDidDocument(issuerDid, (await keysOf(db, issuerDid)).map(publicKeyOf))
}

/**
 * The site's public keys and the key new signatures are made with (the newest after a rotation),
 * read with `client`: inside a transaction, its own.
 */
export function siteKeys(client: KeyClient = db) {
	return issuerKeysOf(client, issuerDid)
}

/** The key new signatures are made with (the newest after a rotation). */
export async function getSigningKey() {
	return (await siteKeys()).signingKey
}

/** A new signing key for the site (`npm run credentials:rotate-key`); the older ones stay published. */
export async function rotateSiteKey(): Promise<string> {
	await prepareIssuer()
	return db.$transaction((tx) => addKey(tx, issuerDid))
}

export function getIssuerProfile() {
	return issuerProfile(config.PUBLIC_ORIGIN)
}
