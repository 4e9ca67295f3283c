import { expect, test } from 'vitest'
import { loader } from './readyz'

test('/readyz answers 503 before the process has prepared itself, never cached', async () => {
	// The test process never ran prepareDatabase, so its own readiness is still starting.
	const response = await loader()
	expect(response.status).toBe(503)
	expect(response.headers.get('Cache-Control')).toBe('no-store')
	expect(await response.json()).toMatchObject({ status: 'starting', database: true })
})
