/** Signing with a Data Integrity proof, cryptosuite eddsa-rdfc-2022 (Ed25519, RDF canonicalisation). */
import type { Ed25519KeyPair } from '@digitalbazaar/ed25519-multikey'
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import * as vc from '@digitalbazaar/vc'

export async function signCredential<T extends Record<string, unknown>>(
	credential: T,
	key: Ed25519KeyPair,
	documentLoader: vc.DocumentLoader,
	/** The proof's `created`. */
	date: Date,
): Promise<T & { proof: Array<Record<string, unknown>> }> {
	const suite = new DataIntegrityProof({ signer: key.signer(), cryptosuite, date })
	const signed = await vc.issue({ credential, suite, documentLoader })
	// A proof set of one: the Open Badges 3.0 JSON Schema expects `proof` to be an array, and the
	// signature covers the document without its proof, so the form does not change what is signed.
	return { ...signed, proof: [signed.proof] } as T & { proof: Array<Record<string, unknown>> }
}

/** The suite that verifies eddsa-rdfc-2022 proofs (the key comes from the document loader). */
export function verifyingSuite() {
	return new DataIntegrityProof({ cryptosuite })
}
