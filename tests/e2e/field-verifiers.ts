/**
 * The verifiers of the field, run as an employer would run them: a process of its own that fetches
 * each credential from its public address and verifies it with
 *   - the Digital Credentials Consortium's verifier-core (behind VerifierPlus and the Learner
 *     Credential Wallet), with its own document loader, which resolves did:web over HTTPS;
 *   - the Digital Bazaar library (@digitalbazaar/vc with the eddsa-rdfc-2022 cryptosuite and the
 *     Bitstring Status List), its did:web documents and status lists fetched over HTTPS here.
 * The caller starts it with NODE_EXTRA_CA_CERTS naming the test certificate, so that HTTPS is real
 * and trusted as a public certificate would be. Prints one JSON line: the results, by address.
 *
 *   node --import tsx tests/e2e/field-verifiers.ts <credential URL>... [--wallet <exchange URL>]
 *
 * With --wallet, it is also a wallet (tests/fixtures/test-wallet.ts, a did:key holder): it runs the
 * VC-API exchange at that address over HTTPS and verifies the copy it receives, under the key
 * "wallet copy", with the DID it proved as `holder`.
 */
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list'
import * as vc from '@digitalbazaar/vc'
import { verifyCredential as dccVerifyCredential } from '@digitalcredentials/verifier-core'
import { bundledContexts } from '../../app/credentials/contexts'
import { testWallet } from '../fixtures/test-wallet'

type Verdicts = {
	dcc: Array<{ id: string; valid: boolean }>
	dccError: string | null
	digitalBazaar: { verified: boolean; error: string | null; status: Array<{ purpose: string; set: boolean }> }
}
/** The credential as served, and a copy with the holder's name changed after signing. */
export type FieldResult = Verdicts & { tampered: Verdicts }

async function fetchJson(url: string) {
	const response = await fetch(url, { headers: { Accept: 'application/json' } })
	if (!response.ok) throw new Error(`${url} answered ${response.status}`)
	return (await response.json()) as Record<string, unknown>
}

/** did:web as its specification says: the host (port %3A-encoded), then the path, over HTTPS. */
function didWebUrl(did: string) {
	const [host, ...path] = did.slice('did:web:'.length).split(':').map(decodeURIComponent)
	return path.length === 0 ? `https://${host}/.well-known/did.json` : `https://${host}/${path.join('/')}/did.json`
}

const loader: vc.DocumentLoader = async (url) => {
	const context = bundledContexts.get(url)
	if (context) return { contextUrl: null, documentUrl: url, document: context }
	if (url.startsWith('did:web:')) {
		const [did, fragment] = url.split('#')
		const document = await fetchJson(didWebUrl(did!))
		if (!fragment) return { contextUrl: null, documentUrl: url, document }
		const methods = (document.verificationMethod as Array<Record<string, unknown>>) ?? []
		const method = methods.find((m) => m.id === url)
		if (!method) throw new Error(`${did}'s document has no ${url}`)
		return { contextUrl: null, documentUrl: url, document: { '@context': document['@context'], ...method } }
	}
	if (url.startsWith('https://')) return { contextUrl: null, documentUrl: url, document: await fetchJson(url) }
	throw new Error(`This verifier does not load ${url}`)
}

async function digitalBazaar(credential: Record<string, unknown>): Promise<FieldResult['digitalBazaar']> {
	const suite = new DataIntegrityProof({ cryptosuite })
	const result = await vc.verifyCredential({
		credential,
		suite,
		documentLoader: loader,
		checkStatus: async () => ({ verified: true }),
	})
	const status = await checkStatus({ credential, documentLoader: loader, suite, verifyMatchingIssuers: true })
	const error = result.verified ? null : String(result.error ?? JSON.stringify(result.results))
	return {
		verified: result.verified && status.verified,
		error: error ?? (status.verified ? null : String(status.error)),
		status: (status.results ?? []).map((r) => ({
			purpose: String(r.credentialStatus.statusPurpose),
			set: Boolean(r.status),
		})),
	}
}

async function dcc(credential: Record<string, unknown>): Promise<Pick<Verdicts, 'dcc' | 'dccError'>> {
	try {
		const verified = (await dccVerifyCredential({
			credential: credential as unknown as Parameters<typeof dccVerifyCredential>[0]['credential'],
			knownDIDRegistries: [],
		})) as { log?: Array<{ id: string; valid: boolean }>; errors?: unknown[] }
		return {
			dcc: (verified.log ?? []).map(({ id, valid }) => ({ id, valid })),
			dccError: verified.errors?.length ? JSON.stringify(verified.errors) : null,
		}
	} catch (error) {
		return { dcc: [], dccError: String(error) }
	}
}

async function verdicts(credential: Record<string, unknown>): Promise<Verdicts> {
	return { ...(await dcc(credential)), digitalBazaar: await digitalBazaar(credential) }
}

/** Receives a copy over the exchange as a wallet of the DCC's ecosystem does: DIDAuth signed with Ed25519Signature2020. */
async function receiveFromExchange(exchange: string) {
	const wallet = await testWallet('Ed25519Signature2020')
	const post = async (body: unknown) => {
		const response = await fetch(exchange, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(body),
		})
		if (!response.ok) throw new Error(`${exchange} answered ${response.status}: ${await response.text()}`)
		return (await response.json()) as Record<string, Record<string, unknown>>
	}
	const { challenge, domain } = (await post({})).verifiablePresentationRequest as { challenge: string; domain: string }
	const answer = await post({ verifiablePresentation: await wallet.authenticate(challenge, domain) })
	const [copy] = answer.verifiablePresentation!.verifiableCredential as Array<Record<string, unknown>>
	return { holder: wallet.did, copy: copy! }
}

const args = process.argv.slice(2)
const walletAt = args.indexOf('--wallet')
const exchange = walletAt >= 0 ? args.splice(walletAt, 2)[1] : undefined
const results: Record<string, FieldResult | (FieldResult & { holder: string; subject: unknown })> = {}
if (exchange) {
	const { holder, copy } = await receiveFromExchange(exchange)
	const tampered = structuredClone(copy) as { credentialSubject: { identifier: Array<{ identityHash: string }> } }
	tampered.credentialSubject.identifier[0]!.identityHash = 'Mallory'
	results['wallet copy'] = {
		holder,
		subject: (copy.credentialSubject as { id?: string }).id,
		...(await verdicts(copy)),
		tampered: await verdicts(tampered as never),
	}
}
for (const url of args) {
	const credential = await fetchJson(url)
	const tampered = structuredClone(credential) as { credentialSubject: { identifier: Array<{ identityHash: string }> } }
	tampered.credentialSubject.identifier[0]!.identityHash = 'Mallory'
	results[url] = { ...(await verdicts(credential)), tampered: await verdicts(tampered as never) }
}
console.log(JSON.stringify(results))
