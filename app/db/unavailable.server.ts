/**
 * A database that does not answer — PostgreSQL down or restarting, the network to it gone, an
 * SQLite file locked past the busy timeout, transactions queued past Prisma's wait — or that cannot
 * write — a full disk, a read-only file or server, an I/O error — is a state of the machine, not a
 * fault of the code. Its errors are recognised here, in one place, for Prisma, pg and better-sqlite3.
 * The database code throws them as they are; what a request that met one is answered is the HTTP
 * layer's to say (app/http/database-unavailable.server.ts), and background jobs retry.
 */

export type Unavailability = 'unreachable' | 'cannot-write'

/** Prisma: can't reach the server, timed out, connection closed, pool timeout, too many connections. */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2037'])
/** The driver adapters' error kinds (Prisma's `DriverAdapterError`). */
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections'])
/** Node's socket errors, as pg reports them. */
const SOCKET_CODES = new Set([
	'ECONNREFUSED',
	'ECONNRESET',
	'ETIMEDOUT',
	'EPIPE',
	'EHOSTUNREACH',
	'ENOTFOUND',
	'EAI_AGAIN',
])
/** PostgreSQL: shutting down or starting, connection failures, too many connections. */
const POSTGRES_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300'])
/** better-sqlite3: the file stayed locked past the busy timeout. */
const SQLITE_CODES = /^SQLITE_(BUSY|LOCKED)/
const MESSAGES =
	/Connection terminated|Connection refused|connection is closed|Can't reach database server|timeout exceeded when trying to connect|database is locked|Client has encountered a connection error/i

/** better-sqlite3: a full disk, a read-only file or folder, an I/O error, a file it cannot open. */
const SQLITE_WRITE_CODES = /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN)/
/** PostgreSQL: disk full, out of memory, read-only transaction (a standby, or a read-only server), I/O error. */
const POSTGRES_WRITE_CODES = new Set(['53100', '53200', '25006', '58030'])
const WRITE_MESSAGES =
	/database or disk is full|attempt to write a readonly database|disk I\/O error|unable to open database file|No space left on device|read-only transaction/i

/**
 * Prisma: the transaction could not begin within `maxWait` (2 s) because the transactions before it
 * still held the connection (SQLite has one). P2028 also names faults of the code (a transaction
 * used after it ended), which stay errors.
 */
const TRANSACTION_WAIT = /Unable to start a transaction in the given time/

/** Why the database cannot serve `error`'s request, or null when the error is of another kind. */
export function databaseUnavailability(error: unknown): Unavailability | null {
	for (let current = error, depth = 0; current && depth < 6; depth++) {
		if (typeof current !== 'object') return null
		const { code, kind, message, cause } = current as {
			code?: unknown
			kind?: unknown
			message?: unknown
			cause?: unknown
		}
		if (typeof code === 'string') {
			if (SQLITE_WRITE_CODES.test(code) || POSTGRES_WRITE_CODES.has(code)) return 'cannot-write'
			if (PRISMA_CODES.has(code) || SOCKET_CODES.has(code) || POSTGRES_CODES.has(code) || SQLITE_CODES.test(code))
				return 'unreachable'
		}
		if (code === 'P2028' && typeof message === 'string' && TRANSACTION_WAIT.test(message)) return 'unreachable'
		if (typeof kind === 'string' && ADAPTER_KINDS.has(kind)) return 'unreachable'
		if (typeof message === 'string' && WRITE_MESSAGES.test(message)) return 'cannot-write'
		if (typeof message === 'string' && MESSAGES.test(message)) return 'unreachable'
		current = cause
	}
	return null
}

export function isDatabaseUnavailable(error: unknown): boolean {
	return databaseUnavailability(error) !== null
}
