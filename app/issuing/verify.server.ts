/**
 * The server's verification of any credential (this site's issuer, or did:key), with the
 * signatures it has already checked remembered for the life of the process.
 */
import { verifyCredential, type VerificationReport } from '../credentials/verify'
import { issuerDid } from './issuer.server'
import { serverDocumentLoader } from './status-lists.server'

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

/** Verifies any credential on the server (this site's issuer, or did:key). */
export function verifyOnServer(credential: unknown, now = new Date()): Promise<VerificationReport> {
	return verifyCredential(credential, {
		documentLoader: serverDocumentLoader,
		knownIssuers: [issuerDid],
		now,
		signatureCache,
	})
}
