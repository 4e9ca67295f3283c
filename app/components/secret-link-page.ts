/**
 * What a page whose address holds a secret token (a password reset, an email confirmation) sends: no
 * Referer may carry the token to another page or site, and no cache may keep the page.
 */
import { pageTitle } from './page-title'

export function secretLinkMeta(title: string) {
	return [...pageTitle(title), { name: 'referrer', content: 'no-referrer' }]
}

export function secretLinkHeaders({ parentHeaders }: { parentHeaders: Headers }) {
	const headers = new Headers(parentHeaders)
	headers.set('Referrer-Policy', 'no-referrer')
	headers.set('Cache-Control', 'no-store')
	return headers
}
