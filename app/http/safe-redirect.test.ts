import { expect, test } from 'vitest'
import { safeRedirectPath, safeReturnSearch } from './safe-redirect'

test.each([
	['/account', '/account'],
	['/admin?tab=teams', '/admin?tab=teams'],
	['/paths/data-literacy#module-2', '/paths/data-literacy#module-2'],
	['https://evil.example', '/dashboard'],
	['//evil.example', '/dashboard'],
	['/\\evil.example', '/dashboard'],
	// Browsers drop TAB and line breaks from URLs: these would become //evil.example.
	['/\t/evil.example', '/dashboard'],
	['/\n/evil.example', '/dashboard'],
	['/\r\n/evil.example', '/dashboard'],
	// Control characters would make the Location header invalid.
	['/account\u0000', '/dashboard'],
	['/account\u007f', '/dashboard'],
	['/account\u0085', '/dashboard'],
	// Text that is valid in a URL comes out percent-encoded.
	['/skills?q=data literacy', '/skills?q=data%20literacy'],
	['/u/zoë', '/u/zo%C3%AB'],
	['', '/dashboard'],
	[null, '/dashboard'],
])('%j redirects to %s', (input, expected) => {
	expect(safeRedirectPath(input)).toBe(expected)
})

test('what comes out is always a valid Location header', () => {
	for (let code = 0; code < 0x3000; code++) {
		const target = safeRedirectPath(`/a${String.fromCharCode(code)}b`)
		expect(() => new Headers({ Location: target }), `U+${code.toString(16)}`).not.toThrow()
	}
})

test.each([
	['?team=ops&page=2', '?team=ops&page=2'],
	['?q=zoë smith', '?q=zo%C3%AB%20smith'],
	['?q=a\tb', ''],
	['?q=\r\nSet-Cookie: x=1', ''],
	['/elsewhere', ''],
	['', ''],
	[null, ''],
])('the query %j to return to is %j', (input, expected) => {
	expect(safeReturnSearch(input)).toBe(expected)
})
