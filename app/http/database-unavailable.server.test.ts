import {
	createRequestHandler,
	isRouteErrorResponse,
	RouterContextProvider,
	type EntryContext,
	type ServerBuild,
} from 'react-router'
import { afterAll, expect, test, vi } from 'vitest'
import { failure } from '../../tests/setup/failure'
import { createDatabaseClient } from '../db/client.server'
import { db } from '../db/db.server'
import {
	answerUnavailableDatabaseWith503,
	CANNOT_WRITE_MESSAGE,
	toUnavailableResponse,
	UNAVAILABLE_MESSAGE,
} from './database-unavailable.server'

// Nothing listens on port 1 of this machine: a database that does not answer, as the server meets it.
const nowhere = createDatabaseClient('postgresql://postgres@127.0.0.1:1/nowhere')
afterAll(() => nowhere.$disconnect())

/** A real error of each kind: an unavailable database's, and one of the code's (a unique index refusing). */
async function errors() {
	const unavailable = await failure(() => nowhere.user.count())
	const email = `${crypto.randomUUID()}@example.test`
	await db.user.create({ data: { name: 'Once', email, passwordHash: 'x' } })
	const duplicate = await failure(() => db.user.create({ data: { name: 'Twice', email, passwordHash: 'x' } }))
	return { unavailable, duplicate }
}

/** console.error, quiet, for the log line each 503 writes (the test setup fails a test that logs unasked). */
function expectLogLines() {
	const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
	return (count: number) => {
		expect(logged).toHaveBeenCalledTimes(count)
		logged.mockClear()
	}
}

test('an unavailable database becomes a 503 answer with a message for the error page', async () => {
	const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
	const answer = toUnavailableResponse(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))
	expect(answer).toBeInstanceOf(Response)
	const response = answer as Response
	expect(response.status).toBe(503)
	expect(response.headers.get('Retry-After')).toBe('5')
	expect(await response.json()).toEqual({ message: expect.stringContaining('Try again in a moment') })
	expect(logged).toHaveBeenCalledWith('The database is unavailable:', 'connect ECONNREFUSED')
	// That log line is expected here (the test setup fails a test that logs an error unasked).
	logged.mockClear()
})

test('a database that cannot write (full, read-only) becomes a 503 that says so and asks to come back later', async () => {
	const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
	const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })
	const response = toUnavailableResponse(full) as Response
	expect(response.status).toBe(503)
	expect(response.headers.get('Retry-After')).toBe('60')
	expect(await response.json()).toEqual({ message: CANNOT_WRITE_MESSAGE })
	expect(logged).toHaveBeenCalledWith(
		'The database cannot write (disk full, read-only or an I/O error):',
		'database or disk is full',
	)
	logged.mockClear()
})

test('other errors stay what they are, and are not logged here', async () => {
	const { duplicate } = await errors()
	expect(toUnavailableResponse(duplicate)).toBe(duplicate)
	const plain = new Error('Unique constraint failed')
	expect(toUnavailableResponse(plain)).toBe(plain)
	expect(toUnavailableResponse(null)).toBe(null)
	// A transaction used after it ended is a fault of the code, not of the database.
	let ended: Parameters<Parameters<typeof db.$transaction>[0]>[0] | undefined
	await db.$transaction(async (tx) => {
		ended = tx
	})
	const misuse = await failure(() => ended!.$queryRaw`SELECT 1`)
	expect(toUnavailableResponse(misuse)).toBe(misuse)
})

type Fail = 'unavailable' | 'transaction' | 'other' | null

/** What the request asks the route to meet: `?fail=…` on the address. */
const failOf = (request: Request) => new URL(request.url).searchParams.get('fail') as Fail

/** A tiny server build: one route whose loader, action and middleware meet what the request asks for. */
function tinyBuild(duplicate: unknown) {
	async function meet(fail: Fail) {
		if (fail === 'unavailable') await nowhere.user.count()
		// A transaction that cannot begin: PostgreSQL refusing the connection for BEGIN.
		if (fail === 'transaction') await nowhere.$transaction(async (tx) => tx.user.count())
		if (fail === 'other') throw duplicate
	}
	// Like the module namespace the bundler makes: frozen.
	const module = Object.freeze({
		middleware: [
			async ({ request }: { request: Request }, next: () => Promise<Response>) => {
				if (request.headers.has('X-Fail-In-Middleware')) await meet(failOf(request))
				return next()
			},
		],
		loader: async ({ request }: { request: Request }) => {
			await meet(failOf(request))
			return { ok: true }
		},
		action: async ({ request }: { request: Request }) => {
			await meet(failOf(request))
			return { done: true }
		},
		default: () => null,
		ErrorBoundary: () => null,
	})
	const seen: { status: number; error: unknown }[] = []
	const build = {
		entry: {
			module: {
				// The page: only the status and the error the boundary would get.
				default: (_request: Request, status: number, headers: Headers, context: EntryContext) => {
					seen.push({ status, error: context.staticHandlerContext.errors?.root })
					return new Response('page', { status, headers })
				},
				handleError: () => {},
			},
		},
		routes: { root: { id: 'root', path: '', module } },
		assets: {
			entry: { imports: [], module: '' },
			routes: {
				root: {
					id: 'root',
					path: '',
					module: '',
					hasAction: true,
					hasLoader: true,
					hasClientAction: false,
					hasClientLoader: false,
					hasClientMiddleware: false,
					hasErrorBoundary: true,
				},
			},
			url: '',
			version: '1',
		},
		publicPath: '/',
		assetsBuildDirectory: '',
		future: { v8_middleware: true },
		ssr: true,
		isSpaMode: false,
		prerender: [],
		routeDiscovery: { mode: 'initial', manifestPath: '/__manifest' },
	} as unknown as ServerBuild
	return { build, module, seen }
}

