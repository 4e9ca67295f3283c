import { config } from '../config.server'
import { createDatabaseClient, type Database } from './client.server'

export type { Database }

declare global {
	var __skillproofDb: Database | undefined
}

// One client per process; kept on globalThis so development reloads do not open new pools.
export const db: Database = (globalThis.__skillproofDb ??= createDatabaseClient(config.DATABASE_URL))
