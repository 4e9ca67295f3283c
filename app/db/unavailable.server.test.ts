import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { expect, test, vi } from 'vitest'
import { createDatabaseClient } from './client.server'
import { createAppDatabase, db } from './db.server'
import { isDatabaseUnavailable, toUnavailableResponse } from './unavailable.server'

/** The error `work` rejects with. */
async function failure(work: () => Promise<unknown>): Promise<unknown> {
	try {
		await work()
	} catch (error) {
		return error
	}
	throw new Error('expected a failure')
}

/** An SQLite file of its own in a new folder, and the function that removes both. */
function scratchSqliteFile(name: string) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), `skillproof-${name}-`))
	return { file: path.join(dir, `${name}.db`), remove: () => fs.rmSync(dir, { recursive: true, force: true }) }
}

/** The table the SQLite adapter writes to (nothing) to take the write lock as a transaction begins. */
const MIGRATIONS_TABLE = 'CREATE TABLE "_prisma_migrations" (id TEXT)'

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
	expect(toUnavailableResponse(duplicate)).toBe(duplicate)
	expect(isDatabaseUnavailable(new Error('Unique constraint failed'))).toBe(false)
	expect(isDatabaseUnavailable(null)).toBe(false)
	await db.user.delete({ where: { id: user.id } })
})

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

test('a transaction that cannot begin answers 503 too: PostgreSQL refusing, SQLite locked past the busy timeout', async () => {
	const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
	const { file, remove } = scratchSqliteFile('locked')
	const holder = new Database(file)
	holder.exec(MIGRATIONS_TABLE)
	const clients = [createAppDatabase(NOWHERE), createAppDatabase(`file:${file}`)]
	try {
		holder.exec('BEGIN IMMEDIATE')
		for (const client of clients) {
			const answer = await failure(() => client.$transaction(async (tx) => tx.user.count()))
			expect(answer).toBeInstanceOf(Response)
			expect((answer as Response).status).toBe(503)
		}
	} finally {
		holder.exec('ROLLBACK')
		holder.close()
		await Promise.all(clients.map((client) => client.$disconnect()))
		remove()
	}
	expect(logged).toHaveBeenCalledTimes(2)
	logged.mockClear()
})

test('a transaction left waiting past Prisma’s maxWait behind the ones before it answers 503', async () => {
	const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
	const { file, remove } = scratchSqliteFile('queued')
	const setup = new Database(file)
	setup.exec(MIGRATIONS_TABLE)
	setup.close()
	// SQLite has one connection: the second transaction waits for the first to end.
	const client = createAppDatabase(`file:${file}`)
	try {
		const first = client.$transaction(async (tx) => {
			await tx.$queryRaw`SELECT 1`
			await new Promise((resolve) => setTimeout(resolve, 500))
		})
		await new Promise((resolve) => setTimeout(resolve, 20))
		const answer = await failure(() => client.$transaction(async (tx) => tx.$queryRaw`SELECT 1`, { maxWait: 50 }))
		expect(answer).toBeInstanceOf(Response)
		expect((answer as Response).status).toBe(503)
		await first
		// A transaction used after it ended is a fault of the code, not of the database.
		let ended: Parameters<Parameters<typeof client.$transaction>[0]>[0] | undefined
		await client.$transaction(async (tx) => {
			ended = tx
		})
		const misuse = await failure(() => ended!.$queryRaw`SELECT 1`)
		expect(misuse).not.toBeInstanceOf(Response)
		expect(isDatabaseUnavailable(misuse)).toBe(false)
	} finally {
		await client.$disconnect()
		remove()
	}
	expect(logged).toHaveBeenCalledTimes(1)
	logged.mockClear()
})
