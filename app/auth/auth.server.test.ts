import { RouterContextProvider } from 'react-router'
import { expect, test } from 'vitest'
import { signUpTestAccount } from '../../tests/setup/accounts'
import { sessionMiddleware } from './auth.server'
import { serializeSessionCookie } from './cookie.server'

/** The Cache-Control of `answer` once the session middleware has handled a request with `cookie`. */
async function cacheControlAfter(cookie: string | null, answer: () => Response) {
	const request = new Request('http://localhost:3000/dashboard', { headers: cookie ? { Cookie: cookie } : {} })
	const args = { request, context: new RouterContextProvider(), params: {}, url: new URL(request.url), pattern: '/' }
	const response = (await sessionMiddleware(args, async () => answer())) as Response
	return response.headers.get('Cache-Control')
}

test('no answer to a signed-in request may be cached; an anonymous one keeps its own policy', async () => {
	const account = await signUpTestAccount()
	const cookie = (await serializeSessionCookie(account.token, new Date(Date.now() + 60_000))).split(';')[0]!
	const page = () => new Response('<p>Your progress</p>')
	const publicFile = () => new Response('{}', { headers: { 'Cache-Control': 'public, max-age=60' } })
	const export_ = () => new Response('a,b', { headers: { 'Cache-Control': 'no-store' } })

	expect(await cacheControlAfter(cookie, page)).toBe('private, no-store')
	expect(await cacheControlAfter(cookie, publicFile)).toBe('private, no-store')
	expect(await cacheControlAfter(cookie, export_)).toBe('no-store')
	expect(await cacheControlAfter(null, page)).toBeNull()
	expect(await cacheControlAfter(null, publicFile)).toBe('public, max-age=60')
	// A cookie that no longer matches a session is a visitor's.
	expect(await cacheControlAfter('skillproof_session=stale', publicFile)).toBe('public, max-age=60')
})
