/**
 * Readiness, for a proxy or an orchestrator deciding where to send traffic: unlike /healthz (is the
 * database reachable?), an instance is ready only once it has prepared itself (signing key, demo
 * data), every migration it ships with is applied to the database (another instance or a release
 * step may still be migrating), and the compiled learning content loads; and it stops being ready
 * the moment it is asked to shut down, while its in-flight requests finish.
 */
import fs from 'node:fs'
import path from 'node:path'
import { config } from '../config.server'
import { listPaths } from '../content/catalog.server'
import { db } from '../db/db.server'
import { checkDatabase } from '../db/health.server'

export type ReadinessState = 'ready' | 'starting' | 'stopping' | 'unavailable'

export type Readiness = {
	status: ReadinessState
	database: boolean
	/** Migrations this build ships that the database has not applied; null when it was not asked. */
	pendingMigrations: string[] | null
	content: boolean
}

/** The migration folders of this build for the configured database. */
export function migrationsDirFor(root: string) {
	return path.join(root, config.databaseProvider === 'postgresql' ? 'prisma/postgres/migrations' : 'prisma/migrations')
}

async function findPendingMigrations(dir: string): Promise<string[]> {
	const shipped = fs
		.readdirSync(dir, { withFileTypes: true })
		.filter((entry) => entry.isDirectory())
		.map((entry) => entry.name)
	const applied = await db.$queryRaw<Array<{ migration_name: string }>>`
		SELECT "migration_name" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL`
	const done = new Set(applied.map((row) => row.migration_name))
	return shipped.filter((name) => !done.has(name)).sort()
}

function contentLoads() {
	try {
		listPaths()
		return true
	} catch {
		return false
	}
}

export function createReadiness() {
	let migrationsDir: string | null = null
	let stopping = false
	// Once every migration is applied it stays so for the life of this build: stop asking.
	let migrated = false

	return {
		/** Called when the instance has prepared itself, with the folder of the migrations it ships. */
		markPrepared(dir: string) {
			migrationsDir = dir
		},
		/** Called on SIGTERM: from now on the instance answers 503, while in-flight requests finish. */
		markStopping() {
			stopping = true
		},
		async check(): Promise<Readiness> {
			const database = (await checkDatabase()).ok
			let pendingMigrations: string[] | null = null
			if (database && migrationsDir && !migrated) {
				pendingMigrations = await findPendingMigrations(migrationsDir).catch(() => null)
				migrated = pendingMigrations?.length === 0
			} else if (migrated) {
				pendingMigrations = []
			}
			const content = contentLoads()
			const status: ReadinessState = stopping
				? 'stopping'
				: !database
					? 'unavailable'
					: !migrationsDir || pendingMigrations?.length !== 0 || !content
						? 'starting'
						: 'ready'
			return { status, database, pendingMigrations, content }
		},
	}
}

/** This process's readiness (server/app.ts marks it; /readyz reports it). */
export const readiness = createReadiness()
