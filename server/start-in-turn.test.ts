import { spawn, type ChildProcess } from 'node:child_process'
import http from 'node:http'
import path from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { BUSY_MESSAGE, startInTurn } from './start-in-turn'

const BUSY_CONNECTIONS = 16
const NEW_CONNECTIONS = 16
/** Each request keeps the server's thread busy this long, as rendering a page does. */
const WORK_MS = 4

const children: ChildProcess[] = []
afterEach(() => {
	for (const child of children.splice(0)) child.kill()
})

/**
 * A server in a process of its own (its event loop must not be the clients'), whose one route works
 * WORK_MS and answers how many requests it had answered until then, this one included.
 */
async function startServer(inTurn: boolean): Promise<number> {
	const middleware = path.join(import.meta.dirname, 'start-in-turn.ts')
	const source = `
		const { default: express } = await import('express')
		const { startInTurn } = await import(${JSON.stringify(middleware)})
		const app = express()
		if (${inTurn}) app.use(startInTurn({ maxWaiting: 1000 }))
		let answered = 0
		app.get('/', (_req, res) => {
			const until = performance.now() + ${WORK_MS}
			while (performance.now() < until);
			res.send(String(++answered))
		})
		const server = app.listen(0, '127.0.0.1', () => console.log(server.address().port))
	`
	const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', source], {
		stdio: ['ignore', 'pipe', 'inherit'],
	})
	children.push(child)
	return new Promise((resolve, reject) => {
		child.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())))
		child.once('exit', (code) => reject(new Error(`The test server exited with ${code}`)))
	})
}

/** One request on a connection of its own agent; resolves with the server's count in the answer. */
function get(agent: http.Agent, port: number) {
	return new Promise<number>((resolve, reject) => {
		http
			.get({ agent, host: '127.0.0.1', port, path: '/' }, (res) => {
				let text = ''
				res.setEncoding('utf8')
				res.on('data', (chunk: string) => (text += chunk))
				res.on('end', () => resolve(Number(text)))
			})
			.on('error', reject)
	})
}

/**
 * BUSY_CONNECTIONS clients keep the server saturated, each sending its next request as soon as it
 * has an answer. Then NEW_CONNECTIONS clients open connections together and send one request each.
 * Returns, for the newcomer served last, how many requests the server answered between the newcomers'
 * arrival and that answer.
 */
async function answeredBeforeLastNewcomer(port: number): Promise<number> {
	let running = true
	let latest = 0
	const agents: http.Agent[] = []
	const agent = () => {
		const created = new http.Agent({ keepAlive: true, maxSockets: 1 })
		agents.push(created)
		return created
	}
	const busy = Array.from({ length: BUSY_CONNECTIONS }, async () => {
		const own = agent()
		while (running) latest = Math.max(latest, await get(own, port))
	})
	try {
		// Every busy connection is in and the server is saturated.
		while (latest < BUSY_CONNECTIONS * 5) await new Promise((resolve) => setTimeout(resolve, 10))
		const arrival = latest
		const answers = await Promise.all(Array.from({ length: NEW_CONNECTIONS }, () => get(agent(), port)))
		return Math.max(...answers) - arrival
	} finally {
		running = false
		await Promise.all(busy)
		for (const each of agents) each.destroy()
	}
}

test('a new connection under load waits its turn behind the requests that arrived before it, not behind every turn of every busy connection', async () => {
	// A newcomer waits for the requests queued ahead of it, at most one per connection, busy or new
	// (48 measured), with room for the clients' own timing.
	const fair = (BUSY_CONNECTIONS + NEW_CONNECTIONS) * 3

	// Without it, Node takes one new connection per turn of its event loop, and every turn answers
	// every busy connection: the last newcomer waits behind hundreds of requests (312 measured).
	const without = await answeredBeforeLastNewcomer(await startServer(false))
	expect(without).toBeGreaterThan(fair * 2)

	const within = await answeredBeforeLastNewcomer(await startServer(true))
	expect(within).toBeLessThanOrEqual(fair)
}, 60_000)

test('past the set number of waiting requests, the server answers 503 with Retry-After at once, says so, and starts none of them', async () => {
	let refused = 0
	const middleware = startInTurn({ maxWaiting: 2, onRefused: () => refused++ })
	const started: number[] = []
	const answers: Array<{ status: number; retryAfter?: string; text?: string }> = []
	const respond = (i: number) => {
		const res = {
			statusCode: 200,
			headers: {} as Record<string, string>,
			status(code: number) {
				this.statusCode = code
				return this
			},
			set(name: string, value: string) {
				this.headers[name] = value
				return this
			},
			type() {
				return this
			},
			send(text: string) {
				answers[i] = { status: this.statusCode, retryAfter: this.headers['Retry-After'], text }
			},
		}
		const req = { socket: { destroyed: false } }
		// @ts-expect-error: only what the middleware uses of a request and a response
		middleware(req, res, () => started.push(i))
	}
	for (let i = 0; i < 4; i++) respond(i)
	expect(answers[2]).toEqual({ status: 503, retryAfter: '5', text: BUSY_MESSAGE })
	expect(answers[3]).toEqual({ status: 503, retryAfter: '5', text: BUSY_MESSAGE })
	expect(refused).toBe(2)
	// The two that waited start, one per turn, oldest first.
	await new Promise((resolve) => setImmediate(resolve))
	expect(started).toEqual([0])
	await new Promise((resolve) => setImmediate(resolve))
	expect(started).toEqual([0, 1])
})

test('a request whose client left while it waited is not started, and the next one starts in its place', async () => {
	const middleware = startInTurn({ maxWaiting: 10 })
	const started: number[] = []
	const requests = [0, 1, 2].map((i) => {
		const req = { socket: { destroyed: false } }
		// @ts-expect-error: only what the middleware uses of a request
		middleware(req, {}, () => started.push(i))
		return req
	})
	requests[0]!.socket.destroyed = true
	await new Promise((resolve) => setImmediate(resolve))
	expect(started).toEqual([1])
	await new Promise((resolve) => setImmediate(resolve))
	expect(started).toEqual([1, 2])
})
