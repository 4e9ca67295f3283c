/**
 * DID Authentication (VC-API exchanges, the VP Request spec's `DIDAuthentication` query): a wallet
 * proves control of a DID by signing a presentation, for the purpose of authentication, over the
 * verifier's one-time challenge and domain. And the copy of a credential a wallet then receives:
 * the same claims, bound to that DID.
 */
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020'
import type { DocumentLoader } from '@digitalbazaar/vc'
import jsigs from 'jsonld-signatures'
import { boundsProblem, CREDENTIAL_BOUNDS } from './bounds'
import { VC_V2_CONTEXT } from './contexts'
import { verifyingSuite } from './sign'
import { describeError } from './verify'

type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)

export type DidAuthResult = { ok: true; holder: string } | { ok: false; reason: string }

/** A proof older than this is not taken as an answer to a fresh challenge (seconds). */
const MAX_PROOF_AGE_SECONDS = 15 * 60

/**
 * The suites a wallet may sign its DID Authentication with: eddsa-rdfc-2022, and the older
 * Ed25519Signature2020 that wallets of the DCC's ecosystem use (the same Ed25519 key either way).
 */
function suiteOf(proof: Json) {
	if (proof.type === 'DataIntegrityProof' && proof.cryptosuite === 'eddsa-rdfc-2022') return verifyingSuite()
	if (proof.type === 'Ed25519Signature2020') return new Ed25519Signature2020()
	return null
}

/**
 * Checks a DIDAuth presentation: one proof (eddsa-rdfc-2022 or Ed25519Signature2020), made for
 * authentication over exactly this challenge and domain, by a did:key (the holder; a `holder` it
 * names must be the same).
 */
export async function verifyDidAuth(
	input: unknown,
	options: { challenge: string; domain: string; documentLoader: DocumentLoader; now: Date },
): Promise<DidAuthResult> {
	const presentation = isObject(input) && isObject(input.verifiablePresentation) ? input.verifiablePresentation : input
	if (!isObject(presentation)) return { ok: false, reason: 'Send a verifiable presentation.' }
	const tooLarge = boundsProblem(presentation, CREDENTIAL_BOUNDS)
	if (tooLarge) return { ok: false, reason: tooLarge }
	const type = [presentation.type].flat()
	if (!type.includes('VerifiablePresentation')) return { ok: false, reason: 'This is not a verifiable presentation.' }
	const proofs = [presentation.proof].flat().filter(isObject)
	if (proofs.length !== 1) return { ok: false, reason: 'The presentation needs exactly one proof.' }
	const proof = proofs[0]!
	const suite = suiteOf(proof)
	if (!suite)
		return { ok: false, reason: 'The proof must be an eddsa-rdfc-2022 Data Integrity proof or Ed25519Signature2020.' }
	const method = typeof proof.verificationMethod === 'string' ? proof.verificationMethod : ''
	const [holder] = method.split('#')
	if (!holder?.startsWith('did:key:')) return { ok: false, reason: 'The proof must be made with a did:key.' }
	const named =
		typeof presentation.holder === 'string'
			? presentation.holder
			: isObject(presentation.holder)
				? presentation.holder.id
				: undefined
	if (named !== undefined && named !== holder)
		return { ok: false, reason: 'The presentation names a holder other than the key that signed it.' }
	const result = await jsigs.verify(presentation, {
		suite,
		purpose: new jsigs.purposes.AuthenticationProofPurpose({
			challenge: options.challenge,
			domain: options.domain,
			date: options.now,
			maxTimestampDelta: MAX_PROOF_AGE_SECONDS,
		}),
		documentLoader: options.documentLoader,
	})
	if (!result.verified)
		return { ok: false, reason: describeError(result.results?.find((r) => !r.verified)?.error ?? result.error) }
	return { ok: true, holder }
}

/**
 * The copy of an issued credential for a wallet: the same document, under an id of its own and with
 * its subject's `id` the holder's DID, its proof to be made again by the same issuer. Its status
 * entries are the original's, so the issuer revokes or suspends both at once.
 */
export function walletCopy(original: Json, holder: string, id: string): Json {
	const { proof: _, ...document } = structuredClone(original)
	const subject = isObject(document.credentialSubject) ? document.credentialSubject : {}
	return { ...document, id, credentialSubject: { ...subject, id: holder } }
}

/** The presentation a wallet receives its copy in (VC-API's `{ verifiablePresentation }`). */
export function deliveryPresentation(credentials: Json[]) {
	return { '@context': [VC_V2_CONTEXT], type: ['VerifiablePresentation'], verifiableCredential: credentials }
}
