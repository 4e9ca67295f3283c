import { defineConfig } from 'vitest/config'

export default defineConfig({
	resolve: { tsconfigPaths: true },
	test: {
		include: ['app/**/*.test.ts', 'prisma/**/*.test.ts', 'scripts/**/*.test.ts', 'server/**/*.test.ts'],
		globalSetup: ['tests/setup/vitest-global.ts'],
		setupFiles: ['tests/setup/vitest-file.ts'],
		// Worker threads start faster than processes. Three of them, not the default (one fewer than the cores:
		// one on a 2-core machine), since much of a test's time is spent waiting on a database or a child
		// process: on 2 cores, 3 workers take the SQLite run from 193 s to 118 s.
		pool: 'threads',
		maxWorkers: 3,
		testTimeout: 20_000,
		hookTimeout: 60_000,
	},
})
