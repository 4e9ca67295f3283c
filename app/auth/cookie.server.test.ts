import { expect, test } from 'vitest'
import { readSessionToken, serializeBlankSessionCookie, serializeSessionCookie } from './cookie.server'

test('the session cookie is HttpOnly, SameSite=Lax, site-wide and expires with the session', async () => {
	const expires = new Date('2030-05-01T12:00:00Z')
	const header = await serializeSessionCookie('abc123', expires)
	expect(header).toMatch(/^skillproof_session=/)
	expect(header).toContain('HttpOnly')
	expect(header).toContain('SameSite=Lax')
	expect(header).toContain('Path=/')
	expect(header).toContain(`Expires=${expires.toUTCString()}`)
	// Secure is on in production only (NODE_ENV=test here); the end-to-end tests check it there.
	expect(header).not.toContain('Secure')
})

test('the token round-trips through the cookie; a blank cookie reads as no session', async () => {
	const header = await serializeSessionCookie('token-value', new Date(Date.now() + 60_000))
	const request = new Request('http://localhost/', { headers: { Cookie: header.split(';')[0]! } })
	expect(await readSessionToken(request)).toBe('token-value')
	const blank = await serializeBlankSessionCookie()
	expect(blank).toContain('Max-Age=0')
	expect(
		await readSessionToken(new Request('http://localhost/', { headers: { Cookie: blank.split(';')[0]! } })),
	).toBeNull()
})
