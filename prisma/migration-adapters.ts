/**
 * Driver adapters for the Prisma CLI's WebAssembly schema engine (migrate deploy / dev / diff).
 * Each wraps the official adapter to work around a fault of Prisma 6.19.3's engine; see
 * docs/decisions/002-prisma-offline-migrations.md. The app itself uses the plain adapters.
 */
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3'
import { PrismaPg } from '@prisma/adapter-pg'
import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { parseIntoClientConfig } from 'pg-connection-string'
import { getSqliteFilePath } from '../app/database-url.ts'

/** A wrapper that forwards everything to `target` except the members given in `overrides`. */
function withOverrides<T extends object>(target: T, overrides: Partial<T>): T {
	return new Proxy(target, {
		get(obj, prop) {
			if (Object.hasOwn(overrides, prop)) return overrides[prop as keyof T]
			const value = Reflect.get(obj, prop, obj) as unknown
			return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(obj) : value
		},
	})
}

/**
 * SQLite: the engine sends a whole multi-statement migration.sql to the shadow database through
 * executeRaw, which better-sqlite3 rejects (P3006). Parameterless SQL is run as a script instead.
 */
export function createSqliteMigrationAdapter(url: string) {
	const inMemory = url === 'file::memory:'
	// better-sqlite3 creates the database file but not its folder.
	if (!inMemory) fs.mkdirSync(path.dirname(getSqliteFilePath(url)), { recursive: true })
	const factory = new PrismaBetterSQLite3({ url: inMemory ? ':memory:' : url })
	return withOverrides(factory, {
		async connectToShadowDb() {
			const shadow = await factory.connectToShadowDb()
			return withOverrides(shadow, {
				async executeRaw(query) {
					if (query.args.length > 0) return shadow.executeRaw(query)
					await shadow.executeScript(query.sql)
					return 0
				},
			})
		},
	})
}

// Type ids the engine's introspection returns that adapter-pg cannot deserialise.
const CHAR = 18
const NAME = 19
const TEXT = 25
const CHAR_ARRAY = 1002
const NAME_ARRAY = 1003
const TEXT_ARRAY = 1009

function reportNamesAsText(result: pg.QueryResult<unknown[]> | undefined) {
	if (!result?.fields) return result
	const parseTextArray = pg.types.getTypeParser(TEXT_ARRAY as Parameters<typeof pg.types.getTypeParser>[0])
	result.fields.forEach((field, i) => {
		if (field.dataTypeID === CHAR || field.dataTypeID === NAME) field.dataTypeID = TEXT
		if (field.dataTypeID === CHAR_ARRAY || field.dataTypeID === NAME_ARRAY) {
			field.dataTypeID = TEXT_ARRAY
			for (const row of result.rows) {
				if (Array.isArray(row) && typeof row[i] === 'string') row[i] = parseTextArray(row[i])
			}
		}
	})
	return result
}

/** Reports PostgreSQL `name`/`char` columns (and their arrays) as text, which they are. */
class IntrospectionSafeClient extends pg.Client {
	// @ts-expect-error pg's overloads cannot be re-declared one by one; this forwards all of them.
	override query(...args: unknown[]) {
		const last = args.at(-1)
		if (typeof last === 'function') {
			// pg.Pool calls the callback form.
			args[args.length - 1] = (err: Error | null, result: pg.QueryResult<unknown[]>) =>
				(last as (e: Error | null, r: unknown) => void)(err, err ? result : reportNamesAsText(result))
			// @ts-expect-error same overloads as above
			return super.query(...args)
		}
		// @ts-expect-error same overloads as above
		return (super.query(...args) as Promise<pg.QueryResult<unknown[]>>).then(reportNamesAsText)
	}
}

type PgConnection = Awaited<ReturnType<PrismaPg['connect']>>

/**
 * adapter-pg runs a script by splitting it at every ";", which cuts a PL/pgSQL function body (our
 * triggers) apart. A migration is sent whole instead, as one simple query: PostgreSQL parses the
 * statements itself and runs them as one implicit transaction.
 */
function withWholeScripts(connection: PgConnection, pool: pg.Pool): PgConnection {
	return withOverrides(connection, {
		async executeScript(script: string) {
			try {
				await pool.query(script)
			} catch (error) {
				;(connection as unknown as { onError(error: unknown): never }).onError(error)
			}
		},
	})
}

/**
 * PostgreSQL: discrete connection fields (a connectionString would silently point the shadow
 * connection at the main database), introspection-safe types, whole migration scripts, and a
 * shadow database that we create and drop ourselves after its pool is closed.
 */
export function createPgMigrationAdapter(url: string) {
	const clientConfig = parseIntoClientConfig(url)
	const poolFor = (database?: string) =>
		new pg.Pool({
			...clientConfig,
			...(database ? { database } : {}),
			Client: IntrospectionSafeClient as unknown as typeof pg.Client,
			// Idle pooled connections must not keep the CLI running once it is done.
			allowExitOnIdle: true,
		})
	const mainPool = poolFor()
	const factory = new PrismaPg(mainPool)
	return withOverrides(factory, {
		async connect() {
			return withWholeScripts(await factory.connect(), mainPool)
		},
		async connectToShadowDb() {
			const admin = await factory.connect()
			const database = `skillproof_shadow_${crypto.randomUUID().replaceAll('-', '')}`
			await admin.executeScript(`CREATE DATABASE "${database}"`)
			const pool = poolFor(database)
			const shadow = withWholeScripts(await new PrismaPg(pool).connect(), pool)
			return withOverrides(shadow, {
				async dispose() {
					await shadow.dispose()
					await pool.end()
					await admin.executeScript(`DROP DATABASE IF EXISTS "${database}"`)
					await admin.dispose()
				},
			})
		},
	})
}
