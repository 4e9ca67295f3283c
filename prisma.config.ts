import { defineConfig } from 'prisma/config'
import { DEFAULT_DATABASE_URL, getDatabaseProvider } from './app/database-url.ts'
import { createPgMigrationAdapter, createSqliteMigrationAdapter } from './prisma/migration-adapters.ts'

process.env.CHECKPOINT_DISABLE = '1'
const url = (process.env.DATABASE_URL ||= DEFAULT_DATABASE_URL)
const provider = getDatabaseProvider(url)
if (!provider) {
	console.error(`DATABASE_URL must start with file: (SQLite) or postgresql:// — got "${url}".`)
	process.exit(1)
}

// The WebAssembly schema engine leaves 10–60 s timers behind that keep the CLI alive after its
// work is done; letting long timers not hold the process open makes the CLI exit when it is done.
const setTimeoutOriginal = globalThis.setTimeout
globalThis.setTimeout = ((handler: () => void, ms?: number, ...rest: unknown[]) => {
	const timer = setTimeoutOriginal(handler, ms, ...rest)
	if ((ms ?? 0) >= 10_000) (timer as unknown as NodeJS.Timeout).unref()
	return timer
}) as typeof setTimeout

export default defineConfig({
	experimental: { adapter: true },
	engine: 'js',
	schema: provider === 'postgresql' ? 'prisma/postgres/schema.prisma' : 'prisma/schema.prisma',
	adapter: async () => (provider === 'postgresql' ? createPgMigrationAdapter(url) : createSqliteMigrationAdapter(url)),
})
