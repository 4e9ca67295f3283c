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

export type IssuerProfile = {
	id: string
	type: ['Profile']
	name: string
	url: string
	image: { id: string; type: 'Image'; caption: string }
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
