/**
 * The headers policy every response of the site carries (server/security-headers.ts), as a list of
 * what a response gets wrong: the authorisation test applies it to every route, role and `.data`
 * request generated from app/routes.ts, so a page added without the policy fails there too.
 */
export function policyProblems(headers: Record<string, string>): string[] {
	const problems: string[] = []
	if (headers['x-content-type-options'] !== 'nosniff') problems.push('no X-Content-Type-Options: nosniff')
	if (!/^strict-origin-when-cross-origin\b/.test(headers['referrer-policy'] ?? ''))
		problems.push(`Referrer-Policy is ${headers['referrer-policy']}`)
	if (headers['x-frame-options'] !== 'DENY') problems.push(`X-Frame-Options is ${headers['x-frame-options']}`)
	const csp = headers['content-security-policy']
	if (!csp) return [...problems, 'no Content-Security-Policy']
	const directives = new Map(
		csp.split(';').map((part) => {
			const [name = '', ...values] = part.trim().split(/\s+/)
			return [name, values] as const
		}),
	)
	const [self, nonce, ...more] = directives.get('script-src') ?? []
	if (self !== "'self'" || !/^'nonce-[A-Za-z0-9+/]{22}=='$/.test(nonce ?? '') || more.length > 0)
		problems.push(`script-src is ${directives.get('script-src')?.join(' ')} (expected 'self' and a nonce)`)
	if (csp.includes('unsafe-inline') || csp.includes('unsafe-eval'))
		problems.push(`the policy allows unsafe sources: ${csp}`)
	if (directives.get('frame-ancestors')?.join(' ') !== "'none'") problems.push("no frame-ancestors 'none'")
	if (directives.get('default-src')?.join(' ') !== "'self'") problems.push("no default-src 'self'")
	return problems
}
