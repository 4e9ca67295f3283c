import { reactRouter } from '@react-router/dev/vite'
import tailwindcss from '@tailwindcss/vite'
import { defineConfig, type Plugin } from 'vite'

/**
 * The signing thread of bulk issuing and the verification thread of uploads are entries of the
 * server build of their own, written beside the server bundle as build/server/signing-thread.js and
 * verify-thread.js (see app/issuing/signing-pool.server.ts and verify-pool.server.ts). React Router
 * names every server entry index.js; this keeps that name for the server's entry only.
 */
const THREAD_ENTRIES = ['signing-thread', 'verify-thread']
const threadEntries: Plugin = {
	name: 'skillproof:signing-thread-entry',
	applyToEnvironment: (environment) => environment.name === 'ssr',
	outputOptions(options) {
		const named = options.entryFileNames
		return {
			...options,
			entryFileNames: (chunk) =>
				THREAD_ENTRIES.includes(chunk.name)
					? `${chunk.name}.js`
					: typeof named === 'function'
						? named(chunk)
						: (named ?? 'index.js'),
		}
	},
}

export default defineConfig({
	// The server build's entry is our Express app, which imports the React Router build itself.
	environments: {
		ssr: {
			build: {
				rollupOptions: {
					input: {
						index: './server/app.ts',
						'signing-thread': './app/issuing/signing-thread.ts',
						'verify-thread': './app/issuing/verify-thread.ts',
					},
				},
			},
		},
	},
	plugins: [tailwindcss(), reactRouter(), threadEntries],
	resolve: { tsconfigPaths: true },
})
