/**
 * PostgreSQL backups with pg_dump (custom format, one consistent snapshot while the site keeps
 * writing) and pg_restore into a new, empty database that is renamed into place only once the
 * whole archive is in it. The tools get their connection details from libpq's PG* environment
 * variables, so no value from DATABASE_URL is ever parsed by a shell or shown in the process list.
 */
import { spawn } from 'node:child_process'
import crypto from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { parse, parseIntoClientConfig } from 'pg-connection-string'
import { BackupError } from './backup-manifest'

const APPLICATION_NAME = 'skillproof-backup'
const { escapeIdentifier, escapeLiteral } = pg

type Target = { url: string; database: string; schema: string }

function targetOf(url: string): Target {
	const database = parse(url).database
	if (!database) throw new BackupError('DATABASE_URL names no database, e.g. postgresql://user@host:5432/skillproof')
	// Prisma's ?schema= parameter: the migration history lives in that schema.
	return { url, database, schema: new URL(url).searchParams.get('schema') || 'public' }
}

/** user@host:port/database, without any password. */
export function describePostgresUrl(url: string) {
	const { user, host, port, database } = parse(url)
	return `postgresql://${user ? `${user}@` : ''}${host ?? 'localhost'}${port ? `:${port}` : ''}/${database ?? ''}`
}

/** libpq's environment for `database` on the server of `url` (the password only in PGPASSWORD). */
function libpqEnvironment(url: string, database: string): NodeJS.ProcessEnv {
	const options = parse(url)
	const params = new URL(url).searchParams
	const env: NodeJS.ProcessEnv = { ...process.env, PGDATABASE: database, PGAPPNAME: APPLICATION_NAME }
	const set = (name: string, value: string | null | undefined) => {
		if (value) env[name] = value
	}
	set('PGHOST', options.host)
	set('PGPORT', options.port)
	set('PGUSER', options.user)
	set('PGPASSWORD', options.password)
	set('PGSSLMODE', params.get('sslmode'))
	set('PGSSLROOTCERT', params.get('sslrootcert'))
	set('PGSSLCERT', params.get('sslcert'))
	set('PGSSLKEY', params.get('sslkey'))
	return env
}

/**
 * Runs a PostgreSQL client tool with arguments as an array (no shell); rejects with its stderr.
 * Resolves with what it wrote to standard output when asked to keep it.
 */
function runTool(
	tool: 'pg_dump' | 'pg_restore',
	args: string[],
	env: NodeJS.ProcessEnv,
	keepOutput = false,
): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(tool, args, { env, stdio: ['ignore', keepOutput ? 'pipe' : 'ignore', 'pipe'] })
		let stdout = ''
		child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
		let stderr = ''
		child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
			if (stderr.length < 20_000) stderr += chunk
		})
		child.on('error', (error: NodeJS.ErrnoException) => {
			reject(
				error.code === 'ENOENT'
					? new BackupError(
							`${tool} was not found on PATH: install the PostgreSQL client tools of the server's major version.`,
						)
					: error,
			)
		})
		child.on('close', (code, signal) => {
			if (code === 0) resolve(stdout)
			else reject(new BackupError(`${tool} failed (${signal ?? `exit code ${code}`}):\n${stderr.trim()}`))
		})
	})
}

/** A field of COPY's text format: \N is null, and backslash escapes stand for what they name. */
function copyField(text: string): string | null {
	if (text === '\\N') return null
	const named: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' }
	return text.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g, (_, escape: string) => {
		if (escape.startsWith('x') && escape.length > 1) return String.fromCharCode(parseInt(escape.slice(1), 16))
		if (/^[0-7]+$/.test(escape)) return String.fromCharCode(parseInt(escape, 8))
		return named[escape] ?? escape
	})
}

/**
 * The rows of one table in a pg_dump archive, read with pg_restore (no server is contacted), each
 * as column → text. None when the archive has no such table.
 */
export async function readArchiveTable(archive: string, table: string): Promise<Record<string, string | null>[]> {
	const script = await runTool(
		'pg_restore',
		['--data-only', `--table=${table}`, '--file=-', archive],
		{ ...process.env },
		true,
	)
	const lines = script.split('\n')
	const start = lines.findIndex((line) => /^COPY \S+ \(.*\) FROM stdin;$/.test(line))
	if (start === -1) return []
	const columns = /\((.*)\) FROM stdin;$/
		.exec(lines[start]!)![1]!
		.split(', ')
		.map((name) => (name.startsWith('"') ? name.slice(1, -1).replaceAll('""', '"') : name))
	const rows: Record<string, string | null>[] = []
	for (const line of lines.slice(start + 1)) {
		if (line === '\\.') return rows
		const fields = line.split('\t').map(copyField)
		rows.push(Object.fromEntries(columns.map((column, i) => [column, fields[i] ?? null])))
	}
	throw new BackupError(`${archive}: the data of ${table} ends before its last row.`)
}

