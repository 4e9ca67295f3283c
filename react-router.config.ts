import type { Config } from '@react-router/dev/config'

export default {
	ssr: true,
	// The whole route manifest ships as one cached file with the client build. The default ("lazy")
	// computes a partial manifest for every page on the server, matching each parent URL against
	// every route again: a tenth of a lesson page's server time.
	routeDiscovery: { mode: 'initial' },
	// Turned on now so that moving to React Router 8 is a version bump.
	future: {
		v8_middleware: true,
		v8_splitRouteModules: true,
		v8_viteEnvironmentApi: true,
		v8_passThroughRequests: true,
		v8_trailingSlashAwareDataRequests: true,
	},
} satisfies Config
