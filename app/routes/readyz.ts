import { readiness } from '~/ops/readiness.server'

/** 200 when this instance should take traffic, 503 while it starts, cannot reach its database, or stops. */
export async function loader() {
	const state = await readiness.check()
	return Response.json(state, {
		status: state.status === 'ready' ? 200 : 503,
		headers: { 'Cache-Control': 'no-store' },
	})
}
