/**
 * Verifies a credential and reports each check: its form, its issuer and key, its signature
 * (eddsa-rdfc-2022), its dates and its status. The same code runs on the server and in the
 * viewer's browser; only the document loader differs (see document-loader.ts).
 */
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list'
import * as vc from '@digitalbazaar/vc'
import { boundsProblem, CREDENTIAL_BOUNDS } from './bounds'
import { issuerStanding, siteClaim, type IssuerStanding, type IssuerTrust } from './issuer-trust'
import { bundledContexts } from './contexts'
import { sha256Hex } from './encoding'
import { verifyingSuite } from './sign'

export type { IssuerStanding, IssuerTrust, TrustedIssuer } from './issuer-trust'

export type CheckId = 'format' | 'issuer' | 'signature' | 'dates' | 'status'
export type CheckOutcome = 'pass' | 'fail' | 'skipped'
export type Check = { id: CheckId; label: string; outcome: CheckOutcome; message: string }
/**
 * `unrecognised-issuer`: the signature holds, but the key belongs to nobody this site knows (see
 * IssuerTrust), so nothing the document says about itself is confirmed.
 */
export type CredentialState =
	'valid' | 'expired' | 'not-yet-valid' | 'revoked' | 'suspended' | 'unrecognised-issuer' | 'invalid'

export type VerificationReport = {
	checkedAt: string
	state: CredentialState
	checks: Check[]
	summary: {
		id: string | null
		name: string | null
		issuerId: string | null
		issuerName: string | null
		subjectName: string | null
		validFrom: string | null
		validUntil: string | null
	}
	/**
	 * Who signed it, as this site knows them (null when the check did not get that far): `name` and
	 * `domain` are facts (this site's signed profile, or the trust list); `claimedName` is what the
	 * document calls its issuer, confirmed only when the issuer is recognised.
	 */
	issuer: {
		did: string
		standing: IssuerStanding
		name: string | null
		domain: string | null
		/** The site an organisation issued it through (“Issued by Northwind Logistics · through Skillproof”). */
		through: string | null
		claimedName: string | null
	} | null
}

export type VerifyOptions = {
	documentLoader: vc.DocumentLoader
	trust: IssuerTrust
	/** The moment to check dates and status against. */
	now: Date
	/**
	 * How a moment reads in the checks' messages, for the people who read them: the site passes its
	 * own wording (app/format/dates.ts, “15 December 2025 at 10:00 UTC”). The summary keeps the
	 * document's own values.
	 */
	formatMoment: (moment: Date) => string
	/**
	 * Signatures already verified, by a key covering the exact credential and its issuer's DID
	 * document (see signatureCacheKey). A signature's validity depends on nothing else — dates and
	 * status, which change with time, are checked on every call — so a server may remember it.
	 */
	signatureCache?: SignatureCache
}

export type SignatureCache = { has(key: string): boolean; add(key: string): void }

/** The credential's exact content and the issuer's DID document it was checked against. */
async function signatureCacheKey(credential: Json, issuerDocument: unknown) {
	return `${await sha256Hex(JSON.stringify(credential))}:${await sha256Hex(JSON.stringify(issuerDocument))}`
}

const LABELS: Record<CheckId, string> = {
	format: 'Credential format',
	issuer: 'Issuer and signing key',
	signature: 'Signature',
	dates: 'Validity dates',
	status: 'Revocation and suspension',
}

type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)
const idOf = (value: unknown): string | null =>
	typeof value === 'string' ? value : isObject(value) && typeof value.id === 'string' ? value.id : null
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null)

/** A short reason for a failed check, from the nested errors the libraries throw. */
export function describeError(error: unknown): string {
	const messages: string[] = []
	let current: unknown = error
	for (let depth = 0; current && depth < 5; depth++) {
		if (current instanceof Error || isObject(current)) {
			const message = str((current as Json).message)
			if (message) messages.push(message)
			const { details, errors } = current as Json
			current =
				(current as Json).cause ??
				(Array.isArray(errors) ? errors[0] : undefined) ??
				(isObject(details) ? details.cause : undefined)
		} else break
	}
	const text = messages.filter((m) => m !== 'Verification error(s).').join(' ')
	if (/safe mode/i.test(text)) return 'It uses a property or type that none of its contexts defines.'
	if (/Refused to load/.test(text)) return messages.find((m) => m.startsWith('Refused to load')) ?? text
	if (/Invalid signature|signature.*not.*verif/i.test(text))
		return 'The signature does not match the content: the credential was changed after it was signed, or signed by another key.'
	return text || 'Verification failed.'
}

