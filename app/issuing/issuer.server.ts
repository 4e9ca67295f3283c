/**
 * This site as issuer, from its configuration: the did:web DID of PUBLIC_ORIGIN, the addresses of
 * what it publishes (status lists, achievements, badge images, verification pages, its DID
 * document), its Open Badges profile, and its signing keys, kept on disk under DATA_DIR (see
 * key-store.server.ts).
 */
import { config } from '../config.server'
import type { CompiledPath } from '../content/compiled-content'
import { buildDidDocument, didFromOrigin, issuerProfile } from '../credentials/issuer'
import { ensureIssuerKeys, loadIssuerKeys, secretOf, type KeyStoreOptions } from './key-store.server'

export const issuerDid = didFromOrigin(config.PUBLIC_ORIGIN)
const keyStore: KeyStoreOptions = { dir: config.DATA_DIR, did: issuerDid, secret: config.ISSUER_KEY_SECRET }
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

/** Creates the signing key on first start (called before the server listens). */
export async function prepareIssuer() {
	await ensureIssuerKeys(keyStore)
}

export async function getDidDocument() {
	const { publicKeys } = await loadIssuerKeys(keyStore)
	return buildDidDocument(issuerDid, publicKeys)
}

/** The key new signatures are made with (the newest after a rotation). */
export async function getSigningKey() {
	return (await loadIssuerKeys(keyStore)).signingKey
}

export function getIssuerProfile() {
	return issuerProfile(config.PUBLIC_ORIGIN)
}

/** The secret that encrypts every signing key at rest: ISSUER_KEY_SECRET, or the one generated in DATA_DIR. */
export function issuerKeySecret() {
	return secretOf(keyStore)
}
