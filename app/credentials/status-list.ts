/**
 * W3C Bitstring Status List: lists of 131,072 entries (16 KB, the minimum the specification sets
 * for herd privacy), indices drawn at random, and the list itself a signed credential.
 */
import { createCredential, createList } from '@digitalbazaar/vc-bitstring-status-list'
import { VC_V2_CONTEXT } from './contexts'
import { xsdDateTime } from './encoding'

export const STATUS_LIST_LENGTH = 131_072
export type StatusPurpose = 'revocation' | 'suspension'

/** A uniformly random index in [0, length), from the platform's CSPRNG. */
export function randomStatusIndex(length = STATUS_LIST_LENGTH): number {
	const buffer = new Uint32Array(1)
	const limit = Math.floor(0x1_0000_0000 / length) * length
	for (;;) {
		crypto.getRandomValues(buffer)
		if (buffer[0]! < limit) return buffer[0]! % length
	}
}

/** The unsigned BitstringStatusListCredential with these indices set. */
export async function buildStatusListCredential(options: {
	url: string
	purpose: StatusPurpose
	/** The issuer's DID (a plain id: the list's only context is VC 2.0, which has no Profile). */
	issuer: string
	setIndices: Iterable<number>
	validFrom: Date
	length?: number
}) {
	const list = await createList({ length: options.length ?? STATUS_LIST_LENGTH })
	for (const index of options.setIndices) list.setStatus(index, true)
	const credential = await createCredential({ id: options.url, list, statusPurpose: options.purpose })
	return {
		...credential,
		'@context': [VC_V2_CONTEXT],
		issuer: options.issuer,
		validFrom: xsdDateTime(options.validFrom),
	}
}
