/**
 * The headers policy every response of the site carries (server/security-headers.ts), as a list of
 * what a response gets wrong: the authorisation test applies it to every route, role and `.data`
 * request generated from app/routes.ts, so a page added without the policy fails there too.
 */
import { EMAIL_PREVIEW_PATH, EMAIL_PREVIEW_POLICY } from '../../server/security-headers'

/** The policy's directives other than script-src (which carries each response's nonce). */
export const POLICY = {
	'default-src': "'self'",
	'style-src': "'self'",
	'img-src': "'self' data:",
	'connect-src': "'self'",
	'font-src': "'self'",
	'object-src': "'none'",
	'base-uri': "'none'",
	'form-action': "'self'",
	'frame-ancestors': "'none'",
}

/** A Content-Security-Policy header as its directives, each with its sources joined by a space. */
export function parseCsp(header: string): Map<string, string> {
	return new Map(
		header.split(';').map((part) => {
			const [name = '', ...values] = part.trim().split(/\s+/)
			return [name, values.join(' ')] as const
		}),
	)
}

/**
 * What a response gets wrong. `url` is the address requested: an email's HTML in the outbox
 * (EMAIL_PREVIEW_PATH) has a policy of its own, stricter for scripts and framable by the site.
 */
export function policyProblems(headers: Record<string, string>, url?: string): string[] {
	const problems: string[] = []
	if (headers['x-content-type-options'] !== 'nosniff') problems.push('no X-Content-Type-Options: nosniff')
	if (!/^strict-origin-when-cross-origin\b/.test(headers['referrer-policy'] ?? ''))
		problems.push(`Referrer-Policy is ${headers['referrer-policy']}`)
	if (url !== undefined && EMAIL_PREVIEW_PATH.test(new URL(url, 'http://localhost').pathname)) {
		if (headers['x-frame-options'] !== 'SAMEORIGIN') problems.push(`X-Frame-Options is ${headers['x-frame-options']}`)
		if (headers['content-security-policy'] !== EMAIL_PREVIEW_POLICY)
			problems.push(`the email preview's policy is ${headers['content-security-policy']}`)
		return problems
	}
	if (headers['x-frame-options'] !== 'DENY') problems.push(`X-Frame-Options is ${headers['x-frame-options']}`)
	const csp = headers['content-security-policy']
	if (!csp) return [...problems, 'no Content-Security-Policy']
	const directives = parseCsp(csp)
	const [self, nonce, ...more] = (directives.get('script-src') ?? '').split(' ')
	if (self !== "'self'" || !/^'nonce-[A-Za-z0-9+/]{22}=='$/.test(nonce ?? '') || more.length > 0)
		problems.push(`script-src is ${directives.get('script-src')} (expected 'self' and a nonce)`)
	if (csp.includes('unsafe-inline') || csp.includes('unsafe-eval'))
		problems.push(`the policy allows unsafe sources: ${csp}`)
	for (const name of ['frame-ancestors', 'default-src'] as const)
		if (directives.get(name) !== POLICY[name]) problems.push(`no ${name} ${POLICY[name]}`)
	return problems
}