async function withClient<T>(url: string, database: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
	const client = new pg.Client({ ...parseIntoClientConfig(url), database, application_name: APPLICATION_NAME })
	try {
		await client.connect()
	} catch (error) {
		throw new BackupError(
			`Cannot connect to database "${database}" on ${describePostgresUrl(url)}: ${(error as Error).message}`,
		)
	}
	try {
		return await work(client)
	} finally {
		await client.end()
	}
}

/** A connection to the server itself, on a database other than the one being replaced. */
function withServer<T>(target: Target, work: (client: pg.Client) => Promise<T>) {
	return withClient(target.url, target.database === 'postgres' ? 'template1' : 'postgres', work)
}

async function latestMigration(url: string, database: string, schema: string): Promise<string | null> {
	return withClient(url, database, async (client) => {
		const table = `${escapeIdentifier(schema)}._prisma_migrations`
		const exists = await client.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [table])
		if (!exists.rows[0]?.present) return null
		const result = await client.query<{ migration_name: string }>(
			`SELECT migration_name FROM ${table} WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ` +
				'ORDER BY migration_name DESC LIMIT 1',
		)
		return result.rows[0]?.migration_name ?? null
	})
}

/** Dumps the database of `url` into `destination` (custom format) and checks the archive reads back. */
export async function dumpPostgresDatabase(url: string, destination: string): Promise<{ migration: string }> {
	const target = targetOf(url)
	const before = await latestMigration(url, target.database, target.schema)
	if (!before) {
		throw new BackupError(`${describePostgresUrl(url)} has no applied migrations: it is not a Skillproof database.`)
	}
	const env = libpqEnvironment(url, target.database)
	await runTool('pg_dump', ['--format=custom', '--no-password', `--file=${destination}`], env)
	// pg_dump reads one snapshot; the migration is read outside it, so make sure none ran meanwhile.
	const after = await latestMigration(url, target.database, target.schema)
	if (after !== before) {
		throw new BackupError(`A migration (${after}) was applied during the backup: run the backup again.`)
	}
	await runTool('pg_restore', ['--list', destination], env)
	return { migration: before }
}

/**
 * The rows of `table` in the live database of `url`, each column as text (timestamps as
 * PostgreSQL writes them, in UTC). None when the database has no such table.
 */
export async function readLiveTable(
	url: string,
	table: string,
	columns: readonly string[],
): Promise<Record<string, string | null>[]> {
	const target = targetOf(url)
	return withClient(url, target.database, async (client) => {
		const name = `${escapeIdentifier(target.schema)}.${escapeIdentifier(table)}`
		const exists = await client.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [name])
		if (!exists.rows[0]?.present) return []
		const list = columns.map((column) => `${escapeIdentifier(column)}::text AS ${escapeIdentifier(column)}`)
		return (await client.query<Record<string, string | null>>(`SELECT ${list.join(', ')} FROM ${name}`)).rows
	})
}

export type PostgresTargetState = { exists: boolean; holdsData: boolean; connections: number }

async function countConnections(server: pg.Client, database: string) {
	const result = await server.query<{ pid: number }>(
		'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
		[database],
	)
	return result.rows.map((row) => row.pid)
}

export async function inspectPostgresDatabase(url: string): Promise<PostgresTargetState> {
	const target = targetOf(url)
	const found = await withServer(target, async (server) => {
		const exists = await server.query('SELECT 1 FROM pg_database WHERE datname = $1', [target.database])
		if (exists.rowCount === 0) return null
		// Counted before this module connects to the database itself.
		return { connections: (await countConnections(server, target.database)).length }
	})
	if (!found) return { exists: false, holdsData: false, connections: 0 }
	const holdsData = await withClient(url, target.database, async (client) => {
		const tables = await client.query<{ name: string }>(
			"SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name FROM information_schema.tables " +
				"WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') " +
				"AND table_name <> '_prisma_migrations'",
		)
		for (const { name } of tables.rows) {
			const rows = await client.query(`SELECT 1 FROM ${name} LIMIT 1`)
			if (rows.rowCount) return true
		}
		return false
	})
	return { exists: true, holdsData, connections: found.connections }
}

const stamp = (now: Date) => now.toISOString().replace(/\D/g, '').slice(0, 14)
const suffix = () => crypto.randomBytes(2).toString('hex')

