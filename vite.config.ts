import { reactRouter } from '@react-router/dev/vite'
import tailwindcss from '@tailwindcss/vite'
import { defineConfig } from 'vite'

export default defineConfig({
	// The server build's entry is our Express app, which imports the React Router build itself.
	environments: { ssr: { build: { rollupOptions: { input: './server/app.ts' } } } },
	plugins: [tailwindcss(), reactRouter()],
	resolve: { tsconfigPaths: true },
})
