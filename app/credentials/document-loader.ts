/**
 * The JSON-LD document loader used to sign and verify. It answers from bundled contexts, from
 * did:key (computed, no network), and from callbacks for this site's own DID documents (its own and
 * its organisations', under its DID) and status lists; anything else is refused, so a hostile
 * credential cannot make us fetch a URL.
 */
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { driver as didKeyDriver } from '@digitalbazaar/did-method-key'
import type { DocumentLoader } from '@digitalbazaar/vc'
import { bundledContexts } from './contexts'

export type DocumentLoaderSources = {
	/**
	 * This site's DID (did:web:…): it and the DIDs under it (`<issuerDid>:orgs:<slug>`, an
	 * organisation's) are resolved by `loadDidDocument`, which throws for one that does not exist.
	 */
	issuerDid: string
	loadDidDocument: (did: string) => Promise<Record<string, unknown>>
	/** Status list URLs this site serves (a prefix) and a way to load one. */
	statusListPrefix: string
	loadStatusList: (url: string) => Promise<Record<string, unknown>>
}

export class DocumentNotAllowedError extends Error {
	constructor(url: string) {
		super(
			`Refused to load ${url.length > 200 ? `${url.slice(0, 200)}…` : url}: only bundled contexts, did:key and this site's own documents are used.`,
		)
		this.name = 'DocumentNotAllowedError'
	}
}

const didKey = didKeyDriver()
didKey.use({ multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from })

function found(url: string, document: unknown) {
	return { contextUrl: null, documentUrl: url, document }
}

/** The verification method with this full id inside a DID document, with the document's contexts. */
function selectFragment(didDocument: Record<string, unknown>, url: string) {
	const methods = Array.isArray(didDocument.verificationMethod) ? didDocument.verificationMethod : []
	const method = methods.find((m): m is Record<string, unknown> => typeof m === 'object' && m !== null && m.id === url)
	if (!method) throw new Error(`The DID document has no verification method ${url}.`)
	return { '@context': didDocument['@context'], ...method }
}

export function createDocumentLoader(sources: DocumentLoaderSources): DocumentLoader {
	return async (url: string) => {
		const context = bundledContexts.get(url)
		if (context) return found(url, context)
		if (url.startsWith('did:key:')) return found(url, await didKey.get({ url }))
		const [did] = url.split('#') as [string]
		if (did === sources.issuerDid || did.startsWith(`${sources.issuerDid}:`)) {
			const document = await sources.loadDidDocument(did)
			return found(url, url.includes('#') ? selectFragment(document, url) : document)
		}
		if (url.startsWith(sources.statusListPrefix)) return found(url, await sources.loadStatusList(url))
		throw new DocumentNotAllowedError(url)
	}
}
