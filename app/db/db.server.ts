import { config } from '../config.server'
import { createDatabaseClient, type Database } from './client.server'
import { toUnavailableResponse } from './unavailable.server'

export type { Database }

declare global {
	var __skillproofDb: Database | undefined
}

/** The app's client: a database that does not answer reaches the caller as a 503 (see unavailable.server.ts). */
function createAppDatabase(url: string): Database {
	return createDatabaseClient(url).$extends({
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
}

// One client per process; kept on globalThis so development reloads do not open new pools.
export const db: Database = (globalThis.__skillproofDb ??= createAppDatabase(config.DATABASE_URL))
