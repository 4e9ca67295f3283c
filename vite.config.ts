import { reactRouter } from '@react-router/dev/vite'
import tailwindcss from '@tailwindcss/vite'
import { defineConfig, type Plugin } from 'vite'

/**
 * The signing thread of bulk issuing is an entry of the server build of its own, written beside the
 * server bundle as build/server/signing-thread.js (see app/issuing/signing-pool.server.ts). React
 * Router names every server entry index.js; this keeps that name for the server's entry only.
 */
const signingThreadEntry: Plugin = {
	name: 'skillproof:signing-thread-entry',
	applyToEnvironment: (environment) => environment.name === 'ssr',
	outputOptions(options) {
		const named = options.entryFileNames
		return {
			...options,
			entryFileNames: (chunk) =>
				chunk.name === 'signing-thread'
					? 'signing-thread.js'
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
				rollupOptions: { input: { index: './server/app.ts', 'signing-thread': './app/issuing/signing-thread.ts' } },
			},
		},
	},
	plugins: [tailwindcss(), reactRouter(), signingThreadEntry],
	resolve: { tsconfigPaths: true },
})
