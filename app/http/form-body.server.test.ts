import { RouterContextProvider } from 'react-router'
import { expect, test } from 'vitest'
import { formBodyMiddleware, nulInAddressMiddleware } from './form-body.server'

const ok = new Response('ok')
const next = () => Promise.resolve(ok)

function run(middleware: typeof formBodyMiddleware, request: Request) {
	return middleware(
		{ request, params: {}, context: new RouterContextProvider(), pattern: '/', url: new URL(request.url) },
		next,
	)
}

/** The status of what the middleware throws, or 'next' when it lets the request through. */
async function answer(middleware: typeof formBodyMiddleware, request: Request) {
	try {
		const result = await run(middleware, request)
		return result === ok ? 'next' : result
	} catch (error) {
		return (error as { init?: { status?: number } }).init?.status
	}
}

const post = (body: BodyInit | null, type?: string) =>
	new Request('http://localhost/sign-in', {
		method: 'POST',
		body,
		headers: type ? { 'Content-Type': type } : {},
	})

test('forms pass; bodies that are not a form get 415 and a multipart body that does not parse gets 400', async () => {
	expect(await answer(formBodyMiddleware, post('email=a%zz&&=', 'application/x-www-form-urlencoded'))).toBe('next')
	const form = new FormData()
	form.set('file', new Blob(['a,b']), 'people.csv')
	expect(
		await answer(formBodyMiddleware, new Request('http://localhost/admin/import', { method: 'POST', body: form })),
	).toBe('next')
	expect(await answer(formBodyMiddleware, post('{"email":"a"}', 'application/json'))).toBe(415)
	expect(await answer(formBodyMiddleware, post('email=a', 'text/plain'))).toBe(415)
	expect(await answer(formBodyMiddleware, post(new Blob(['email=a'])))).toBe(415)
	expect(await answer(formBodyMiddleware, post(null))).toBe(415)
	expect(
		await answer(
			formBodyMiddleware,
			post('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb', 'multipart/form-data; boundary=x'),
		),
	).toBe(400)
	expect(await answer(formBodyMiddleware, post('a=b', 'multipart/form-data'))).toBe(400)
	expect(await answer(formBodyMiddleware, new Request('http://localhost/sign-in'))).toBe('next')
})

test('an address with a NUL character is a 400 before any route looks it up', async () => {
	expect(await answer(nulInAddressMiddleware, new Request('http://localhost/paths/x/assessment/%00'))).toBe(400)
	expect(await answer(nulInAddressMiddleware, new Request('http://localhost/admin/people?q=a%00b'))).toBe(400)
	expect(await answer(nulInAddressMiddleware, new Request('http://localhost/paths/x/assessment/abc%2000'))).toBe('next')
})

test('a form with a NUL in any field is a 400 before a route reads it, URL-encoded or multipart', async () => {
	const urlencoded = 'application/x-www-form-urlencoded'
	expect(await answer(formBodyMiddleware, post('intent=dismiss&eventId=a%00b%00', urlencoded))).toBe(400)
	expect(await answer(formBodyMiddleware, post('intent=dismiss&eventId=a%00', urlencoded))).toBe(400)
	expect(await answer(formBodyMiddleware, post('name=a\u0000b', urlencoded))).toBe(400)
	// A percent sign followed by 00 as text is not a NUL.
	expect(await answer(formBodyMiddleware, post('name=50%2500', urlencoded))).toBe('next')
	const form = new FormData()
	form.set('name', 'Ada\u0000')
	const multipart = new Request('http://localhost/account', { method: 'POST', body: form })
	expect(await answer(formBodyMiddleware, multipart)).toBe(400)
	// A file's content is the route's to check (the CSV import reports its rows one by one).
	const upload = new FormData()
	upload.set('file', new Blob(['name\u0000,email']), 'people.csv')
	const file = new Request('http://localhost/admin/import', { method: 'POST', body: upload })
	expect(await answer(formBodyMiddleware, file)).toBe('next')
})

test('a wallet’s exchange and SCIM take JSON; no other address does', async () => {
	const exchange = (type: string) =>
		new Request('http://localhost/exchanges/AbCdEfGhIjKlMnOpQrStUvWxYz012345', {
			method: 'POST',
			body: '{}',
			headers: { 'Content-Type': type },
		})
	expect(await answer(formBodyMiddleware, exchange('application/json'))).toBe('next')
	expect(await answer(formBodyMiddleware, exchange('text/plain'))).toBe(415)
	const scim = (type: string) =>
		new Request('http://localhost/scim/v2/Users', { method: 'POST', body: '{}', headers: { 'Content-Type': type } })
	expect(await answer(formBodyMiddleware, scim('application/scim+json'))).toBe('next')
	expect(await answer(formBodyMiddleware, scim('application/json'))).toBe('next')
	expect(await answer(formBodyMiddleware, scim('text/plain'))).toBe(415)
	const elsewhere = new Request('http://localhost/scim/v1/Users', {
		method: 'POST',
		body: '{}',
		headers: { 'Content-Type': 'application/scim+json' },
	})
	expect(await answer(formBodyMiddleware, elsewhere)).toBe(415)
	expect(
		await answer(
			formBodyMiddleware,
			new Request('http://localhost/exchanges/short', {
				method: 'POST',
				body: '{}',
				headers: { 'Content-Type': 'application/json' },
			}),
		),
	).toBe(415)
})
