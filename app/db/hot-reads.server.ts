/**
 * The few reads that nearly every page makes (the session with its user and membership, a
 * learner's place in a path, their knowledge-check answers), on a path of their own.
 *
 * Through the Prisma 6.19 client every query, raw ones included, is compiled by its WebAssembly
 * query compiler on the main thread, and the SQLite adapter prepares the statement again on every
 * call; for these short statements that costs several times the query itself. Here each call site's
 * statement is prepared once: on its own read-only connection for SQLite (WAL: it sees every
 * committed write and never blocks the writer), as a named prepared statement on a small pool for
 * PostgreSQL. Reads only — every write goes through the Prisma client and its transactions.
 * See docs/decisions/013-hot-reads.md.
 */
import BetterSqlite3 from 'better-sqlite3'
import pg from 'pg'
import { config } from '../config.server'
import { getSqliteFilePath } from '../database-url'

/** Parameters are plain values only: a Date would be stored differently by each database. */
export type SqlValue = string | number | null

type Reader = {
	all(strings: TemplateStringsArray, values: SqlValue[]): Promise<unknown[]>
	close(): Promise<void>
}

function createSqliteReader(url: string): Reader {
	const connection = new BetterSqlite3(getSqliteFilePath(url), { readonly: true, fileMustExist: true, timeout: 5000 })
	const statements = new WeakMap<TemplateStringsArray, BetterSqlite3.Statement>()
	return {
		async all(strings, values) {
			let statement = statements.get(strings)
			if (!statement) {
				statement = connection.prepare(strings.join('?'))
				statements.set(strings, statement)
			}
			return statement.all(...values)
		},
		async close() {
			connection.close()
		},
	}
}

// `timestamp(3)` columns hold UTC without a zone; pg would read them as local time.
const TIMESTAMP_WITHOUT_TIME_ZONE = 1114
const pgTypes = {
	getTypeParser(oid: number, format?: 'text' | 'binary') {
		if (oid === TIMESTAMP_WITHOUT_TIME_ZONE) return (value: string) => new Date(`${value.replace(' ', 'T')}Z`)
		return pg.types.getTypeParser(oid, format)
	},
}

function createPostgresReader(url: string): Reader {
	const pool = new pg.Pool({
		connectionString: url,
		max: 4,
		// The server refuses any write on these connections.
		options: '-c default_transaction_read_only=on',
		types: pgTypes as pg.CustomTypesConfig,
	})
	// An idle connection the server ended (a restart, a network cut) is dropped by the pool; without
	// a listener its error would end the process. The next read opens a new one, or fails as unavailable.
	pool.on('error', () => {})
	const names = new WeakMap<TemplateStringsArray, { name: string; text: string }>()
	let count = 0
	return {
		async all(strings, values) {
			let statement = names.get(strings)
			if (!statement) {
				const text = strings.reduce((sql, part, i) => `${sql}$${i}${part}`)
				statement = { name: `hot_read_${++count}`, text }
				names.set(strings, statement)
			}
			const result = await pool.query({ ...statement, values })
			return result.rows
		},
		async close() {
			await pool.end()
		},
	}
}

declare global {
	var __skillproofHotReads: Reader | undefined
}

function reader(): Reader {
	globalThis.__skillproofHotReads ??=
		config.databaseProvider === 'sqlite'
			? createSqliteReader(config.DATABASE_URL)
			: createPostgresReader(config.DATABASE_URL)
	return globalThis.__skillproofHotReads
}

/**
 * Rows of one parameterised SELECT, written like Prisma's `$queryRaw` (SQL valid on both
 * databases, values as template placeholders). Dates come back as ISO strings from SQLite and as
 * Date objects from PostgreSQL; callers convert them.
 */
export function hotRead<T>(strings: TemplateStringsArray, ...values: SqlValue[]): Promise<T[]> {
	return reader().all(strings, values) as Promise<T[]>
}

export async function closeHotReads() {
	const current = globalThis.__skillproofHotReads
	globalThis.__skillproofHotReads = undefined
	await current?.close()
}
