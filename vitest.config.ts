import { defineConfig } from 'vitest/config'

export default defineConfig({
	resolve: { tsconfigPaths: true },
	test: {
		include: ['app/**/*.test.ts', 'prisma/**/*.test.ts', 'scripts/**/*.test.ts', 'server/**/*.test.ts'],
		globalSetup: ['tests/setup/vitest-global.ts'],
		setupFiles: ['tests/setup/vitest-file.ts'],
		pool: 'forks',
		testTimeout: 20_000,
		hookTimeout: 60_000,
	},
})
