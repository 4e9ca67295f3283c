import fs from 'node:fs'
import path from 'node:path'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterEach, expect, test } from 'vitest'
import { createLogger } from '../app/log.server'
import { requestLog } from './request-log'

type Line = Record<string, unknown> & { msg: string; level: string }

const servers: Array<{ close: () => void; closeAllConnections: () => void }> = []
afterEach(() => {
	for (const server of servers.splice(0)) {
		server.closeAllConnections()
		server.close()
	}
})

/** An app logging into memory, whose handler writes a line of its own while it answers. */
async function start(trustProxy: boolean) {
	const lines: Line[] = []
	const logger = createLogger({ write: (line: string) => void lines.push(JSON.parse(line) as Line) }, 'info')
	const app = express()
	app.use(requestLog({ logger, trustProxy }))
	app.get('/{*rest}', async (req, res) => {
		await new Promise((resolve) => setTimeout(resolve, 5))
		logger.info('inside the handler')
		res.status(req.path === '/missing' ? 404 : 200).send('ok')
	})
	const server = app.listen(0, '127.0.0.1')
	await new Promise((resolve) => server.once('listening', resolve))
	servers.push(server)
	const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
	/** Fetches `path` and waits for its request line. */
	async function get(path: string, headers: Record<string, string> = {}) {
		const response = await fetch(`${origin}${path}`, { headers })
		await response.text()
		for (
			let i = 0;
			i < 50 && !lines.some((l) => l.msg === 'request' && l.reqId === response.headers.get('x-request-id'));
			i++
		)
			await new Promise((resolve) => setTimeout(resolve, 10))
		return response
	}
	return { lines, get }
}

test('every request gets an id, returned to the client and on each line logged while it is handled', async () => {
	const { lines, get } = await start(false)
	const first = await get('/paths/data-literacy?q=secret-query')
	const second = await get('/missing')
	const firstId = first.headers.get('x-request-id')!
	const secondId = second.headers.get('x-request-id')!
	expect(firstId).toMatch(/^[0-9a-f-]{36}$/)
	expect(secondId).not.toBe(firstId)

	const request = lines.find((l) => l.msg === 'request' && l.reqId === firstId)
	expect(request).toMatchObject({ level: 'info', method: 'GET', path: '/paths/data-literacy', status: 200 })
	expect(typeof request!.ms).toBe('number')
	expect(typeof request!.time).toBe('string')
	expect(JSON.stringify(lines)).not.toContain('secret-query')
	expect(lines.find((l) => l.msg === 'request' && l.reqId === secondId)).toMatchObject({ status: 404 })
	// The handler's own line carries its request's id, although the two requests' work interleaved.
	expect(lines.filter((l) => l.msg === 'inside the handler').map((l) => l.reqId)).toEqual([firstId, secondId])
})

test("a proxy's request id is kept only when the proxy is trusted and the id is well formed", async () => {
	const trusted = await start(true)
	expect((await trusted.get('/', { 'X-Request-Id': 'edge-42.a:b' })).headers.get('x-request-id')).toBe('edge-42.a:b')
	const hostile = (await trusted.get('/', { 'X-Request-Id': 'x'.repeat(200) })).headers.get('x-request-id')
	expect(hostile).toMatch(/^[0-9a-f-]{36}$/)

	const untrusted = await start(false)
	const id = (await untrusted.get('/', { 'X-Request-Id': 'edge-42' })).headers.get('x-request-id')
	expect(id).not.toBe('edge-42')
	expect(untrusted.lines.some((l) => l.reqId === 'edge-42')).toBe(false)
})

test('secret segments of an address are not logged', async () => {
	const { lines, get } = await start(false)
	for (const path of [
		'/invitations/inv-token-123',
		'/reset-password/reset-token-456',
		'/confirm-email/confirm-token-000',
		'/calendar/feed-token-789.ics',
		'/c/public-id-abc/credential.json',
	])
		await get(path)
	const logged = lines.filter((l) => l.msg === 'request').map((l) => l.path)
	expect(logged).toEqual([
		'/invitations/…',
		'/reset-password/…',
		'/confirm-email/…',
		'/calendar/…',
		'/c/…/credential.json',
	])
	expect(JSON.stringify(lines)).not.toMatch(/token|public-id/)
})

test('every route whose address carries a :token is among those logged without it', async () => {
	const routes = fs.readFileSync(path.join(import.meta.dirname, '../app/routes.ts'), 'utf8')
	const withToken = [...routes.matchAll(/route\('([\w-]+)\/:token'/g)].map((m) => m[1]!)
	expect(withToken).toContain('confirm-email')
	const { lines, get } = await start(false)
	for (const prefix of withToken) await get(`/${prefix}/secret-part`)
	const logged = lines.filter((l) => l.msg === 'request').map((l) => l.path)
	expect(logged).toEqual(withToken.map((prefix) => `/${prefix}/…`))
})
