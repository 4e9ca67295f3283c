/**
 * The signing keys a backup holds, and those a restore would replace: IssuerKey rows read from a
 * database copy (an SQLite file, a pg_dump archive) or a live target, and the key file of the
 * installations that kept them in DATA_DIR (issuer-keys.json, in backups taken then); and their
 * checks, made as the site would make them at start (ADR 023).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { getSqliteFilePath, type DatabaseProvider } from '../database-url'
import {
	assertKeysOpen,
	assertSiteDids,
	GENERATED_SECRET_FILE,
	LEGACY_KEYS_FILE,
	readLegacyKeyFile,
	secretOf,
	type KeyRow,
} from '../issuing/key-store.server'
import { BackupError, DATA_DIR_FILES, DATABASE_PART, dataDirPart, type Backup } from './backup-manifest'
import { readArchiveTable, readLiveTable } from './postgres-backup.server'

/** The site a backup is taken of, or restored into. */
export type SiteOptions = {
	databaseUrl: string
	dataDir: string
	/** This site's issuer DID (from PUBLIC_ORIGIN): the signing keys must belong to it. */
	issuerDid: string
	/** ISSUER_KEY_SECRET; when unset, the secret generated in DATA_DIR. */
	issuerKeySecret?: string | undefined
}

const COLUMNS = ['id', 'did', 'publicKeyMultibase', 'secretKey', 'createdAt'] as const

/** A timestamp as SQLite (milliseconds, or text) or PostgreSQL's COPY text ("2026-12-07 04:30:00.123") has it. */
function momentOf(value: unknown): Date {
	if (value instanceof Date) return value
	if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value))) return new Date(Number(value))
	const text = String(value)
	return new Date(/[zZ]|[+-]\d\d(:?\d\d)?$/.test(text) ? text.replace(' ', 'T') : `${text.replace(' ', 'T')}Z`)
}

function rowOf(record: Record<string, unknown>): KeyRow {
	for (const column of COLUMNS) {
		if (record[column] === null || record[column] === undefined) throw new Error(`An IssuerKey row has no ${column}.`)
	}
	return {
		id: String(record.id),
		did: String(record.did),
		publicKeyMultibase: String(record.publicKeyMultibase),
		secretKey: String(record.secretKey),
		createdAt: momentOf(record.createdAt),
	}
}

/** The keys in an SQLite database file (none when it predates the table, or does not exist). */
export function keysInSqlite(file: string): KeyRow[] {
	if (!fs.existsSync(file)) return []
	const connection = new Database(file, { readonly: true, fileMustExist: true })
	try {
		const table = connection.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'IssuerKey'").get()
		if (!table) return []
		const records = connection.prepare(`SELECT ${COLUMNS.map((c) => `"${c}"`).join(', ')} FROM "IssuerKey"`).all()
		return (records as Record<string, unknown>[]).map(rowOf)
	} finally {
		connection.close()
	}
}

/** The keys in a pg_dump archive. */
export async function keysInPostgresArchive(archive: string): Promise<KeyRow[]> {
	return (await readArchiveTable(archive, 'IssuerKey')).map(rowOf)
}

/** The keys in the live PostgreSQL database of `url` (none when it has no such table). */
export async function keysInPostgres(url: string): Promise<KeyRow[]> {
	return (await readLiveTable(url, 'IssuerKey', COLUMNS)).map(rowOf)
}

/**
 * The signing keys of a database copy and of the key file beside it (`dataDir`, where an older
 * installation kept them): what a site would sign and verify with.
 */
export async function keysOfCopy(provider: DatabaseProvider, database: string, dataDir: string, did: string) {
	const rows = provider === 'sqlite' ? keysInSqlite(database) : await keysInPostgresArchive(database)
	return [...rows, ...(readLegacyKeyFile(path.join(dataDir, LEGACY_KEYS_FILE), did) ?? [])]
}

/**
 * Checks signing keys as the site would at start: all of this site's DIDs (its own and its
 * organisations'), its own among them, and the key each signs with opened by the secret (from the
 * environment, or generated in `dataDir`). Returns how many keys there are.
 */
export function checkSigningKeys(rows: KeyRow[], dataDir: string, options: SiteOptions, what: string): number {
	if (!options.issuerKeySecret && !fs.existsSync(path.join(dataDir, GENERATED_SECRET_FILE))) {
		throw new BackupError(
			`${what}: the signing keys are encrypted under an ISSUER_KEY_SECRET that is not set here. ` +
				'Set ISSUER_KEY_SECRET to the secret the site runs with.',
		)
	}
	try {
		assertSiteDids(rows, options.issuerDid, 'It')
		if (!rows.some((row) => row.did === options.issuerDid)) {
			throw new Error(`there is no signing key of ${options.issuerDid} (start the site once: it makes its key)`)
		}
		assertKeysOpen(rows, secretOf({ dir: dataDir, secret: options.issuerKeySecret }))
		return rows.length
	} catch (error) {
		throw new BackupError(`${what}: ${(error as Error).message}`)
	}
}

/** The DATA_DIR files the backup holds. */
export const dataDirFilesOf = (backup: Backup) =>
	DATA_DIR_FILES.filter((name) => backup.manifest.files.some((f) => f.path === dataDirPart(name)))

/** Opens the backup's signing keys as this site would, with its data-dir files in a temporary directory. */
export async function checkBackupKeys(backup: Backup, options: SiteOptions): Promise<KeyRow[]> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillproof-restore-'))
	const what = 'The signing keys in the backup do not open here'
	try {
		for (const name of dataDirFilesOf(backup)) fs.copyFileSync(backup.file(dataDirPart(name)), path.join(dir, name))
		let rows: KeyRow[]
		try {
			// The key file of an older installation, if the backup holds one, is among the files copied to `dir`.
			rows = await keysOfCopy(
				backup.manifest.provider,
				backup.file(DATABASE_PART[backup.manifest.provider]),
				dir,
				options.issuerDid,
			)
		} catch (error) {
			throw new BackupError(`${what}: ${(error as Error).message}`)
		}
		checkSigningKeys(rows, dir, options, what)
		return rows
	} finally {
		fs.rmSync(dir, { recursive: true, force: true })
	}
}

/**
 * Signing keys the target site holds (in its database, or a key file in its DATA_DIR) that the
 * backup lacks: credentials signed with them would stop verifying once it is replaced.
 */
export async function keysOnlyInTarget(
	provider: DatabaseProvider,
	options: SiteOptions,
	exists: boolean,
	incoming: KeyRow[],
): Promise<string[]> {
	const current: Pick<KeyRow, 'id'>[] = []
	if (exists) {
		current.push(
			...(provider === 'sqlite'
				? keysInSqlite(getSqliteFilePath(options.databaseUrl))
				: await keysInPostgres(options.databaseUrl)),
		)
	}
	try {
		current.push(...(readLegacyKeyFile(path.join(options.dataDir, LEGACY_KEYS_FILE), options.issuerDid) ?? []))
	} catch {
		// A key file of another origin, or damaged: the site would refuse to start with it anyway.
	}
	const kept = new Set(incoming.map((row) => row.id))
	return [...new Set(current.map((row) => row.id))].filter((id) => !kept.has(id))
}
