import type { Route } from './+types/reports-csv'
import { requireAdminMembership } from '~/auth/auth.server'
import { listPaths } from '~/content/catalog.server'
import { pickPath, reportQuerySchema, teamParamSchema } from '~/orgs/report-query'
import { streamPathReportCsv } from '~/orgs/reports.server'
import { getOrgTeam } from '~/orgs/teams.server'

/** A path's report as CSV, one row per active member (of one team with `team`), streamed in batches. */
export async function loader({ request, context }: Route.LoaderArgs) {
	const membership = requireAdminMembership(context)
	const params = new URL(request.url).searchParams
	const query = reportQuerySchema.parse(Object.fromEntries(params))
	const path = pickPath(listPaths(), query.path)
	if (!path) throw new Response('There are no learning paths yet.', { status: 404 })
	let team: string | null = null
	if (params.has('team')) {
		const parsed = teamParamSchema.safeParse(params.get('team'))
		const known =
			parsed.success && (parsed.data === 'none' || (await getOrgTeam(membership.orgId, parsed.data)) !== null)
		if (!parsed.success || !known) throw new Response('There is no such team in your organisation.', { status: 404 })
		team = parsed.data
	}
	const name = `report-${path.slug}${team ? `-${team}` : ''}-${new Date().toISOString().slice(0, 10)}.csv`
	return new Response(streamPathReportCsv(membership.orgId, path.slug, team), {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="${name}"`,
			'Cache-Control': 'private, no-store',
		},
	})
}
