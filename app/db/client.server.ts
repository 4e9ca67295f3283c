import { PrismaPg } from '@prisma/adapter-pg'
import { getDatabaseProvider, getSqliteFilePath } from '../database-url'
import { PrismaClient } from './generated/sqlite/client'
import { PrismaClient as PostgresPrismaClient } from './generated/postgres/client'
import { createSqliteAdapter } from './sqlite-adapter.server'

/**
 * Both generated clients have the same models; code is typed against the SQLite one, the
 * lowest common denominator, so nothing provider-specific slips in.
 */
export type Database = PrismaClient

export function createDatabaseClient(url: string): Database {
	const provider = getDatabaseProvider(url)
	if (provider === 'postgresql') {
		const client = new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) })
		return client as unknown as Database
	}
	if (provider === 'sqlite') {
		// A 5 s busy timeout lets concurrent writers wait for the lock instead of failing at once.
		return new PrismaClient({ adapter: createSqliteAdapter({ url: getSqliteFilePath(url), timeout: 5000 }) })
	}
	throw new Error(`Unsupported DATABASE_URL: ${url}`)
}
