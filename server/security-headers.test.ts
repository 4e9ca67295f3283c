import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterEach, expect, test } from 'vitest'
import { EMAIL_PREVIEW_POLICY, getCspNonce, PERMISSIONS_POLICY, securityHeaders } from './security-headers'

const servers: Array<{ close: () => void }> = []
afterEach(() => {
	for (const server of servers.splice(0)) server.close()
})

/** An app with the middleware (mounted twice, as server.js and the app do) that echoes its nonce. */
async function start(options: Parameters<typeof securityHeaders>[0]) {
	const app = express()
	const headers = securityHeaders(options)
	app.use(headers)
	app.use(headers)
	app.get('/', (_req, res) => {
		res.type('text/html').send(`<script nonce="${getCspNonce(res)}"></script>`)
	})
	app.get('/admin/outbox/:emailId/html', (_req, res) => {
		res.type('text/html').send('<p style="color: #3730a3">An email</p>')
	})
	app.get('/did.json', (_req, res) => {
		res.set('Access-Control-Allow-Origin', '*').json({ id: 'did:web:example' })
	})
	// Any other address: an answer of the app's, not Express's own 404 (which sets a policy of its own).
	app.use((_req, res) => {
		res.type('text/plain').send('another address')
	})
	const server = app.listen(0, '127.0.0.1')
	await new Promise((resolve) => server.once('listening', resolve))
	servers.push(server)
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

function directives(policy: string | null): Map<string, string> {
	return new Map(
		(policy ?? '').split(';').map((part) => {
			const [name = '', ...values] = part.trim().split(/\s+/)
			return [name, values.join(' ')]
		}),
	)
}

test('every response gets a fresh nonce, used in its policy and in its page', async () => {
	const origin = await start({ publicOrigin: 'https://skillproof.example' })
	const nonces = new Set<string>()
	for (let i = 0; i < 3; i++) {
		const response = await fetch(origin)
		const policy = response.headers.get('content-security-policy')
		const nonce = /'nonce-([^']+)'/.exec(policy ?? '')?.[1]
		expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/)
		expect(await response.text()).toBe(`<script nonce="${nonce}"></script>`)
		// One nonce per response, even with the middleware mounted twice.
		expect(policy?.match(/'nonce-/g)).toHaveLength(1)
		nonces.add(nonce!)
	}
	expect(nonces.size).toBe(3)
})

test('the policy is strict for scripts and lists every directive', async () => {
	const origin = await start({ publicOrigin: 'https://skillproof.example' })
	const policy = directives((await fetch(origin)).headers.get('content-security-policy'))
	expect(policy.get('script-src')).toMatch(/^'self' 'nonce-[^']+'$/)
	expect(Object.fromEntries([...policy].filter(([name]) => name !== 'script-src'))).toEqual({
		'default-src': "'self'",
		'style-src': "'self'",
		'img-src': "'self' data:",
		'connect-src': "'self'",
		'font-src': "'self'",
		'object-src': "'none'",
		'base-uri': "'none'",
		'form-action': "'self'",
		'frame-ancestors': "'none'",
	})
	expect([...policy.values()].join(' ')).not.toMatch(/unsafe-inline|unsafe-eval/)
})

test('the other headers, on pages and resources alike; CORS headers stay', async () => {
	const origin = await start({ publicOrigin: 'https://skillproof.example' })
	for (const path of ['/', '/did.json']) {
		const { headers } = await fetch(`${origin}${path}`)
		expect(headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains')
		expect(headers.get('x-content-type-options')).toBe('nosniff')
		expect(headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
		expect(headers.get('x-frame-options')).toBe('DENY')
		expect(headers.get('cross-origin-opener-policy')).toBe('same-origin')
		expect(headers.get('permissions-policy')).toBe(PERMISSIONS_POLICY)
		// Badges and the DID document are for other sites to load.
		expect(headers.get('cross-origin-resource-policy')).toBeNull()
	}
	const did = await fetch(`${origin}/did.json`)
	expect(did.headers.get('access-control-allow-origin')).toBe('*')
})

test('HSTS only when the public origin is https', async () => {
	const origin = await start({ publicOrigin: 'http://localhost:3000' })
	const { headers } = await fetch(origin)
	expect(headers.get('strict-transport-security')).toBeNull()
	expect(headers.get('x-frame-options')).toBe('DENY')
})

test('development allows Vite: injected styles and its hot-reload socket, still no eval', async () => {
	const origin = await start({ publicOrigin: 'http://localhost:3000', development: true })
	const policy = directives((await fetch(origin)).headers.get('content-security-policy'))
	expect(policy.get('style-src')).toBe("'self' 'unsafe-inline'")
	expect(policy.get('connect-src')).toBe("'self' ws: wss:")
	expect(policy.get('script-src')).toMatch(/^'self' 'nonce-[^']+'$/)
})

test('an email preview gets its own policy: no script, inline styles, a sandbox, framed by this site only', async () => {
	const origin = await start({ publicOrigin: 'https://skillproof.example' })
	const preview = await fetch(`${origin}/admin/outbox/abc-123/html`)
	expect(preview.headers.get('content-security-policy')).toBe(EMAIL_PREVIEW_POLICY)
	const policy = directives(preview.headers.get('content-security-policy'))
	expect(policy.get('default-src')).toBe("'none'")
	expect(policy.has('script-src')).toBe(false)
	expect(policy.get('style-src')).toBe("'unsafe-inline'")
	expect(policy.get('sandbox')).toBe('allow-popups allow-popups-to-escape-sandbox')
	expect(policy.get('frame-ancestors')).toBe("'self'")
	expect(preview.headers.get('x-frame-options')).toBe('SAMEORIGIN')
	// The hardening headers stay.
	expect(preview.headers.get('x-content-type-options')).toBe('nosniff')
	expect(preview.headers.get('permissions-policy')).toBe(PERMISSIONS_POLICY)
	// Any other address, the outbox page among them, keeps the site's policy.
	for (const path of ['/', '/admin/outbox/abc-123/html.data', '/admin/outbox/abc/123/html']) {
		const { headers } = await fetch(`${origin}${path}`)
		expect(directives(headers.get('content-security-policy')).get('frame-ancestors'), path).toBe("'none'")
		expect(headers.get('x-frame-options'), path).toBe('DENY')
	}
})
