import { config } from '../config.server'
import { createDatabaseClient, type Database } from './client.server'
import { toUnavailableResponse } from './unavailable.server'

export type { Database }

declare global {
	var __skillproofDb: Database | undefined
}

/**
 * The app's client: a database that does not answer reaches the caller as a 503 (see
 * unavailable.server.ts), whether a query met it or the start of a transaction did (SQLite waiting
 * for the write lock past the busy timeout, PostgreSQL refusing the connection for BEGIN).
 */
export function createAppDatabase(url: string): Database {
	const client = createDatabaseClient(url).$extends({
		query: {
			async $allOperations({ args, query }) {
				try {
					return await query(args)
				} catch (error) {
					throw toUnavailableResponse(error)
				}
			},
		},
	}) as unknown as Database
	const transaction = client.$transaction.bind(client) as (...args: unknown[]) => Promise<unknown>
	return new Proxy(client, {
		get(target, property, receiver) {
			if (property !== '$transaction') return Reflect.get(target, property, receiver)
			return async (...args: unknown[]) => {
				try {
					return await transaction(...args)
				} catch (error) {
					throw toUnavailableResponse(error)
				}
			}
		},
	})
}

// One client per process; kept on globalThis so development reloads do not open new pools.
export const db: Database = (globalThis.__skillproofDb ??= createAppDatabase(config.DATABASE_URL))
