/**
 * SQLite backups through SQLite's online backup API (better-sqlite3's `db.backup()`), which reads
 * the database inside a read transaction while the site goes on serving and writing. A file copy
 * of a live WAL database is never taken: it can miss committed pages in the -wal file or catch a
 * checkpoint half done.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { BackupError } from './backup-manifest'

/**
 * Pages per backup step. One step copies the whole database inside one read transaction, so the copy
 * is one snapshot and writers (WAL) are not held up. With the default of 100 pages a step, SQLite
 * starts the copy again whenever another connection writes between two steps, which a busy site
 * could keep doing for ever.
 */
const ALL_PAGES = 0x7fffffff
const BUSY_TIMEOUT_MS = 5000

type Connection = InstanceType<typeof Database>

const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`

function open(file: string) {
	return new Database(file, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS })
}

function copyInOneStep(source: Connection, destination: string) {
	return source.backup(destination, { progress: () => ALL_PAGES })
}

/** A consistent copy of the database `file` at `destination`, readable by its owner only. */
async function copyPrivately(file: string, destination: string) {
	const source = open(file)
	try {
		await copyInOneStep(source, destination)
	} finally {
		source.close()
	}
	fs.chmodSync(destination, 0o600)
}

/** The last migration applied, or null when the database was never migrated. */
function latestMigration(connection: Connection): string | null {
	const table = connection
		.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'")
		.get()
	if (!table) return null
	const name = connection
		.prepare(
			'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ' +
				'ORDER BY migration_name DESC LIMIT 1',
		)
		.pluck()
		.get() as string | undefined
	return name ?? null
}

/** Checks a copy that nothing else has open; returns its last migration. */
function checkCopy(file: string, what: string): string {
	const connection = open(file)
	try {
		// A self-contained file: no -wal or -shm beside it.
		connection.pragma('journal_mode = DELETE')
		const result = connection.pragma('quick_check', { simple: true })
		if (result !== 'ok') throw new BackupError(`${what} fails SQLite's integrity check: ${String(result)}`)
		const migration = latestMigration(connection)
		if (!migration) throw new BackupError(`${what} has no applied migrations: it is not a Skillproof database.`)
		return migration
	} finally {
		connection.close()
	}
}

/** Writes a consistent copy of the live database `file` to `destination` (which must not exist). */
export async function backupSqliteDatabase(file: string, destination: string): Promise<{ migration: string }> {
	if (!fs.existsSync(file)) throw new BackupError(`There is no SQLite database at ${file}: check DATABASE_URL.`)
	await copyPrivately(file, destination)
	return { migration: checkCopy(destination, `The copy of ${file}`) }
}

export type SqliteTargetState = {
	exists: boolean
	/** Rows in any table but the migration history. */
	holdsData: boolean
	/** Another process has the database open. */
	inUse: boolean
}

export function inspectSqliteDatabase(file: string): SqliteTargetState {
	if (!fs.existsSync(file)) return { exists: false, holdsData: false, inUse: false }
	let holdsData: boolean
	const connection = open(file)
	try {
		connection.pragma('schema_version')
	} catch (error) {
		connection.close()
		throw new BackupError(`${file} is not an SQLite database (${(error as Error).message}): check DATABASE_URL.`)
	}
	try {
		const tables = connection
			.prepare(
				"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' " +
					"AND name <> '_prisma_migrations'",
			)
			.pluck()
			.all() as string[]
		holdsData = tables.some(
			(table) =>
				connection
					.prepare(`SELECT EXISTS (SELECT 1 FROM ${quoteIdentifier(table)})`)
					.pluck()
					.get() === 1,
		)
	} finally {
		connection.close()
	}
	// Closing the last connection to a WAL database checkpoints it and deletes the -wal file (after a
	// crash too); when it is still there, another process has the database open. The site always
	// runs in WAL mode.
	return { exists: true, holdsData, inUse: fs.existsSync(`${file}-wal`) }
}

/**
 * Copies the backup's database beside `target` (same directory, so no other disk is involved) and
 * checks it. Returns the staged file and its last migration; `target` is untouched.
 */
export function stageSqliteDatabase(backupFile: string, target: string): { staged: string; migration: string } {
	fs.mkdirSync(path.dirname(target), { recursive: true })
	const staged = `${target}.restore-${crypto.randomBytes(4).toString('hex')}`
	try {
		fs.copyFileSync(backupFile, staged, fs.constants.COPYFILE_EXCL)
		return { staged, migration: checkCopy(staged, 'The database in the backup') }
	} catch (error) {
		discardSqliteStaged(staged)
		throw error
	}
}

export function discardSqliteStaged(staged: string) {
	for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(`${staged}${suffix}`, { force: true })
}

/**
 * Replaces the contents of `target` with the staged database. The backup API writes the target in
 * one write transaction: other connections (a running site) see the old database or the new one,
 * never a mixture, and a failure or crash part-way leaves the old one. With `keepPrevious`, a
 * consistent copy of the current database is written there first.
 */
export async function swapSqliteDatabase(staged: string, target: string, keepPrevious: string | null) {
	if (keepPrevious) await copyPrivately(target, keepPrevious)
	const source = open(staged)
	try {
		await copyInOneStep(source, target)
	} finally {
		source.close()
	}
	discardSqliteStaged(staged)
}
