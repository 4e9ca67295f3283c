import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createReadableStreamFromReadable } from '@react-router/node'
import express from 'express'
import { afterEach, expect, test } from 'vitest'
import { limitRequestBodies } from './body-limit'

const servers: Array<{ close: () => void; closeAllConnections: () => void }> = []
afterEach(() => {
	for (const server of servers.splice(0)) {
		server.closeAllConnections()
		server.close()
	}
})

/** An app with the limit whose route reads the body as @react-router/express does. */
async function start() {
	const reads: Array<{ bytes: number } | { error: string }> = []
	const app = express()
	app.use(limitRequestBodies({ limit: 1000, routes: { '/upload': 5000 } }))
	app.post(['/form', '/form.data', '/upload', '/upload.data'], async (req, res) => {
		try {
			const body = await new Response(createReadableStreamFromReadable(req)).arrayBuffer()
			reads.push({ bytes: body.byteLength })
			if (!res.headersSent) res.send(`read ${body.byteLength}`)
		} catch (error) {
			reads.push({ error: error instanceof Error ? error.message : String(error) })
		}
	})
	const server = app.listen(0, '127.0.0.1')
	await new Promise((resolve) => server.once('listening', resolve))
	servers.push(server)
	return { port: (server.address() as AddressInfo).port, reads }
}

/** Sends a POST, either with a Content-Length or chunked, and reads the whole answer. */
function post(port: number, path: string, chunks: Buffer[], { chunked = false } = {}) {
	return new Promise<{ status: number; body: string }>((resolve, reject) => {
		const length = chunks.reduce((n, c) => n + c.byteLength, 0)
		const request = http.request({
			host: '127.0.0.1',
			port,
			path,
			method: 'POST',
			headers: chunked ? { 'Transfer-Encoding': 'chunked' } : { 'Content-Length': length },
		})
		request.on('response', (response) => {
			let body = ''
			response.setEncoding('utf8')
			response.on('data', (text: string) => (body += text))
			response.on('end', () => resolve({ status: response.statusCode ?? 0, body }))
		})
		request.on('error', reject)
		for (const chunk of chunks) request.write(chunk)
		request.end()
	})
}

const bytes = (n: number) => Buffer.alloc(n, 'a')

test('a body within the limit reaches the route whole', async () => {
	const { port, reads } = await start()
	expect(await post(port, '/form', [bytes(1000)])).toEqual({ status: 200, body: 'read 1000' })
	expect(await post(port, '/form', [bytes(400), bytes(600)], { chunked: true })).toEqual({
		status: 200,
		body: 'read 1000',
	})
	expect(reads).toEqual([{ bytes: 1000 }, { bytes: 1000 }])
})

test('a Content-Length over the limit gets a 413 before the route runs', async () => {
	const { port, reads } = await start()
	const refused = await post(port, '/form', [bytes(1001)])
	expect(refused.status).toBe(413)
	expect(refused.body).toContain('at most 1 KB')
	// React Router's data requests have the page's limit.
	expect((await post(port, '/form.data', [bytes(1001)])).status).toBe(413)
	expect(reads).toEqual([])
})

test('a chunked body is counted: past the limit, 413, and the route never sees it end', async () => {
	const { port, reads } = await start()
	const refused = await post(port, '/form', [bytes(600), bytes(600), bytes(600)], { chunked: true })
	expect(refused.status).toBe(413)
	await expect.poll(() => reads).toEqual([{ error: 'The request is larger than 1 KB.' }])
})

test('a path with a larger limit takes a larger body, and no more', async () => {
	const { port } = await start()
	expect(await post(port, '/upload', [bytes(5000)])).toEqual({ status: 200, body: 'read 5000' })
	expect(await post(port, '/upload.data', [bytes(3000), bytes(2000)], { chunked: true })).toEqual({
		status: 200,
		body: 'read 5000',
	})
	expect((await post(port, '/upload', [bytes(5001)])).status).toBe(413)
})

test('a far larger body is answered 413 all the same', async () => {
	const { port } = await start()
	const refused = await post(port, '/form', [bytes(64 * 1024)])
	expect(refused.status).toBe(413)
})