function formatProblems(credential: Json): string | null {
	const context = credential['@context']
	if (!Array.isArray(context) || context.length === 0) return 'It has no "@context" list.'
	if (context.some((c) => typeof c !== 'string' || !bundledContexts.has(c))) {
		const unknown = context.find((c) => typeof c !== 'string' || !bundledContexts.has(c))
		return `It uses a context this verifier does not know (${typeof unknown === 'string' ? unknown : 'an embedded context'}).`
	}
	const type = credential.type
	if (!Array.isArray(type) || !type.includes('VerifiableCredential'))
		return 'Its "type" does not include VerifiableCredential.'
	if (!idOf(credential.issuer)) return 'It names no issuer.'
	const proofs = Array.isArray(credential.proof) ? credential.proof : [credential.proof]
	if (proofs.length !== 1 || !isObject(proofs[0])) return 'It has no proof (it is not signed), or more than one.'
	const proof = proofs[0]
	if (proof.type !== 'DataIntegrityProof' || proof.cryptosuite !== 'eddsa-rdfc-2022') {
		return `Its proof is ${str(proof.cryptosuite) ?? str(proof.type) ?? 'of an unknown kind'}; this verifier checks eddsa-rdfc-2022 Data Integrity proofs.`
	}
	if (typeof proof.verificationMethod !== 'string') return 'Its proof names no verification method.'
	return null
}

function summarise(credential: Json): VerificationReport['summary'] {
	const subject = isObject(credential.credentialSubject) ? credential.credentialSubject : {}
	const identifiers = Array.isArray(subject.identifier) ? subject.identifier.filter(isObject) : []
	const nameEntry = identifiers.find((i) => i.identityType === 'name' && i.hashed === false)
	const achievement = isObject(subject.achievement) ? subject.achievement : {}
	return {
		id: str(credential.id),
		name: str(credential.name) ?? str(achievement.name),
		issuerId: idOf(credential.issuer),
		issuerName: isObject(credential.issuer) ? str(credential.issuer.name) : null,
		subjectName: str(nameEntry?.identityHash) ?? str(subject.name),
		validFrom: str(credential.validFrom) ?? str(credential.issuanceDate),
		validUntil: str(credential.validUntil) ?? str(credential.expirationDate),
	}
}

/** One load per URL within a verification (the lists are read twice: to verify, then for the bits). */
function memoised(loader: vc.DocumentLoader): vc.DocumentLoader {
	const loaded = new Map<string, ReturnType<vc.DocumentLoader>>()
	return (url) => {
		let result = loaded.get(url)
		if (!result) {
			result = loader(url)
			loaded.set(url, result)
		}
		return result
	}
}

/**
 * Status lists whose signature was verified, by the SHA-256 of their exact content, for five
 * minutes: an unchanged list verifies the same way, and a changed bit changes the content.
 */
const verifiedLists = new Map<string, number>()
const VERIFIED_LIST_TTL_MS = 5 * 60 * 1000

class StatusListError extends Error {}

/** Each status list the credential points at: signed by the credential's own issuer, and current. */
async function verifyStatusLists(credential: Json, loader: vc.DocumentLoader, issuerId: string, now: Date) {
	const entries = [credential.credentialStatus].flat().filter(isObject)
	for (const entry of entries) {
		const url = str(entry.statusListCredential)
		if (!url) throw new StatusListError('A status entry names no status list.')
		const { document: list } = await loader(url)
		if (!isObject(list)) throw new StatusListError(`${url} is not a status list credential.`)
		if (idOf(list.issuer) !== issuerId)
			throw new StatusListError("The status list was not issued by the credential's issuer.")
		const key = await sha256Hex(JSON.stringify(list))
		const verifiedAt = verifiedLists.get(key)
		if (verifiedAt !== undefined && now.getTime() - verifiedAt < VERIFIED_LIST_TTL_MS) continue
		const result = await vc.verifyCredential({ credential: list, suite: verifyingSuite(), documentLoader: loader, now })
		if (!result.verified) {
			const cause = result.results?.find((r) => !r.verified)?.error ?? result.error
			throw new StatusListError(`The status list's signature does not verify: ${describeError(cause)}`)
		}
		if (verifiedLists.size > 200) verifiedLists.clear()
		verifiedLists.set(key, now.getTime())
	}
}

