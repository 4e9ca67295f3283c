import { spawnSync } from 'node:child_process'
import path from 'node:path'

export const root = path.resolve(import.meta.dirname, '..')

/** The machine's own server, as CI and .ci/run provide it (trust authentication). */
export const MACHINE_POSTGRES_URL = 'postgresql://postgres@127.0.0.1:5432/postgres'

/**
 * The PostgreSQL server used for schema diffs and tests; its shadow databases are made and dropped.
 * scripts/with-postgres.ts sets it for `npm test` and the benchmarks, starting a server when none answers.
 */
export const POSTGRES_ADMIN_URL = process.env.POSTGRES_ADMIN_URL || MACHINE_POSTGRES_URL

export const providers = {
	sqlite: {
		schema: 'prisma/schema.prisma',
		migrations: 'prisma/migrations',
		// Diffs need no database of their own: only the (in-memory) shadow database is used.
		url: 'file::memory:',
	},
	postgresql: {
		schema: 'prisma/postgres/schema.prisma',
		migrations: 'prisma/postgres/migrations',
		url: POSTGRES_ADMIN_URL,
	},
} as const

export type Provider = keyof typeof providers

export function runPrisma(args: string[], databaseUrl: string) {
	const result = spawnSync(path.join(root, 'node_modules/.bin/prisma'), args, {
		cwd: root,
		env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: '1' },
		encoding: 'utf8',
	})
	return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr }
}

/** SQL that takes the migration history of `provider` to its schema (empty when they match). */
export function diffMigrationsToSchema(provider: Provider, extra: string[] = []) {
	const p = providers[provider]
	return runPrisma(
		['migrate', 'diff', '--from-migrations', p.migrations, '--to-schema-datamodel', p.schema, '--script', ...extra],
		p.url,
	)
}