test('a route’s loader, action or middleware that meets an unavailable database throws the 503 answer; other errors pass unchanged', async () => {
	const logLines = expectLogLines()
	const { duplicate } = await errors()
	const { build, module } = tinyBuild(duplicate)
	const answering = answerUnavailableDatabaseWith503(build).routes.root!.module
	const args = (fail: Fail, headers: HeadersInit = {}) => ({
		request: new Request(`http://localhost/?fail=${fail}`, { headers }),
		params: {},
		context: new RouterContextProvider(),
		url: new URL(`http://localhost/?fail=${fail}`),
		pattern: '/',
	})
	const next = async () => new Response('next')

	for (const answer of [
		await failure(async () => answering.loader!(args('unavailable'))),
		await failure(async () => answering.action!(args('transaction'))),
		await failure(async () => answering.middleware![0]!(args('unavailable', { 'X-Fail-In-Middleware': '1' }), next)),
	]) {
		expect(answer).toBeInstanceOf(Response)
		const response = answer as Response
		expect(response.status).toBe(503)
		expect(response.headers.get('Retry-After')).toBe('5')
		expect(await response.json()).toEqual({ message: UNAVAILABLE_MESSAGE })
	}
	logLines(3)

	expect(await failure(async () => answering.loader!(args('other')))).toBe(duplicate)
	expect(await failure(async () => answering.action!(args('other')))).toBe(duplicate)
	expect(await answering.loader!(args(null))).toEqual({ ok: true })
	expect(await answering.middleware![0]!(args(null), next)).toBeInstanceOf(Response)
	// The route module itself is left as it was; its other exports come along.
	expect(build.routes.root!.module).toBe(module)
	expect(answering.loader).not.toBe(module.loader)
	expect(answering.default).toBe(module.default)
	expect(answering.ErrorBoundary).toBe(module.ErrorBoundary)
	logLines(0)
})

test('through React Router’s request handler in production, pages, form posts and .data requests answer 503; other errors stay 500', async () => {
	const logLines = expectLogLines()
	const { duplicate } = await errors()
	const { build, seen } = tinyBuild(duplicate)
	const handle = createRequestHandler(answerUnavailableDatabaseWith503(build), 'production')
	const request = (path: string, init: RequestInit = {}) =>
		handle(new Request(`http://localhost${path}`, init), new RouterContextProvider())
	const post = { method: 'POST', body: new URLSearchParams({ intent: 'go' }) }

	expect((await request('/')).status).toBe(200)
	const page = await request('/?fail=unavailable')
	expect(page.status).toBe(503)
	// The error boundary gets the answer, with the page's message.
	const shown = seen.at(-1)!
	expect(shown.status).toBe(503)
	expect(isRouteErrorResponse(shown.error)).toBe(true)
	expect((shown.error as { data: unknown }).data).toEqual({ message: UNAVAILABLE_MESSAGE })
	expect((await request('/?fail=transaction', post)).status).toBe(503)
	expect((await request('/_root.data?fail=unavailable')).status).toBe(503)
	expect((await request('/?fail=unavailable', { headers: { 'X-Fail-In-Middleware': '1' } })).status).toBe(503)
	expect((await request('/_root.data?fail=unavailable', { headers: { 'X-Fail-In-Middleware': '1' } })).status).toBe(503)
	logLines(5)

	expect((await request('/?fail=other')).status).toBe(500)
	expect((await request('/?fail=other', post)).status).toBe(500)
	expect((await request('/_root.data?fail=other')).status).toBe(500)
	logLines(0)

	// Without the wrapping, React Router answers the unavailable database with a 500 whose error no
	// boundary can tell from any other: this is why the mapping sits around the route modules.
	const unwrapped = createRequestHandler(build, 'production')
	const plain = await unwrapped(new Request('http://localhost/?fail=unavailable'), new RouterContextProvider())
	expect(plain.status).toBe(500)
	expect(seen.at(-1)!.error).toEqual(new Error('Unexpected Server Error'))
})
