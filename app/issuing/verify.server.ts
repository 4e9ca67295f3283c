/**
 * The server's verification of any credential (valid only from this site or an issuer on its trust
 * list), with the signatures it has already checked remembered for the life of the process.
 */
import type { DocumentLoader } from '@digitalbazaar/vc'
import type { BrowserVerifyOptions } from '../credentials/browser-verify'
import { verifyCredential, type VerificationReport } from '../credentials/verify'
import { isDatabaseUnavailable } from '../db/unavailable.server'
import { formatMoment } from '../format/dates'
import { browserVerifierSources } from './issuer.server'
import { serverDocumentLoader } from './status-lists.server'
import { issuerTrust } from './trust-list.server'

/**
 * Signatures this process has verified (see VerifyOptions.signatureCache): the verification page of
 * a shared credential is opened again and again, and its signature check is most of its cost. The
 * oldest entries go first once it holds 5,000. Per process, and safe so: each entry is a fact about
 * fixed content, never a decision that another instance could see differently.
 */
const verifiedSignatures = new Set<string>()
const signatureCache = {
	has: (key: string) => verifiedSignatures.has(key),
	add(key: string) {
		verifiedSignatures.add(key)
		if (verifiedSignatures.size > 5000) verifiedSignatures.delete(verifiedSignatures.values().next().value!)
	},
}

/**
 * Verifies any credential on the server (this site's issuer, or did:key). A database that did not
 * answer while a status list was read says nothing about the credential: the library would report it
 * as a failed check (with the driver's message), so it is thrown instead, and the request answers 503
 * like any other that met an unavailable database.
 */
export async function verifyOnServer(
	credential: unknown,
	now = new Date(),
	documentLoader: DocumentLoader = serverDocumentLoader,
): Promise<VerificationReport> {
	let unavailable: unknown
	const report = await verifyCredential(credential, {
		documentLoader: async (url) => {
			try {
				return await documentLoader(url)
			} catch (error) {
				if (isDatabaseUnavailable(error)) unavailable ??= error
				throw error
			}
		},
		trust: await issuerTrust(),
		now,
		formatMoment,
		signatureCache,
	})
	if (unavailable) throw unavailable
	return report
}

/** What a page hands the viewer's browser to verify again as the server does (see browser-verify.ts). */
export async function browserVerifierOptions(): Promise<BrowserVerifyOptions> {
	return { ...browserVerifierSources, trust: await issuerTrust() }
}
