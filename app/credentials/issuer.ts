/**
 * The site as issuer: a did:web DID for its public origin, the DID document listing every key it
 * has signed with (the newest first), and the Open Badges issuer Profile.
 */
import { DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT } from './contexts'

export type PublicKey = { id: string; publicKeyMultibase: string; createdAt: string }

/** did:web for an origin: `https://example.org` → `did:web:example.org`; a port is %3A-encoded. */
export function didFromOrigin(origin: string): string {
	const url = new URL(origin)
	return `did:web:${encodeURIComponent(url.host)}`
}

export function buildDidDocument(did: string, keys: readonly PublicKey[]) {
	return {
		'@context': [DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT],
		id: did,
		verificationMethod: keys.map((key) => ({
			id: key.id,
			type: 'Multikey',
			controller: did,
			publicKeyMultibase: key.publicKeyMultibase,
		})),
		// By full id: some verifiers do not resolve relative references.
		assertionMethod: keys.map((key) => key.id),
	}
}

/** The OB 3.0 Profile of an issuer, as credentials carry it: only `id`, `type` and `name` are required. */
export type IssuerProfile = {
	id: string
	type: ['Profile']
	name: string
	url?: string
	description?: string
	email?: string
	image?: { id: string; type: 'Image'; caption: string }
}

/**
 * The DID of an organisation issuing on this site: a did:web under the site's own, resolved at
 * `<origin>/orgs/<slug>/did.json` (did:web's path form: each `:` after the host is a `/`).
 */
export function orgDid(siteDid: string, slug: string): string {
	return `${siteDid}:orgs:${slug}`
}

/**
 * Where this site serves the document of one of its DIDs, as a path under its origin: the site's own
 * at `/.well-known/did.json`, an organisation's at `/orgs/<slug>/did.json`; null for any other DID.
 */
export function siteDidDocumentPath(siteDid: string, did: string): string | null {
	if (did === siteDid) return '/.well-known/did.json'
	if (!did.startsWith(`${siteDid}:`)) return null
	const segments = did.slice(siteDid.length + 1).split(':')
	if (segments.some((segment) => !/^[a-z0-9-]+$/.test(segment))) return null
	return `/${segments.join('/')}/did.json`
}

export const ISSUER_NAME = 'Skillproof'

export function issuerProfile(origin: string): IssuerProfile {
	return {
		id: didFromOrigin(origin),
		type: ['Profile'],
		name: ISSUER_NAME,
		url: origin,
		image: { id: `${origin}/issuer-logo.svg`, type: 'Image', caption: `${ISSUER_NAME} logo` },
	}
}
