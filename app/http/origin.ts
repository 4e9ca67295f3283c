const SAFE_METHODS = new Set(['GET', 'HEAD'])

/**
 * Cross-site request forgery defence: a state-changing request must carry our own Origin.
 * Browsers send Origin on every cross-site and same-site POST; a request without one is refused.
 */
export function isAllowedOrigin(method: string, origin: string | undefined | null, publicOrigin: string, path = '') {
	if (SAFE_METHODS.has(method.toUpperCase())) return true
	// Wallets post to an exchange from anywhere (an app, another site): it reads no cookie, and its
	// unguessable address and the wallet's signed proof are its only credentials. An identity
	// provider calls SCIM from its own servers with a bearer token, and no cookie is read either.
	if (isJsonApi(path)) return true
	return origin === publicOrigin
}

/** A VC-API exchange's address (routes/credentials/exchange.ts): JSON, from any origin. */
export const WALLET_EXCHANGE = /^\/exchanges\/[A-Za-z0-9_-]{32}$/
/** SCIM 2.0 for identity providers (routes/scim.ts): JSON with a bearer token, from any origin. */
export const SCIM = /^\/scim\/v2(\/|$)/

/** The addresses that are APIs taking JSON, not forms, and read no cookie. */
export const isJsonApi = (path: string) => WALLET_EXCHANGE.test(path) || SCIM.test(path)