export async function verifyCredential(input: unknown, options: VerifyOptions): Promise<VerificationReport> {
	const now = options.now
	const checks: Check[] = []
	const add = (id: CheckId, outcome: CheckOutcome, message: string) =>
		checks.push({ id, label: LABELS[id], outcome, message })
	const skipRest = (from: CheckId[]) => {
		for (const id of from) add(id, 'skipped', 'Not checked, because an earlier check failed.')
	}
	let issuer: VerificationReport['issuer'] = null
	const report = (state: CredentialState, summary: VerificationReport['summary']): VerificationReport => ({
		checkedAt: now.toISOString(),
		// A signature by a key nobody here knows proves nothing about who issued it: whatever its dates
		// and status say, the credential is not valid here.
		state: state !== 'invalid' && issuer?.standing === 'unrecognised' ? 'unrecognised-issuer' : state,
		checks,
		summary,
		issuer,
	})
	const empty = summarise({})

	if (!isObject(input)) {
		add('format', 'fail', 'This is not a credential: a credential is a JSON object.')
		skipRest(['issuer', 'signature', 'dates', 'status'])
		return report('invalid', empty)
	}
	const credential = input
	const summary = summarise(credential)
	// Before any JSON-LD work: a document far past a real credential's size would only cost time.
	const problem = boundsProblem(credential, CREDENTIAL_BOUNDS) ?? formatProblems(credential)
	if (problem) {
		add('format', 'fail', problem)
		skipRest(['issuer', 'signature', 'dates', 'status'])
		return report('invalid', summary)
	}
	add('format', 'pass', 'A Verifiable Credential with an eddsa-rdfc-2022 Data Integrity proof.')

	// Issuer: whose key signed it, where that issuer stands with this site, and its DID document.
	const issuerId = idOf(credential.issuer)!
	const method = ([credential.proof].flat()[0] as Json).verificationMethod as string
	const failIssuer = (message: string) => {
		add('issuer', 'fail', message)
		skipRest(['signature', 'dates', 'status'])
		return report('invalid', summary)
	}
	if (!method.startsWith(`${issuerId}#`))
		return failIssuer(`It was signed with ${method}, a key that does not belong to its issuer ${issuerId}.`)
	const claimedUrl = isObject(credential.issuer) ? str(credential.issuer.url) : null
	const standing = issuerStanding(issuerId, summary.issuerName, claimedUrl, options.trust)
	if (standing.standing !== 'site') {
		const claim = siteClaim(credential, options.trust)
		if (claim)
			return failIssuer(
				`It claims to come from this site but does not: ${claim}, yet it was not signed by a key of this site (it was signed by ${issuerId}).`,
			)
	}
	if (standing.standing !== 'site' && !issuerId.startsWith('did:key:'))
		return failIssuer(
			`It was issued by ${issuerId}; this verifier resolves this site's own DIDs and did:key, and no other.`,
		)
	let issuerDocument: unknown
	try {
		const { document } = await options.documentLoader(issuerId)
		issuerDocument = document
		const listed = isObject(document) && Array.isArray(document.assertionMethod) ? document.assertionMethod : []
		if (!listed.some((entry) => idOf(entry) === method))
			throw new Error(`The issuer's DID document does not list ${method} for issuing credentials.`)
	} catch (error) {
		return failIssuer(describeError(error))
	}
	issuer = { did: issuerId, ...standing, claimedName: summary.issuerName }
	if (standing.standing === 'unrecognised') {
		add(
			'issuer',
			'fail',
			`Signed by ${issuerId}, which is neither this site nor an issuer it trusts. ${
				summary.issuerName
					? `The name “${summary.issuerName}” is the document's own claim: nothing confirms it.`
					: 'Nothing confirms who that is.'
			}`,
		)
	} else {
		const who = [standing.name, standing.domain].filter(Boolean).join(', ') || issuerId
		add(
			'issuer',
			'pass',
			standing.through
				? `Issued by ${standing.name ?? issuerId} through ${standing.through} (${standing.domain}), signed with a key its DID document lists.`
				: standing.standing === 'site'
					? `Issued by this site (${who}), signed with a key its DID document lists.`
					: `Issued by ${who}, an issuer this site trusts, signed with a key its DID lists.`,
		)
	}

	// Signature, checked at a moment inside the validity period so that expiry is reported apart.
	const validFrom = summary.validFrom ? new Date(summary.validFrom) : null
	const validUntil = summary.validUntil ? new Date(summary.validUntil) : null
	let signatureTime = now
	if (validUntil && !Number.isNaN(validUntil.getTime()) && now > validUntil) signatureTime = validUntil
	if (validFrom && !Number.isNaN(validFrom.getTime()) && now < validFrom) signatureTime = validFrom
	const cacheKey = options.signatureCache ? await signatureCacheKey(credential, issuerDocument) : null
	if (!cacheKey || !options.signatureCache?.has(cacheKey)) {
		const result = await vc.verifyCredential({
			credential,
			suite: verifyingSuite(),
			documentLoader: options.documentLoader,
			now: signatureTime,
			// Status is checked below, on its own, so a revoked credential still shows its signature holds.
			checkStatus: async () => ({ verified: true }),
		})
		if (!result.verified) {
			add('signature', 'fail', describeError(result.results?.find((r) => !r.verified)?.error ?? result.error))
			skipRest(['dates', 'status'])
			return report('invalid', summary)
		}
		if (cacheKey) options.signatureCache?.add(cacheKey)
	}
	add(
		'signature',
		'pass',
		standing.standing === 'unrecognised'
			? 'The signature matches the content: it was not changed since that key signed it.'
			: 'The signature matches the content exactly: nothing was changed since it was issued.',
	)

	// Dates, in words (a value that is not a date is shown as written).
	const words = (text: string | null, moment: Date | null) =>
		moment && !Number.isNaN(moment.getTime()) ? options.formatMoment(moment) : (text ?? 'no date')
	const from = words(summary.validFrom, validFrom)
	const until = words(summary.validUntil, validUntil)
	let state: CredentialState = 'valid'
	if (validFrom && now < validFrom) {
		state = 'not-yet-valid'
		add('dates', 'fail', `Not valid before ${from}.`)
	} else if (validUntil && now > validUntil) {
		state = 'expired'
		add('dates', 'fail', `Expired on ${until}.`)
	} else {
		add('dates', 'pass', validUntil ? `Valid from ${from} until ${until}.` : `Valid from ${from}.`)
	}

	// Status: the library verifies each list's signature and that its issuer is the credential's.
	if ([credential.credentialStatus ?? []].flat().length === 0) {
		add('status', 'pass', 'It has no status entry: it cannot be revoked or suspended.')
		return report(state, summary)
	}
	const loader = memoised(options.documentLoader)
	try {
		await verifyStatusLists(credential, loader, issuerId, now)
	} catch (error) {
		const reason = error instanceof StatusListError ? error.message : describeError(error)
		add('status', 'fail', `Its status could not be checked: ${reason}`)
		return report('invalid', summary)
	}
	// The lists are verified above; the library reads the bits (and checks each list's purpose and type).
	const status = await checkStatus({
		credential,
		documentLoader: loader,
		suite: verifyingSuite(),
		verifyBitstringStatusListCredential: false,
		verifyMatchingIssuers: true,
	})
	if (!status.verified) {
		add('status', 'fail', `Its status could not be checked: ${describeError(status.error)}`)
		return report('invalid', summary)
	}
	const set = (purpose: string) => status.results?.some((r) => r.credentialStatus.statusPurpose === purpose && r.status)
	if (set('revocation')) {
		add('status', 'fail', 'The issuer has revoked it.')
		return report('revoked', summary)
	}
	if (set('suspension')) {
		add('status', 'fail', 'The issuer has suspended it.')
		return report('suspended', summary)
	}
	add('status', 'pass', "Neither revoked nor suspended, according to the issuer's signed status lists.")
	return report(state, summary)
}
