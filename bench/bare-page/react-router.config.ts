import type { Config } from '@react-router/dev/config'

// The baseline of the benchmark: React Router's server rendering with nothing of Skillproof in it.
// Built into ./build with the same options as the site (see ../../react-router.config.ts).
export default {
	ssr: true,
	buildDirectory: 'build',
	routeDiscovery: { mode: 'initial' },
	future: {
		v8_middleware: true,
		v8_splitRouteModules: true,
		v8_viteEnvironmentApi: true,
		v8_passThroughRequests: true,
		v8_trailingSlashAwareDataRequests: true,
	},
} satisfies Config
