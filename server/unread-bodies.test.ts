import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createReadableStreamFromReadable } from '@react-router/node'
import express from 'express'
import { afterEach, expect, test } from 'vitest'
import { drainUnreadBodies } from './unread-bodies'

const servers: Array<{ close: () => void; closeAllConnections: () => void }> = []
afterEach(() => {
	for (const server of servers.splice(0)) {
		server.closeAllConnections()
		server.close()
	}
})

/** A route that hands the body to a stream as @react-router/express does, then answers without reading it. */
async function start(drain: boolean) {
	const app = express()
	if (drain) app.use(drainUnreadBodies({ max: 1024 * 1024 }))
	app.post('/redirect', (req, res) => {
		createReadableStreamFromReadable(req)
		res.redirect(303, '/sign-in')
	})
	app.get('/next', (_req, res) => res.send('next'))
	const server = app.listen(0, '127.0.0.1')
	await new Promise((resolve) => server.once('listening', resolve))
	servers.push(server)
	return (server.address() as AddressInfo).port
}

function request(agent: http.Agent, port: number, method: string, path: string, body?: Buffer) {
	return new Promise<{ status: number; text: string }>((resolve, reject) => {
		const req = http.request({ agent, host: '127.0.0.1', port, method, path, timeout: 2000 }, (res) => {
			let text = ''
			res.setEncoding('utf8')
			res.on('data', (chunk: string) => (text += chunk))
			res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
		})
		req.on('timeout', () => req.destroy(new Error('no answer within 2 s')))
		req.on('error', reject)
		req.end(body)
	})
}

/** The answer to a large POST, then how long the next request on the same connection takes. */
async function nextRequestAfterUnreadBody(port: number) {
	const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
	try {
		const first = await request(agent, port, 'POST', '/redirect', Buffer.alloc(200 * 1024, 'a'))
		const started = Date.now()
		const second = await request(agent, port, 'GET', '/next')
		return { first: first.status, second: second.text, ms: Date.now() - started }
	} finally {
		agent.destroy()
	}
}

test('a body left unread by an early answer is drained, so the connection serves the next request at once', async () => {
	const result = await nextRequestAfterUnreadBody(await start(true))
	expect(result.first).toBe(303)
	expect(result.second).toBe('next')
	expect(result.ms).toBeLessThan(1000)
})

test('without draining, the next request on that connection stalls (why the middleware exists)', async () => {
	await expect(nextRequestAfterUnreadBody(await start(false))).rejects.toThrow()
})
