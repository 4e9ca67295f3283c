import type { Route } from './+types/item-analysis-csv'
import { requireAdminMembership } from '~/auth/auth.server'
import { listPaths } from '~/content/catalog.server'
import { getItemAnalysis, itemAnalysisCsv } from '~/orgs/item-analysis.server'
import { itemAnalysisQuerySchema, pickPath } from '~/orgs/report-query'

/** The item analysis of a path as CSV, one row per bank question. */
export async function loader({ request, context }: Route.LoaderArgs) {
	const membership = requireAdminMembership(context)
	const query = itemAnalysisQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
	const path = pickPath(listPaths(), query.path)
	if (!path) throw new Response('There are no learning paths yet.', { status: 404 })
	const analysis = await getItemAnalysis(membership.orgId, path, query.attempts)
	const name = `item-analysis-${path.slug}-${query.attempts}-${new Date().toISOString().slice(0, 10)}.csv`
	return new Response(itemAnalysisCsv(analysis), {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="${name}"`,
			'Cache-Control': 'private, no-store',
		},
	})
}
