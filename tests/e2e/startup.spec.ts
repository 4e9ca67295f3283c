import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import { postgresUrl, withAdminClient as admin } from '../setup/test-databases'

const root = path.resolve(import.meta.dirname, '../..')

function startServer(env: Record<string, string>) {
	const child = spawn(process.execPath, ['server.js'], {
		cwd: root,
		env: { ...process.env, NODE_ENV: 'production', HOST: '127.0.0.1', ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
	})
	let output = ''
	child.stdout.on('data', (chunk) => (output += chunk))
	child.stderr.on('data', (chunk) => (output += chunk))
	const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
	return { child, exited, output: () => output }
}

test('a bad DATABASE_URL stops the start with a clear message and a non-zero exit', async () => {
	const server = startServer({ DATABASE_URL: 'nonsense', PORT: '3190' })
	expect(await server.exited).toBe(1)
	expect(server.output()).toContain('Skillproof cannot start: the configuration is invalid.')
	expect(server.output()).toContain('DATABASE_URL: must be an SQLite file URL')
})

test('a DATA_DIR the server cannot write stops the start with a plain sentence and a non-zero exit', async () => {
	const dir = path.join(root, 'data/e2e', process.env.E2E_RUN_ID!, 'unwritable')
	fs.mkdirSync(dir, { recursive: true })
	const file = path.join(dir, 'a-file')
	fs.writeFileSync(file, 'not a folder')
	const server = startServer({ DATABASE_URL: `file:${path.join(dir, 'site.db')}`, DATA_DIR: file, PORT: '3193' })
	expect(await server.exited).toBe(1)
	expect(server.output()).toContain(`Skillproof cannot start: DATA_DIR (${file}) is a file, not a folder`)
	expect(server.output()).not.toMatch(/\n\s+at /)
})

test('healthz answers 503 while the database is unavailable and 200 again once it is back', async () => {
	test.setTimeout(120_000)
	const database = `skillproof_e2e_health_${process.env.E2E_RUN_ID}`
	await admin((c) => c.query(`CREATE DATABASE "${database}"`))
	const port = 3191
	const server = startServer({
		DATABASE_URL: postgresUrl(database),
		PORT: String(port),
		PUBLIC_ORIGIN: `http://localhost:${port}`,
		DATA_DIR: path.join(root, 'data/e2e', process.env.E2E_RUN_ID!, 'health'),
	})
	try {
		const health = () => fetch(`http://localhost:${port}/healthz`).then((r) => r.status)
		await expect.poll(() => health().catch(() => 0), { timeout: 60_000 }).toBe(200)

		// Take the database away: refuse new connections and end the open ones.
		await admin(async (c) => {
			await c.query(`ALTER DATABASE "${database}" WITH ALLOW_CONNECTIONS false`)
			await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database])
		})
		await expect.poll(health, { timeout: 15_000 }).toBe(503)

		await admin((c) => c.query(`ALTER DATABASE "${database}" WITH ALLOW_CONNECTIONS true`))
		await expect.poll(health, { timeout: 15_000 }).toBe(200)
	} finally {
		server.child.kill('SIGTERM')
		await server.exited
		await admin((c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`))
	}
})

test('with WEB_CONCURRENCY=2 the site runs two worker processes that share one database, and stops cleanly', async () => {
	test.setTimeout(120_000)
	const port = 3192
	const dir = path.join(root, 'data/e2e', process.env.E2E_RUN_ID!, 'workers')
	const server = startServer({
		DATABASE_URL: `file:${path.join(dir, 'workers.db')}`,
		DATA_DIR: dir,
		CONTENT_BUILD_DIR: path.join(root, 'build/content'),
		PORT: String(port),
		PUBLIC_ORIGIN: `http://localhost:${port}`,
		WEB_CONCURRENCY: '2',
	})
	const origin = `http://localhost:${port}`
	await expect
		.poll(
			() =>
				fetch(`${origin}/healthz`).then(
					(r) => r.status,
					() => 0,
				),
			{ timeout: 60_000 },
		)
		.toBe(200)
	expect(server.output()).toContain('Skillproof runs 2 worker processes')
	// The demo data was seeded once, by the primary, not once per worker.
	expect(server.output().match(/Seeded demo data/g)).toHaveLength(1)
	// A session made through one worker is valid on whichever worker answers next.
	const signIn = await fetch(`${origin}/sign-in`, {
		method: 'POST',
		redirect: 'manual',
		headers: { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email: 'learner@northwind.example', password: 'northwind-learns-2026' }),
	})
	const cookie = signIn.headers
		.getSetCookie()
		.find((c) => c.startsWith('skillproof_session='))!
		.split(';')[0]!
	for (let i = 0; i < 10; i++) {
		const page = await fetch(`${origin}/dashboard`, { headers: { Cookie: cookie }, redirect: 'manual' })
		expect(page.status).toBe(200)
	}
	server.child.kill('SIGTERM')
	expect(await server.exited).toBe(0)
})
