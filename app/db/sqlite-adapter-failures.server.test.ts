/**
 * Failures that end an SQLite transaction badly — a COMMIT refused, a disk that fills in the middle
 * of a transaction — must not leave the adapter locked: later queries run, and once there is room
 * again writes succeed without a restart. Each test has an SQLite file of its own (whichever database
 * the suite runs on), and fills it with SQLite's own page limit, a real SQLITE_FULL.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, expect, test } from 'vitest'
import { createDatabaseClient, type Database } from './client.server'
import { PrismaClient } from './generated/sqlite/client'
import { createSqliteAdapter } from './sqlite-adapter.server'
import { databaseUnavailability } from './unavailable.server'

const opened: Array<{ client: Database; dir: string }> = []
afterEach(async () => {
	for (const { client, dir } of opened.splice(0)) {
		await client.$disconnect()
		fs.rmSync(dir, { recursive: true, force: true })
	}
})

/**
 * A client of the app's kind on a new SQLite file holding the tables `sql` creates; `lockWaitMs`, if given, is how
 * long its plain queries wait for an open transaction.
 */
async function scratchClient(sql: string[], lockWaitMs?: number) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillproof-adapter-'))
	const file = path.join(dir, 'scratch.db')
	const client =
		lockWaitMs === undefined
			? createDatabaseClient(`file:${file}`)
			: new PrismaClient({ adapter: createSqliteAdapter({ url: file, timeout: 5000 }, lockWaitMs) })
	opened.push({ client, dir })
	// The table the adapter writes (nothing) to when a transaction begins, then the test's own.
	for (const statement of ['CREATE TABLE "_prisma_migrations" (id TEXT)', ...sql])
		await client.$executeRawUnsafe(statement)
	return client
}

/** The query's result, or a failure naming the hang if it does not settle within five seconds. */
async function settles<T>(query: Promise<T>): Promise<T> {
	const hung = sleep(5000).then(() => {
		throw new Error('the query never ran: the database stayed locked')
	})
	return Promise.race([query, hung])
}

const count = async (client: Database, table: string) =>
	Number((await client.$queryRawUnsafe<Array<{ n: number | bigint }>>(`SELECT COUNT(*) AS n FROM ${table}`))[0]!.n)

test('a transaction whose COMMIT is refused is rolled back, and the next queries run', async () => {
	const client = await scratchClient([
		'CREATE TABLE parent (id INTEGER PRIMARY KEY)',
		'CREATE TABLE child (parentId INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)',
	])
	await client.$executeRawUnsafe('PRAGMA foreign_keys = ON')
	// A deferred constraint is checked at COMMIT, which SQLite then refuses, leaving the transaction open.
	await expect(
		client.$transaction(async (tx) => {
			await tx.$executeRawUnsafe('INSERT INTO child VALUES (5)')
		}),
	).rejects.toThrow(/FOREIGN KEY|ForeignKeyConstraint/i)
	expect(await settles(count(client, 'child'))).toBe(0)
	await settles(
		client.$transaction(async (tx) => {
			await tx.$executeRawUnsafe('INSERT INTO parent VALUES (5)')
			await tx.$executeRawUnsafe('INSERT INTO child VALUES (5)')
		}),
	)
	expect(await count(client, 'child')).toBe(1)
})

test('a disk that fills in the middle of a transaction fails it whole; once there is room, writes succeed without a restart', async () => {
	const client = await scratchClient(['CREATE TABLE note (body TEXT)'])
	await client.$executeRawUnsafe("INSERT INTO note VALUES ('before')")
	const [row] = await client.$queryRawUnsafe<Array<{ page_count: number | bigint }>>('PRAGMA page_count')
	const pages = Number(row!.page_count)
	// No room for a page more: SQLite answers SQLITE_FULL and rolls the whole transaction back itself.
	await client.$queryRawUnsafe(`PRAGMA max_page_count = ${pages}`)
	await expect(
		client.$transaction(async (tx) => {
			await tx.$executeRawUnsafe("INSERT INTO note VALUES ('small')")
			await tx.$executeRawUnsafe('INSERT INTO note VALUES (?)', 'x'.repeat(100_000))
		}),
	).rejects.toThrow(/full/i)
	await expect(settles(client.$executeRawUnsafe('INSERT INTO note VALUES (?)', 'y'.repeat(100_000)))).rejects.toThrow(
		/full/i,
	)
	expect(await settles(count(client, 'note'))).toBe(1)

	// Room again (as when space is freed on the disk): the same client writes, in and out of transactions.
	await client.$queryRawUnsafe('PRAGMA max_page_count = 1073741823')
	await settles(
		client.$transaction(async (tx) => {
			await tx.$executeRawUnsafe('INSERT INTO note VALUES (?)', 'z'.repeat(100_000))
		}),
	)
	await client.$executeRawUnsafe("INSERT INTO note VALUES ('after')")
	expect(await count(client, 'note')).toBe(3)
})

test('a query kept waiting by a transaction past the lock wait fails as unavailable (a 503), and the next ones run', async () => {
	const client = await scratchClient(['CREATE TABLE note (body TEXT)'], 200)
	let finish!: () => void
	const open = new Promise<void>((resolve) => (finish = resolve))
	// A transaction that stays open (a hung request, a long batch) until the test ends it.
	const transaction = client.$transaction(
		async (tx) => {
			await tx.$executeRawUnsafe("INSERT INTO note VALUES ('in the transaction')")
			await open
		},
		{ timeout: 10_000 },
	)
	await sleep(50)
	const started = Date.now()
	const waited = await settles(count(client, 'note')).then(
		() => null,
		(error: unknown) => error,
	)
	expect(databaseUnavailability(waited)).toBe('unreachable')
	expect(String(waited)).toMatch(/database is locked/)
	expect(Date.now() - started).toBeLessThan(2000)
	// The query that gave up does not keep the lock when its turn comes: the transaction ends, the next query runs.
	finish()
	await transaction
	expect(await settles(count(client, 'note'))).toBe(1)
	await settles(client.$executeRawUnsafe("INSERT INTO note VALUES ('after')"))
	expect(await count(client, 'note')).toBe(2)
})
