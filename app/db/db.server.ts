import { config } from '../config.server'
import { createDatabaseClient, type Database } from './client.server'

export type { Database }

declare global {
	var __skillproofDb: Database | undefined
}

/**
 * The app's client, as Prisma makes it (with its adapter): its errors reach the caller as they are.
 * One client per process, kept on globalThis so development reloads do not open new pools. A
 * database that does not answer is recognised by unavailable.server.ts; a request that meets one is
 * answered by the HTTP layer (app/http/database-unavailable.server.ts), background jobs log and retry.
 */
export const db: Database = (globalThis.__skillproofDb ??= createDatabaseClient(config.DATABASE_URL))
