import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { expect, test } from 'vitest'
import { failure } from '../../tests/setup/failure'
import { createDatabaseClient } from './client.server'
import { db } from './db.server'
import { withAdminClient } from '../../tests/setup/test-databases'
import { databaseUnavailability, isDatabaseUnavailable } from './unavailable.server'

// What the HTTP layer answers for these errors is tested with it (app/http/database-unavailable.server.test.ts).

/**
 * An SQLite file of its own in a new folder, and the function that removes both. With `lockable`,
 * it holds the table the SQLite adapter writes to (nothing) to take the write lock as a transaction
 * begins.
 */
function scratchSqliteFile(name: string, { lockable = false } = {}) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), `skillproof-${name}-`))
	const file = path.join(dir, `${name}.db`)
	if (lockable) {
		const setup = new Database(file)
		setup.exec('CREATE TABLE "_prisma_migrations" (id TEXT)')
		setup.close()
	}
	return { file, remove: () => fs.rmSync(dir, { recursive: true, force: true }) }
}

// Nothing listens on port 1 of this machine.
const NOWHERE = 'postgresql://postgres@127.0.0.1:1/nowhere'

test('a PostgreSQL server that does not answer is recognised, through pg and through Prisma', async () => {
	const client = new pg.Client({ connectionString: NOWHERE })
	expect(isDatabaseUnavailable(await failure(() => client.connect()))).toBe(true)
	const prisma = createDatabaseClient(NOWHERE)
	try {
		expect(isDatabaseUnavailable(await failure(() => prisma.user.count()))).toBe(true)
	} finally {
		await prisma.$disconnect()
	}
})

test('an SQLite file locked past the busy timeout is recognised', async () => {
	const { file, remove } = scratchSqliteFile('busy')
	const holder = new Database(file)
	const waiter = new Database(file, { timeout: 50 })
	try {
		holder.exec('CREATE TABLE t (x)')
		holder.exec('BEGIN IMMEDIATE')
		expect(isDatabaseUnavailable(await failure(async () => waiter.exec('INSERT INTO t VALUES (1)')))).toBe(true)
	} finally {
		holder.exec('ROLLBACK')
		holder.close()
		waiter.close()
		remove()
	}
})

test('other database errors stay what they are', async () => {
	const user = await db.user.create({ data: { name: 'Once', email: 'once@example.test', passwordHash: 'x' } })
	const duplicate = await failure(() =>
		db.user.create({ data: { name: 'Twice', email: 'once@example.test', passwordHash: 'x' } }),
	)
	expect(isDatabaseUnavailable(duplicate)).toBe(false)
	expect(isDatabaseUnavailable(new Error('Unique constraint failed'))).toBe(false)
	expect(isDatabaseUnavailable(null)).toBe(false)
	await db.user.delete({ where: { id: user.id } })
})

test('a transaction that cannot begin is recognised too: PostgreSQL refusing, SQLite locked past the busy timeout', async () => {
	const { file, remove } = scratchSqliteFile('locked', { lockable: true })
	const holder = new Database(file)
	// The app's client is made the same way (db.server.ts).
	const clients = [createDatabaseClient(NOWHERE), createDatabaseClient(`file:${file}`)]
	try {
		holder.exec('BEGIN IMMEDIATE')
		for (const client of clients) {
			expect(isDatabaseUnavailable(await failure(() => client.$transaction(async (tx) => tx.user.count())))).toBe(true)
		}
	} finally {
		holder.exec('ROLLBACK')
		holder.close()
		await Promise.all(clients.map((client) => client.$disconnect()))
		remove()
	}
})

test('a transaction left waiting past Prisma’s maxWait behind the ones before it is recognised', async () => {
	const { file, remove } = scratchSqliteFile('queued', { lockable: true })
	// SQLite has one connection: the second transaction waits for the first to end.
	const client = createDatabaseClient(`file:${file}`)
	try {
		const first = client.$transaction(async (tx) => {
			await tx.$queryRaw`SELECT 1`
			await new Promise((resolve) => setTimeout(resolve, 500))
		})
		await new Promise((resolve) => setTimeout(resolve, 20))
		const queued = await failure(() => client.$transaction(async (tx) => tx.$queryRaw`SELECT 1`, { maxWait: 50 }))
		expect(isDatabaseUnavailable(queued)).toBe(true)
		await first
		// A transaction used after it ended is a fault of the code, not of the database.
		let ended: Parameters<Parameters<typeof client.$transaction>[0]>[0] | undefined
		await client.$transaction(async (tx) => {
			ended = tx
		})
		const misuse = await failure(() => ended!.$queryRaw`SELECT 1`)
		expect(isDatabaseUnavailable(misuse)).toBe(false)
	} finally {
		await client.$disconnect()
		remove()
	}
})

test('a database that cannot write is recognised as such: SQLite full or read-only, PostgreSQL read-only', async () => {
	const { file, remove } = scratchSqliteFile('full', { lockable: true })
	const prisma = createDatabaseClient(`file:${file}`)
	try {
		await prisma.$executeRawUnsafe('CREATE TABLE note (body TEXT)')
		const [row] = await prisma.$queryRawUnsafe<Array<{ page_count: number | bigint }>>('PRAGMA page_count')
		// SQLite's own page limit: a real SQLITE_FULL, as a full disk gives.
		await prisma.$queryRawUnsafe(`PRAGMA max_page_count = ${Number(row!.page_count)}`)
		const full = await failure(() => prisma.$executeRawUnsafe('INSERT INTO note VALUES (?)', 'x'.repeat(100_000)))
		expect(databaseUnavailability(full)).toBe('cannot-write')
		const inTransaction = await failure(() =>
			prisma.$transaction((tx) => tx.$executeRawUnsafe('INSERT INTO note VALUES (?)', 'x'.repeat(100_000))),
		)
		expect(databaseUnavailability(inTransaction)).toBe('cannot-write')
		await prisma.$queryRawUnsafe('PRAGMA max_page_count = 1073741823')
		await prisma.$queryRawUnsafe('PRAGMA query_only = ON')
		const readOnly = await failure(() => prisma.$executeRawUnsafe("INSERT INTO note VALUES ('x')"))
		expect(databaseUnavailability(readOnly)).toBe('cannot-write')
	} finally {
		await prisma.$disconnect()
		remove()
	}
	const standby = await withAdminClient(async (client) => {
		await client.query('BEGIN READ ONLY')
		try {
			return await failure(() => client.query('CREATE TABLE never_written (x int)'))
		} finally {
			await client.query('ROLLBACK')
		}
	})
	expect(databaseUnavailability(standby)).toBe('cannot-write')
	// A server that does not answer is another state, with its own answer.
	expect(databaseUnavailability(await failure(() => new pg.Client({ connectionString: NOWHERE }).connect()))).toBe(
		'unreachable',
	)
})
