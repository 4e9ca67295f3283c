/**
 * A built server of the test's own, on a database of its own, for tests that must see every write
 * (the form fuzzer), kill the process (crash recovery) or take its database away (outage). It serves
 * the same content as the shared end-to-end servers: the real paths and the fixture path.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { expect } from '@playwright/test'
import { createCookie } from 'react-router'
import { hashPassword } from '../../app/auth/password.server'
import { SESSION_COOKIE_NAME } from '../../app/auth/session-cookie-name'
import { generateToken, hashToken } from '../../app/auth/tokens'
import { createDatabaseClient, type Database } from '../../app/db/client.server'
import { postgresUrl, uniqueName, withAdminClient } from '../setup/test-databases'
import { e2eTargets } from './targets'

const root = path.resolve(import.meta.dirname, '../..')

export type Provider = 'sqlite' | 'postgresql'

// A test that times out does not reach its `finally`: its servers go when the worker does.
const running = new Set<ChildProcess>()
process.once('exit', () => {
	for (const child of running) child.kill('SIGKILL')
})

export type OwnServer = {
	origin: string
	databaseUrl: string
	child: ChildProcess
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
	output: () => string
}

/** A port of this run's own servers: `offset` above E2E_PORT_BASE (3100), as the shared servers use. */
export function ownPort(offset: number) {
	return Number(process.env.E2E_PORT_BASE ?? 3100) + offset
}

function runDir(name: string) {
	return path.join(root, 'data/e2e', process.env.E2E_RUN_ID ?? 'local', name)
}

/** A new, empty database: a file under this run's folder, or a database on the shared PostgreSQL server. */
export async function createDatabase(provider: Provider, name: string): Promise<string> {
	if (provider === 'sqlite') {
		const dir = runDir(uniqueName(name))
		fs.mkdirSync(dir, { recursive: true })
		return `file:${path.join(dir, 'site.db')}`
	}
	const database = uniqueName(`skillproof_e2e_${name}`)
	await withAdminClient((client) => client.query(`CREATE DATABASE "${database}"`))
	return postgresUrl(database)
}

export async function dropDatabase(url: string) {
	if (url.startsWith('file:')) {
		fs.rmSync(path.dirname(url.slice('file:'.length)), { recursive: true, force: true })
		return
	}
	const name = new URL(url).pathname.slice(1)
	await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))
}

/** Starts `node server.js` on `databaseUrl` and waits until /healthz answers 200. */
export async function startServer(options: {
	databaseUrl: string
	port: number
	dataDir: string
	env?: Record<string, string>
}): Promise<OwnServer> {
	const origin = `http://localhost:${options.port}`
	const answered = await fetch(`${origin}/healthz`).then(
		() => true,
		() => false,
	)
	if (answered) throw new Error(`Port ${options.port} is taken: a server is already running there.`)
	const child = spawn(process.execPath, ['server.js'], {
		cwd: root,
		env: {
			...process.env,
			NODE_ENV: 'production',
			HOST: '127.0.0.1',
			PORT: String(options.port),
			PUBLIC_ORIGIN: origin,
			DATABASE_URL: options.databaseUrl,
			DATA_DIR: options.dataDir,
			// Built by tests/e2e/serve.mjs before any test runs.
			CONTENT_BUILD_DIR: e2eTargets()[0]!.env.CONTENT_BUILD_DIR!,
			LOG_LEVEL: 'warn',
			...options.env,
		},
		stdio: ['ignore', 'pipe', 'pipe'],
	})
	running.add(child)
	child.once('exit', () => running.delete(child))
	let output = ''
	child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
	child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
		child.once('exit', (code, signal) => resolve({ code, signal })),
	)
	const server = { origin, databaseUrl: options.databaseUrl, child, exited, output: () => output }
	await expect
		.poll(
			async () => {
				if (child.exitCode !== null || child.signalCode !== null)
					throw new Error(`The server exited while starting:\n${output}`)
				return fetch(`${origin}/healthz`).then(
					(r) => r.status,
					() => 0,
				)
			},
			{ timeout: 90_000, intervals: [100] },
		)
		.toBe(200)
	return server
}

/** SIGTERM, then SIGKILL if it has not stopped within 10 s. */
export async function stopServer(server: OwnServer) {
	if (server.child.exitCode !== null || server.child.signalCode !== null) return
	server.child.kill('SIGTERM')
	const timer = setTimeout(() => server.child.kill('SIGKILL'), 10_000)
	await server.exited
	clearTimeout(timer)
}

export const PASSWORD = 'a sturdy passphrase'

/** A person, optionally a member of the demo organisation with `role`. */
export async function createUser(db: Database, options: { name?: string; role?: 'LEARNER' | 'ADMIN' } = {}) {
	const org = options.role ? await db.organization.findUniqueOrThrow({ where: { slug: 'northwind' } }) : null
	const user = await db.user.create({
		data: {
			name: options.name ?? 'Test Learner',
			email: `${crypto.randomUUID()}@example.test`,
			passwordHash: await hashPassword(PASSWORD),
			emailVerifiedAt: new Date(),
			...(org && options.role ? { memberships: { create: { orgId: org.id, role: options.role } } } : {}),
		},
		select: { id: true, email: true },
	})
	return user
}

/** A session made directly in the database, as the other end-to-end tests sign in; the Cookie header's value. */
export async function createSessionCookie(db: Database, userId: string) {
	const token = generateToken('session')
	const expiresAt = new Date(Date.now() + 30 * 24 * 60 * 60 * 1000)
	await db.session.create({ data: { id: hashToken(token), userId, expiresAt } })
	const header = await createCookie(SESSION_COOKIE_NAME).serialize(token)
	return { sessionId: hashToken(token), cookie: header.split(';')[0]! }
}

export { createDatabaseClient, runDir }
