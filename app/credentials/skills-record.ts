/**
 * The learner's whole record as one signed document: a W3C Verifiable Presentation (VC 2.0)
 * holding every credential as issued, signed by this site's issuer key with an eddsa-rdfc-2022
 * Data Integrity proof for the purpose of assertion. Why not a CLR 2.0 ClrCredential: see
 * docs/decisions/007-skills-record.md. Verifying it checks the presentation's own proof, then
 * each credential exactly as a single credential is checked.
 */
import type { Ed25519KeyPair } from '@digitalbazaar/ed25519-multikey'
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import type { DocumentLoader } from '@digitalbazaar/vc'
import jsigs from 'jsonld-signatures'
import { boundsProblem, RECORD_BOUNDS } from './bounds'
import { VC_V2_CONTEXT } from './contexts'
import { xsdDateTime } from './encoding'
import { verifyingSuite } from './sign'
import { describeError, verifyCredential, type VerificationReport, type VerifyOptions } from './verify'

/** A record holds at most this many credentials; more is refused as hostile input. */
export const MAX_RECORD_CREDENTIALS = 200

export type SkillsRecordInput = {
	/** urn:uuid:… */
	id: string
	learnerName: string
	issuerName: string
	credentials: ReadonlyArray<Record<string, unknown>>
	createdAt: Date
}

export function buildSkillsRecord(input: SkillsRecordInput) {
	return {
		'@context': [VC_V2_CONTEXT],
		id: input.id,
		type: ['VerifiablePresentation'],
		name: `Skills record of ${input.learnerName}`,
		description: `Every credential ${input.issuerName} issued to ${input.learnerName}, as issued, assembled and signed by ${input.issuerName} on ${xsdDateTime(input.createdAt)}. Each credential carries its own proof and status.`,
		verifiableCredential: [...input.credentials],
	}
}

export async function signSkillsRecord<T extends Record<string, unknown>>(
	record: T,
	key: Ed25519KeyPair,
	documentLoader: DocumentLoader,
	date: Date,
): Promise<T & { proof: Array<Record<string, unknown>> }> {
	const suite = new DataIntegrityProof({ signer: key.signer(), cryptosuite, date })
	const signed = await jsigs.sign(record, {
		suite,
		purpose: new jsigs.purposes.AssertionProofPurpose(),
		documentLoader,
	})
	return { ...signed, proof: [signed.proof] }
}

export type RecordCheck = {
	id: 'format' | 'signer' | 'signature'
	label: string
	outcome: 'pass' | 'fail' | 'skipped'
	message: string
}

export type RecordReport = {
	checkedAt: string
	/**
	 * verified: the record's proof holds, by a signer this site recognises, and every credential in it
	 * is valid. signer-not-recognised: the proof holds, but by a key of nobody this site knows.
	 */
	state: 'verified' | 'verified-with-problems' | 'signer-not-recognised' | 'invalid'
	checks: RecordCheck[]
	credentials: VerificationReport[]
	summary: { id: string | null; name: string | null; signer: string | null; signedAt: string | null; count: number }
}

type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)
const str = (value: unknown) => (typeof value === 'string' ? value : null)

export function isPresentation(value: unknown): boolean {
	return isObject(value) && Array.isArray(value.type) && value.type.includes('VerifiablePresentation')
}

const LABELS: Record<RecordCheck['id'], string> = {
	format: 'Record format',
	signer: 'Signer and signing key',
	signature: "The record's signature",
}

