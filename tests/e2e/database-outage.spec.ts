/**
 * The database goes away for a while: pages answer 503 with the error page ("temporarily
 * unavailable, try again in a moment") rather than 500, and once it is back the site serves again
 * without a restart. PostgreSQL is reached through a TCP proxy this test controls, so "down" is the
 * proxy refusing and cutting connections; SQLite is a file locked by another writer past the busy
 * timeout.
 */
import net from 'node:net'
import Database from 'better-sqlite3'
import { expect, test } from '@playwright/test'
import { getSqliteFilePath } from '../../app/database-url'
import { POSTGRES_ADMIN_URL } from '../../scripts/prisma-cli'
import {
	createDatabase,
	createDatabaseClient,
	createSessionCookie,
	createUser,
	dropDatabase,
	ownPort,
	runDir,
	startServer,
	stopServer,
	type OwnServer,
} from './own-server'

/** A TCP proxy to the shared PostgreSQL server that can be switched off (refusing and cutting every connection) and on. */
function createProxy(port: number) {
	const target = new URL(POSTGRES_ADMIN_URL)
	const sockets = new Set<net.Socket>()
	let listener: net.Server | null = null
	const start = () =>
		new Promise<void>((resolve, reject) => {
			listener = net.createServer((client) => {
				const upstream = net.connect(Number(target.port || 5432), target.hostname)
				for (const socket of [client, upstream]) {
					sockets.add(socket)
					socket.on('close', () => sockets.delete(socket))
					socket.on('error', () => {})
				}
				client.pipe(upstream).pipe(client)
				client.on('close', () => upstream.destroy())
				upstream.on('close', () => client.destroy())
			})
			listener.once('error', reject)
			listener.listen(port, '127.0.0.1', () => resolve())
		})
	const stop = () =>
		new Promise<void>((resolve) => {
			for (const socket of sockets) socket.destroy()
			if (!listener) return resolve()
			listener.close(() => resolve())
			listener = null
		})
	return { start, stop }
}

async function expectUnavailablePage(server: OwnServer, path: string, cookie: string) {
	const response = await fetch(`${server.origin}${path}`, { headers: { Cookie: cookie }, redirect: 'manual' }).catch(
		(error: unknown) => {
			throw new Error(`${path}: no answer (${String(error)})\n${server.output().slice(-3000)}`)
		},
	)
	const html = await response.text()
	expect(response.status, path).toBe(503)
	expect(response.headers.get('content-type'), path).toContain('text/html')
	expect(html, path).toContain('<html lang="en">')
	expect(html, path).toMatch(/<h1[^>]*>Temporarily unavailable<\/h1>/)
	expect(html, path).toContain('Try again in a moment.')
}

test('with PostgreSQL gone, pages answer 503 with a clear page; once it is back the site serves again without a restart', async () => {
	test.setTimeout(120_000)
	const direct = await createDatabase('postgresql', 'outage')
	const proxyPort = ownPort(2399)
	const proxied = new URL(direct)
	proxied.port = String(proxyPort)
	const proxy = createProxy(proxyPort)
	await proxy.start()
	const server = await startServer({
		databaseUrl: proxied.toString(),
		port: ownPort(98),
		dataDir: runDir('outage-postgresql'),
		env: { SEED_DEMO_DATA: 'false' },
	})
	const db = createDatabaseClient(direct)
	try {
		const learner = await createUser(db, { name: 'Outage Learner' })
		const { cookie } = await createSessionCookie(db, learner.id)
		const dashboard = () =>
			fetch(`${server.origin}/dashboard`, { headers: { Cookie: cookie }, redirect: 'manual' }).then((r) => r.status)
		expect(await dashboard()).toBe(200)

		await proxy.stop()
		await expectUnavailablePage(server, '/dashboard', cookie)
		await expectUnavailablePage(server, '/paths/fixture-path/lesson-1', cookie)
		// A form sent meanwhile, and React Router's data requests, get the same 503.
		const signIn = await fetch(`${server.origin}/sign-in`, {
			method: 'POST',
			headers: { Origin: server.origin },
			body: new URLSearchParams({ email: learner.email, password: 'a sturdy passphrase' }),
			redirect: 'manual',
		})
		expect(signIn.status).toBe(503)
		expect(await signIn.text()).toContain('Temporarily unavailable')
		const data = await fetch(`${server.origin}/dashboard.data`, { headers: { Cookie: cookie } })
		expect(data.status).toBe(503)
		expect((await fetch(`${server.origin}/healthz`)).status).toBe(503)

		await proxy.start()
		await expect.poll(dashboard, { timeout: 20_000 }).toBe(200)
		expect((await fetch(`${server.origin}/healthz`)).status).toBe(200)
		expect(server.child.exitCode).toBeNull()
	} finally {
		await db.$disconnect()
		await stopServer(server)
		await proxy.stop()
		await dropDatabase(direct)
	}
})

test('with the SQLite file locked past the busy timeout, a write answers 503; once the lock goes it succeeds', async () => {
	test.setTimeout(120_000)
	const databaseUrl = await createDatabase('sqlite', 'outage')
	const server = await startServer({
		databaseUrl,
		port: ownPort(99),
		dataDir: runDir('outage-sqlite'),
		env: { SEED_DEMO_DATA: 'false' },
	})
	const db = createDatabaseClient(databaseUrl)
	const writer = new Database(getSqliteFilePath(databaseUrl), { fileMustExist: true })
	try {
		const learner = await createUser(db, { name: 'Locked Learner' })
		const { cookie } = await createSessionCookie(db, learner.id)
		const complete = () =>
			fetch(`${server.origin}/paths/fixture-path/lesson-1`, {
				method: 'POST',
				headers: { Origin: server.origin, Cookie: cookie },
				body: new URLSearchParams({ intent: 'complete' }),
				redirect: 'manual',
			})

		// Another writer holds the lock for longer than the server's 5 s busy timeout.
		writer.exec('BEGIN IMMEDIATE')
		const refused = await complete()
		const html = await refused.text()
		expect(refused.status).toBe(503)
		expect(html).toMatch(/<h1[^>]*>Temporarily unavailable<\/h1>/)
		writer.exec('ROLLBACK')

		const done = await complete()
		expect(done.status).toBe(302)
		const row = await db.lessonProgress.findFirst({ where: { userId: learner.id, lessonSlug: 'lesson-1' } })
		expect(row?.completedAt).toBeTruthy()
	} finally {
		if (writer.inTransaction) writer.exec('ROLLBACK')
		writer.close()
		await db.$disconnect()
		await stopServer(server)
		await dropDatabase(databaseUrl)
	}
})