/**
 * Restores the archive into a new database beside the target (created from template0 with the
 * target's encoding and locale) and checks it. Returns its name; the target is untouched.
 */
export async function stagePostgresDatabase(url: string, archive: string, now: Date) {
	const target = targetOf(url)
	// Identifiers are at most 63 bytes.
	const staged = `${target.database.slice(0, 30)}_restore_${stamp(now)}_${suffix()}`
	await withServer(target, async (server) => {
		const current = await server.query<{ encoding: string; datcollate: string; datctype: string }>(
			'SELECT pg_encoding_to_char(encoding) AS encoding, datcollate, datctype FROM pg_database WHERE datname = $1',
			[target.database],
		)
		const like = current.rows[0]
		const settings = like
			? ` ENCODING ${escapeLiteral(like.encoding)} LC_COLLATE ${escapeLiteral(like.datcollate)} LC_CTYPE ${escapeLiteral(like.datctype)}`
			: ''
		try {
			await server.query(`CREATE DATABASE ${escapeIdentifier(staged)} TEMPLATE template0${settings}`)
		} catch (error) {
			throw new BackupError(
				`Cannot create the database to restore into (${(error as Error).message}). The role of DATABASE_URL ` +
					'needs CREATEDB, and to own the database it replaces.',
			)
		}
	})
	try {
		// Into an empty database, so --clean is not needed; --single-transaction stops at the first error.
		// pg_restore needs --dbname; as a quoted conninfo value, no database name is read as options.
		const dbname = `dbname='${staged.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`
		await runTool(
			'pg_restore',
			['--no-owner', '--no-acl', '--single-transaction', '--no-password', `--dbname=${dbname}`, archive],
			libpqEnvironment(url, staged),
		)
		const migration = await latestMigration(url, staged, target.schema)
		if (!migration) throw new BackupError('The restored database has no applied migrations.')
		return { staged, migration }
	} catch (error) {
		await discardPostgresStaged(url, staged)
		throw error
	}
}

export async function discardPostgresStaged(url: string, staged: string) {
	await withServer(targetOf(url), (server) =>
		server.query(`DROP DATABASE IF EXISTS ${escapeIdentifier(staged)} WITH (FORCE)`),
	)
}

/**
 * Puts the staged database in the target's place: new connections to the target are refused, the
 * open ones waited for (ended only with `force`), and both renames happen in one transaction. The
 * previous database is kept under a new name when `keepPrevious`, otherwise dropped.
 */
export async function swapPostgresDatabase(options: {
	url: string
	staged: string
	force: boolean
	keepPrevious: boolean
	now: Date
}): Promise<{ previous: string | null }> {
	const target = targetOf(options.url)
	const name = escapeIdentifier(target.database)
	return withServer(target, async (server) => {
		const exists = await server.query('SELECT 1 FROM pg_database WHERE datname = $1', [target.database])
		if (exists.rowCount === 0) {
			await server.query(`ALTER DATABASE ${escapeIdentifier(options.staged)} RENAME TO ${name}`)
			return { previous: null }
		}
		const previous = `${target.database.slice(0, 30)}_pre_restore_${stamp(options.now)}_${suffix()}`
		await server.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`)
		try {
			await waitForNoConnections(server, target.database, options.force)
			await server.query('BEGIN')
			try {
				await server.query(`ALTER DATABASE ${name} RENAME TO ${escapeIdentifier(previous)}`)
				await server.query(`ALTER DATABASE ${escapeIdentifier(options.staged)} RENAME TO ${name}`)
				await server.query('COMMIT')
			} catch (error) {
				await server.query('ROLLBACK')
				throw error
			}
		} catch (error) {
			await server.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS true`)
			throw error
		}
		// The restore is done; tidying the previous database up must not undo it.
		const renamed = escapeIdentifier(previous)
		try {
			if (!options.keepPrevious) {
				await server.query(`DROP DATABASE ${renamed} WITH (FORCE)`)
				return { previous: null }
			}
			await server.query(`ALTER DATABASE ${renamed} WITH ALLOW_CONNECTIONS true`)
		} catch {
			// Left as it is, under its new name.
		}
		return { previous }
	})
}

async function waitForNoConnections(server: pg.Client, database: string, force: boolean) {
	for (let attempt = 0; attempt < 50; attempt++) {
		const pids = await countConnections(server, database)
		if (pids.length === 0) return
		if (force) await server.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [pids])
		await sleep(100)
	}
	const left = (await countConnections(server, database)).length
	throw new BackupError(
		force
			? `${left} connection(s) to "${database}" could not be ended: nothing was changed.`
			: `"${database}" is in use (${left} open connection(s)): stop the site, or add --force to end them.`,
	)
}
