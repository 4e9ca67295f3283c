/**
 * Every table of a database as its row count and a sha256 of its rows in primary-key order, read
 * with the database's own driver (not through Prisma), so two databases can be compared whole.
 * PostgreSQL sequences are included as `sequence:<name>` (their next value must survive too).
 */
import crypto from 'node:crypto'
import Database from 'better-sqlite3'
import pg from 'pg'
import { parseIntoClientConfig } from 'pg-connection-string'
import { getSqliteFilePath } from '../../app/database-url'

export type TableDigest = { rows: number; sha256: string }

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`

function sqliteDigests(file: string): Record<string, TableDigest> {
	// Not read-only: a read-only connection leaves the -wal file behind, which reads as "in use".
	const db = new Database(file, { fileMustExist: true })
	try {
		const tables = db
			.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
			.pluck()
			.all() as string[]
		const digests: Record<string, TableDigest> = {}
		for (const table of tables) {
			const columns = db.pragma(`table_info(${quote(table)})`) as { name: string; pk: number }[]
			const key = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk)
			const order = (key.length > 0 ? key : columns).map((c) => quote(c.name)).join(', ')
			const hash = crypto.createHash('sha256')
			let rows = 0
			for (const row of db.prepare(`SELECT * FROM ${quote(table)} ORDER BY ${order}`).iterate()) {
				hash.update(
					`${JSON.stringify(row, (_, value: unknown) =>
						Buffer.isBuffer(value)
							? `blob:${value.toString('hex')}`
							: typeof value === 'bigint'
								? `bigint:${value}`
								: value,
					)}\n`,
				)
				rows++
			}
			digests[table] = { rows, sha256: hash.digest('hex') }
		}
		return digests
	} finally {
		db.close()
	}
}

async function postgresDigests(url: string): Promise<Record<string, TableDigest>> {
	const client = new pg.Client(parseIntoClientConfig(url))
	await client.connect()
	try {
		const digests: Record<string, TableDigest> = {}
		const tables = await client.query<{ name: string }>(
			"SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' " +
				"AND table_type = 'BASE TABLE' ORDER BY table_name",
		)
		for (const { name } of tables.rows) {
			const relation = `public.${quote(name)}`
			const key = await client.query<{ column: string }>(
				'SELECT a.attname AS column FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid ' +
					'AND a.attnum = ANY (i.indkey) WHERE i.indrelid = $1::regclass AND i.indisprimary ' +
					'ORDER BY array_position(i.indkey, a.attnum)',
				[relation],
			)
			const order = key.rows.length > 0 ? key.rows.map((r) => `t.${quote(r.column)}`).join(', ') : 't::text'
			const result = await client.query<TableDigest>(
				`SELECT count(*)::int AS rows, encode(sha256(convert_to(coalesce(string_agg(t::text, E'\\n' ` +
					`ORDER BY ${order}), ''), 'UTF8')), 'hex') AS sha256 FROM ${relation} t`,
			)
			digests[name] = result.rows[0]!
		}
		const sequences = await client.query<{ name: string }>(
			"SELECT sequencename AS name FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename",
		)
		for (const { name } of sequences.rows) {
			const value = await client.query<{ last_value: string; is_called: boolean }>(
				`SELECT last_value, is_called FROM public.${quote(name)}`,
			)
			const { last_value, is_called } = value.rows[0]!
			digests[`sequence:${name}`] = { rows: 1, sha256: `${last_value}:${is_called}` }
		}
		return digests
	} finally {
		await client.end()
	}
}

export function tableDigests(url: string): Promise<Record<string, TableDigest>> {
	return url.startsWith('file:') ? Promise.resolve(sqliteDigests(getSqliteFilePath(url))) : postgresDigests(url)
}