export async function verifySkillsRecord(input: unknown, options: VerifyOptions): Promise<RecordReport> {
	const now = options.now
	const checks: RecordCheck[] = []
	const add = (id: RecordCheck['id'], outcome: RecordCheck['outcome'], message: string) =>
		checks.push({ id, label: LABELS[id], outcome, message })
	const record = isObject(input) ? input : {}
	const proofs = [record.proof].flat().filter(isObject)
	const proof = proofs[0] ?? {}
	const summary: RecordReport['summary'] = {
		id: str(record.id),
		name: str(record.name),
		signer: str(proof.verificationMethod)?.split('#')[0] ?? null,
		signedAt: str(proof.created),
		count: Array.isArray(record.verifiableCredential) ? record.verifiableCredential.length : 0,
	}
	const fail = (id: RecordCheck['id'], message: string): RecordReport => {
		add(id, 'fail', message)
		for (const rest of (['format', 'signer', 'signature'] as const).filter((c) => !checks.some((k) => k.id === c)))
			add(rest, 'skipped', 'Not checked, because an earlier check failed.')
		return { checkedAt: now.toISOString(), state: 'invalid', checks, credentials: [], summary }
	}

	// Before any JSON-LD work: the record's proof covers every credential in it at once.
	const tooLarge = boundsProblem(record, RECORD_BOUNDS)
	if (tooLarge) return fail('format', tooLarge)
	const context = record['@context']
	if (!Array.isArray(context) || context[0] !== VC_V2_CONTEXT)
		return fail('format', `Its "@context" must start with ${VC_V2_CONTEXT}.`)
	if (context.some((c) => c !== VC_V2_CONTEXT)) return fail('format', 'It uses a context this verifier does not know.')
	if (!isPresentation(record)) return fail('format', 'Its "type" does not include VerifiablePresentation.')
	const credentials = record.verifiableCredential
	if (!Array.isArray(credentials) || credentials.length === 0)
		return fail('format', 'It holds no credentials ("verifiableCredential" is missing or empty).')
	if (credentials.length > MAX_RECORD_CREDENTIALS)
		return fail('format', `It holds ${credentials.length} credentials; at most ${MAX_RECORD_CREDENTIALS} are checked.`)
	if (proofs.length !== 1 || proof.type !== 'DataIntegrityProof' || proof.cryptosuite !== 'eddsa-rdfc-2022')
		return fail('format', 'It needs exactly one eddsa-rdfc-2022 Data Integrity proof.')
	if (proof.proofPurpose !== 'assertionMethod')
		return fail('format', 'Its proof is not made for assertion (assertionMethod).')
	add(
		'format',
		'pass',
		`A Verifiable Presentation of ${credentials.length} credential(s) with an eddsa-rdfc-2022 proof.`,
	)

	const signer = summary.signer
	const { siteDids, trusted } = options.trust
	const trustedSigner = signer ? trusted.find((t) => t.did === signer) : undefined
	const recognised = signer !== null && (siteDids.includes(signer) || trustedSigner !== undefined)
	if (!signer || !(recognised || signer.startsWith('did:key:')))
		return fail(
			'signer',
			`It was signed by ${signer ?? 'an unnamed key'}; this verifier resolves this site's own DIDs and did:key, and no other.`,
		)
	if (!recognised)
		add(
			'signer',
			'fail',
			`Signed by ${signer}, which is neither this site nor an issuer it trusts: nothing confirms who assembled this record, whatever it says of itself.`,
		)
	else
		add(
			'signer',
			'pass',
			trustedSigner ? `Signed by ${trustedSigner.name}, an issuer this site trusts.` : 'Signed by this site.',
		)

	// The proof covers the whole presentation, every credential in it included.
	const result = await jsigs.verify(record, {
		suite: verifyingSuite(),
		purpose: new jsigs.purposes.AssertionProofPurpose({ date: now }),
		documentLoader: options.documentLoader,
	})
	if (!result.verified)
		return fail('signature', describeError(result.results?.find((r) => !r.verified)?.error ?? result.error))
	add('signature', 'pass', 'The signature matches the record exactly: no credential was added, removed or changed.')

	const reports: VerificationReport[] = []
	for (const credential of credentials) reports.push(await verifyCredential(credential, options))
	return {
		checkedAt: now.toISOString(),
		state: !recognised
			? 'signer-not-recognised'
			: reports.every((r) => r.state === 'valid')
				? 'verified'
				: 'verified-with-problems',
		checks,
		credentials: reports,
		summary,
	}
}
