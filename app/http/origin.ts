const SAFE_METHODS = new Set(['GET', 'HEAD'])

/**
 * Cross-site request forgery defence: a state-changing request must carry our own Origin.
 * Browsers send Origin on every cross-site and same-site POST; a request without one is refused.
 */
export function isAllowedOrigin(method: string, origin: string | undefined | null, publicOrigin: string, path = '') {
	if (SAFE_METHODS.has(method.toUpperCase())) return true
	// Wallets post to an exchange from anywhere (an app, another site): it reads no cookie, and its
	// unguessable address and the wallet's signed proof are its only credentials.
	if (WALLET_EXCHANGE.test(path)) return true
	return origin === publicOrigin
}

/** A VC-API exchange's address (routes/credentials/exchange.ts): JSON, from any origin. */
export const WALLET_EXCHANGE = /^\/exchanges\/[A-Za-z0-9_-]{32}$/
