import { RouterContextProvider } from 'react-router'
import { expect, test } from 'vitest'
import { clientAddressContext } from '~/http/request-context'
import { action } from './verify'

function post(ip: string, credential: string) {
	const context = new RouterContextProvider()
	context.set(clientAddressContext, ip)
	const body = new FormData()
	body.set('credential', credential)
	const request = new Request('http://localhost:3000/verify', { method: 'POST', body })
	return action({ request, context, params: {}, url: new URL(request.url), pattern: '/verify' })
}

const statusOf = (result: unknown) => (result as { init: ResponseInit | null }).init?.status

test('verifications are limited per address: the 61st within ten minutes is refused', async () => {
	for (let i = 0; i < 60; i++) expect(statusOf(await post('203.0.113.7', 'not json'))).toBe(400)
	const refused = await post('203.0.113.7', 'not json')
	expect(statusOf(refused)).toBe(429)
	expect((refused as { data: { message: string } }).data.message).toMatch(/Too many verifications/)
	// Another address is not affected.
	expect(statusOf(await post('203.0.113.8', 'not json'))).toBe(400)
})
