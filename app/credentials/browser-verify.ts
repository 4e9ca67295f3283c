/**
 * Verification in the viewer's browser: the same checks as the server, with the issuer's DID
 * document and status lists fetched from this site (never from anywhere else).
 */
import { createDocumentLoader } from './document-loader'
import { siteDidDocumentPath } from './issuer'
import { verifyCredential, type IssuerTrust, type VerificationReport } from './verify'

export type BrowserVerifyOptions = {
	issuerDid: string
	/** This site's origin: its DIDs' documents are fetched from it (see siteDidDocumentPath). */
	origin: string
	statusListPrefix: string
	/** Whom the site recognises as issuers, as the server holds it (its DIDs and trust list). */
	trust: IssuerTrust
}

async function fetchJson(url: string): Promise<Record<string, unknown>> {
	const response = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' })
	if (!response.ok) throw new Error(`${url} answered ${response.status}.`)
	return (await response.json()) as Record<string, unknown>
}

/** Verifies a credential as of `now` (the viewer's clock), its dates worded by `formatMoment`. */
export async function verifyInBrowser(
	credential: unknown,
	options: BrowserVerifyOptions,
	now: Date,
	formatMoment: (moment: Date) => string,
): Promise<VerificationReport> {
	const documentLoader = createDocumentLoader({
		issuerDid: options.issuerDid,
		loadDidDocument: (did) => {
			const path = siteDidDocumentPath(options.issuerDid, did)
			if (!path) return Promise.reject(new Error(`${did} is not a DID of this site.`))
			return fetchJson(`${options.origin}${path}`)
		},
		statusListPrefix: options.statusListPrefix,
		loadStatusList: fetchJson,
	})
	return verifyCredential(credential, { documentLoader, trust: options.trust, now, formatMoment })
}

/** Fetches the signed JSON as served and verifies it. */
export async function verifyUrlInBrowser(
	url: string,
	options: BrowserVerifyOptions,
	now: Date,
	formatMoment: (moment: Date) => string,
) {
	return verifyInBrowser(await fetchJson(url), options, now, formatMoment)
}
