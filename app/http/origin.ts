const SAFE_METHODS = new Set(['GET', 'HEAD'])

/**
 * Cross-site request forgery defence: a state-changing request must carry our own Origin.
 * Browsers send Origin on every cross-site and same-site POST; a request without one is refused.
 */
export function isAllowedOrigin(method: string, origin: string | undefined | null, publicOrigin: string) {
	if (SAFE_METHODS.has(method.toUpperCase())) return true
	return origin === publicOrigin
}
