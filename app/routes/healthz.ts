import { getCompileCount } from '~/content/compile-counter'
import { checkDatabase } from '~/db/health.server'

/** 200 when the database answers, 503 when it does not; never cached. */
export async function loader() {
	const database = await checkDatabase()
	return Response.json(
		{ status: database.ok ? 'ok' : 'unavailable', database, mdxCompilations: getCompileCount() },
		{ status: database.ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
	)
}
