import { once } from 'node:events'
import { createRequire } from 'node:module'
import { setTimeout as sleep } from 'node:timers/promises'
import { Worker } from 'node:worker_threads'
import pg from 'pg'
import { parseIntoClientConfig } from 'pg-connection-string'
import { getSqliteFilePath } from '../../app/database-url'

/**
 * Keeps committing transactions of two rows each (a person "writer-<n>" and their session) on its
 * own connection until stopped: on SQLite in another thread, on PostgreSQL in this process (pg_dump
 * runs in a process of its own).
 */
export async function startWriter(url: string) {
	if (url.startsWith('file:')) {
		// [0]: transactions committed, [1]: stop flag, [2]: only waited on, as a 1 ms pause.
		const state = new Int32Array(new SharedArrayBuffer(12))
		const worker = new Worker(
			`
			const { workerData } = require('node:worker_threads')
			const Database = require(workerData.driver)
			const db = new Database(workerData.file, { timeout: 10000 })
			const state = new Int32Array(workerData.state)
			const user = db.prepare('INSERT INTO "User" (id, email, name, passwordHash, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?)')
			const session = db.prepare('INSERT INTO "Session" (id, userId, expiresAt, createdAt) VALUES (?, ?, ?, ?)')
			const write = db.transaction((n) => {
				const at = new Date().toISOString()
				user.run('writer-' + n, 'writer-' + n + '@example.test', 'Writer ' + n, 'unused', at, at)
				session.run('writer-session-' + n, 'writer-' + n, at, at)
			})
			let n = 0
			while (Atomics.load(state, 1) === 0) {
				write(n++)
				Atomics.store(state, 0, n)
				Atomics.wait(state, 2, 0, 1)
			}
			db.close()
			`,
			{
				eval: true,
				workerData: {
					driver: createRequire(import.meta.url).resolve('better-sqlite3'),
					file: getSqliteFilePath(url),
					state: state.buffer,
				},
			},
		)
		const exited = once(worker, 'exit')
		return {
			committed: () => Atomics.load(state, 0),
			stop: async () => {
				Atomics.store(state, 1, 1)
				await exited
			},
		}
	}
	const client = new pg.Client(parseIntoClientConfig(url))
	await client.connect()
	let committed = 0
	let stopped = false
	const loop = (async () => {
		for (let n = 0; !stopped; n++) {
			await client.query('BEGIN')
			await client.query(
				'INSERT INTO "User" (id, email, name, "passwordHash", "updatedAt") VALUES ($1, $2, $3, $4, now())',
				[`writer-${n}`, `writer-${n}@example.test`, `Writer ${n}`, 'unused'],
			)
			await client.query('INSERT INTO "Session" (id, "userId", "expiresAt") VALUES ($1, $2, now())', [
				`writer-session-${n}`,
				`writer-${n}`,
			])
			await client.query('COMMIT')
			committed = n + 1
			await sleep(1)
		}
	})()
	return {
		committed: () => committed,
		stop: async () => {
			stopped = true
			await loop
			await client.end()
		},
	}
}
