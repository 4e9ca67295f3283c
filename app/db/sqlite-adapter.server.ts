/**
 * Prisma's better-sqlite3 adapter (6.19) runs every query on one connection and serialises only
 * transactions with each other: a plain query sent while another request's transaction is open runs
 * inside it. Such a write resolved as saved, but was committed only with that transaction — and lost
 * when it rolled back or the process died first (the crash test saw acknowledged assessment attempts
 * invisible to other connections; 320 of 320 plain writes made beside rolled-back transactions were
 * gone). This wrapper makes plain queries wait until no transaction is open, so each one commits on
 * its own before it resolves; each transaction takes the write lock as it begins (see
 * `startTransaction` below), so that other processes' commits cannot fail it halfway; and a
 * transaction whose COMMIT or ROLLBACK fails (a full disk, a deferred constraint) is rolled back and
 * unlocked all the same, where the adapter would stay locked and every later query wait for good.
 */
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'

type Adapter = Awaited<ReturnType<PrismaBetterSQLite3['connect']>>
type Transaction = Awaited<ReturnType<Adapter['startTransaction']>>

/** A lock held across awaits: `acquire` resolves with the function that releases it. */
function createLock() {
	let tail: Promise<void> = Promise.resolve()
	return {
		/**
		 * Waits for the lock, for at most `waitMs` if given: past that the promise is rejected with `LockWaitTimeout`,
		 * and the lock, when its turn comes, is passed straight on.
		 */
		acquire(waitMs?: number): Promise<() => void> {
			let release!: () => void
			const held = new Promise<void>((resolve) => (release = resolve))
			const turn = tail
			tail = tail.then(() => held)
			if (waitMs === undefined) return turn.then(() => release)
			return new Promise((resolve, reject) => {
				let gaveUp = false
				const timer = setTimeout(() => {
					gaveUp = true
					reject(new LockWaitTimeout(waitMs))
				}, waitMs)
				void turn.then(() => {
					if (gaveUp) return release()
					clearTimeout(timer)
					resolve(release)
				})
			})
		},
	}
}

/**
 * A query that waited too long behind an open transaction. Its message says "database is locked", as SQLite's
 * own busy error does, so that it is answered the same way: 503, try again shortly (db/unavailable.server.ts).
 */
export class LockWaitTimeout extends Error {
	readonly code = 'SQLITE_BUSY'
	constructor(waitMs: number) {
		super(`database is locked: a query waited ${waitMs} ms for an open transaction to end`)
		this.name = 'LockWaitTimeout'
	}
}

/** Writes nothing, but a write statement: SQLite takes the database's write lock to run it. */
const TAKE_WRITE_LOCK = 'DELETE FROM "_prisma_migrations" WHERE 0'
const ROLLBACK = { sql: 'ROLLBACK', args: [], argTypes: [] }
/** The statements Prisma ends a transaction with, before it calls the transaction's commit() or rollback(). */
const ENDS_TRANSACTION = /^\s*(COMMIT|ROLLBACK)\b/i
/** SQLite's answer to a ROLLBACK after it rolled the transaction back itself. */
const NO_TRANSACTION = /no transaction is active/i

function serialise(adapter: Adapter, lockWaitMs: number): Adapter {
	const lock = createLock()
	// A plain query waits for an open transaction up to `lockWaitMs` (a transaction waits as long as Prisma's
	// maxWait lets it): a transaction that hangs, or runs for minutes, costs requests a 503, not a hang.
	async function exclusive<T>(work: () => Promise<T>): Promise<T> {
		const release = await lock.acquire(lockWaitMs)
		try {
			return await work()
		} finally {
			release()
		}
	}
	return {
		provider: adapter.provider,
		adapterName: adapter.adapterName,
		queryRaw: (query) => exclusive(() => adapter.queryRaw(query)),
		executeRaw: (query) => exclusive(() => adapter.executeRaw(query)),
		executeScript: (script) => exclusive(() => adapter.executeScript(script)),
		getConnectionInfo: adapter.getConnectionInfo?.bind(adapter),
		dispose: () => adapter.dispose(),
		async startTransaction(isolationLevel): Promise<Transaction> {
			// Held from BEGIN until Prisma has sent COMMIT or ROLLBACK and ends the transaction.
			const release = await lock.acquire()
			let transaction: Transaction
			try {
				transaction = await adapter.startTransaction(isolationLevel)
			} catch (error) {
				release()
				throw error
			}
			try {
				// The adapter's BEGIN is deferred: a transaction that read first and wrote after another
				// connection (a second worker process, a script) had committed would fail at its first
				// write with SQLITE_BUSY, which no busy timeout waits out. A write that changes nothing
				// takes the write lock now, as BEGIN IMMEDIATE would, waiting up to the busy timeout.
				await transaction.executeRaw({ sql: TAKE_WRITE_LOCK, args: [], argTypes: [] })
			} catch (error) {
				// The adapter's rollback() only unlocks it; the ROLLBACK statement is the caller's to send.
				await transaction.executeRaw(ROLLBACK).catch(() => undefined)
				await transaction.rollback().catch(() => undefined)
				release()
				throw error
			}
			let ended = false
			/** Unlocks the adapter and this wrapper, once, whatever happened to the transaction. */
			const end = async (finish: 'commit' | 'rollback') => {
				if (ended) return
				ended = true
				try {
					await transaction[finish]()
				} finally {
					release()
				}
			}
			return {
				provider: transaction.provider,
				adapterName: transaction.adapterName,
				options: transaction.options,
				queryRaw: (query) => transaction.queryRaw(query),
				executeRaw: async (query) => {
					if (!ENDS_TRANSACTION.test(query.sql)) return transaction.executeRaw(query)
					try {
						return await transaction.executeRaw(query)
					} catch (error) {
						// Prisma sends COMMIT or ROLLBACK, and only when that succeeds calls commit() or
						// rollback(), which unlock the adapter. A COMMIT that fails (disk full, a deferred
						// constraint) or a ROLLBACK that fails (SQLite already rolled back after disk full or
						// an I/O error) would leave both locks held and every later query waiting for good.
						// Whatever failed, the transaction is rolled back (if SQLite has not already done it)
						// and the locks are released before the error goes on.
						await transaction.executeRaw(ROLLBACK).catch(() => undefined)
						await end('rollback')
						if (/^\s*ROLLBACK/i.test(query.sql) && NO_TRANSACTION.test(String(error))) return 0
						throw error
					}
				},
				commit: () => end('commit'),
				rollback: () => end('rollback'),
			}
		},
	}
}

/**
 * The better-sqlite3 adapter factory, with plain queries kept out of open transactions, waiting for one to end
 * at most `lockWaitMs` (by default the busy timeout, how long SQLite waits for another process's lock).
 */
export function createSqliteAdapter(
	options: ConstructorParameters<typeof PrismaBetterSQLite3>[0],
	lockWaitMs = options.timeout ?? 5000,
): Pick<PrismaBetterSQLite3, 'provider' | 'adapterName' | 'connect' | 'connectToShadowDb'> {
	const factory = new PrismaBetterSQLite3(options)
	return {
		provider: factory.provider,
		adapterName: factory.adapterName,
		connect: async () => serialise(await factory.connect(), lockWaitMs),
		connectToShadowDb: async () => serialise(await factory.connectToShadowDb(), lockWaitMs),
	}
}
