/**
 * Before the server listens it checks that it can write where it must: DATA_DIR (signing keys,
 * generated secrets), the SQLite database and its folder (SQLite writes its journal beside the
 * file), or a PostgreSQL database that is not read-only. A start that cannot write stops here with
 * one plain sentence per problem, instead of failing later with a driver's message or answering 500.
 */
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { getDatabaseProvider, getSqliteFilePath } from '../database-url'
import { databaseUnavailability } from '../db/unavailable.server'

export class StorageError extends Error {}

/** Why `dir` cannot hold the server's files, or null when it can (it is created when missing). */
function folderProblem(dir: string): string | null {
	try {
		if (fs.existsSync(dir)) {
			if (!fs.statSync(dir).isDirectory()) return 'is a file, not a folder'
		} else {
			fs.mkdirSync(dir, { recursive: true })
		}
		const probe = path.join(dir, `.write-check-${process.pid}`)
		fs.writeFileSync(probe, '')
		fs.rmSync(probe)
		return null
	} catch (error) {
		const { code, message } = error as NodeJS.ErrnoException
		return `cannot be written (${code ?? message})`
	}
}

function sqliteProblem(file: string): string | null {
	const folder = path.dirname(file)
	const problem = folderProblem(folder)
	if (problem) return `The folder of the SQLite database (${folder}) ${problem}: SQLite writes its journal there.`
	if (!fs.existsSync(file)) return null
	let connection: Database.Database | undefined
	try {
		connection = new Database(file, { fileMustExist: true, timeout: 5000 })
		// Takes the write lock and lets it go: a read-only file or folder refuses it.
		connection.exec('BEGIN IMMEDIATE')
		connection.exec('ROLLBACK')
		return null
	} catch (error) {
		if (databaseUnavailability(error) !== 'cannot-write') return null
		const { code, message } = error as { code?: string; message: string }
		return `The SQLite database ${file} cannot be written (${code}: ${message}).`
	} finally {
		connection?.close()
	}
}

async function postgresProblem(url: string): Promise<string | null> {
	const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 })
	try {
		await client.connect()
	} catch {
		// A server that does not answer yet is not a storage problem; the migration or readiness says so.
		return null
	}
	try {
		const { rows } = await client.query<{ transaction_read_only: string }>('SHOW transaction_read_only')
		if (rows[0]?.transaction_read_only !== 'on') return null
		const { hostname, port, pathname } = new URL(url)
		return `The PostgreSQL database ${pathname.slice(1)} on ${hostname}:${port || 5432} is read-only (a standby, or default_transaction_read_only is on): point DATABASE_URL at a database this server can write to.`
	} finally {
		await client.end()
	}
}

export async function checkStorage(options: { dataDir: string; databaseUrl: string }) {
	const problems: string[] = []
	const dataDir = path.resolve(options.dataDir)
	const dataProblem = folderProblem(dataDir)
	if (dataProblem) {
		problems.push(
			`DATA_DIR (${dataDir}) ${dataProblem}: it holds the signing keys and generated secrets. Give this process write access to it, or set DATA_DIR to a folder it can write.`,
		)
	}
	const databaseProblem =
		getDatabaseProvider(options.databaseUrl) === 'sqlite'
			? sqliteProblem(getSqliteFilePath(options.databaseUrl))
			: await postgresProblem(options.databaseUrl)
	if (databaseProblem) problems.push(databaseProblem)
	if (problems.length > 0) throw new StorageError(`Skillproof cannot start: ${problems.join(' ')}`)
}
