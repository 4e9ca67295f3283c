import type { Config } from '@react-router/dev/config'
import site from '../../react-router.config'

// The baseline of the benchmark: React Router's server rendering with nothing of Skillproof in it,
// built with the site's own options (../../react-router.config.ts) into ./build.
export default { ...site, buildDirectory: 'build' } satisfies Config
