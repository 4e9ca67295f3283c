import type { Route } from './+types/ai-literacy-csv'
import { requireAdminMembership } from '~/auth/auth.server'
import { verificationUrl } from '~/issuing/issuer.server'
import { evidenceCsv } from '~/literacy/evidence-detail.server'
import { getEvidenceReport } from '~/literacy/evidence.server'
import { asOfMoment, evidenceQuerySchema } from '~/literacy/report-query'
import { listTeams } from '~/orgs/teams.server'

/** The evidence report as CSV: every holder's every requirement on the day, with the credential that meets it. */
export async function loader({ request, context }: Route.LoaderArgs) {
	const membership = requireAdminMembership(context)
	const query = evidenceQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
	const asOf = asOfMoment(query.asOf)
	const scope = query.team === undefined ? {} : { teamId: query.team === 'none' ? null : query.team }
	const [report, teams] = await Promise.all([
		getEvidenceReport(membership.orgId, asOf.moment, scope),
		listTeams(membership.orgId),
	])
	const { csv, sha256 } = await evidenceCsv(report, new Map(teams.map((t) => [t.id, t.name])), verificationUrl)
	return new Response(csv, {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="ai-literacy-evidence-${asOf.day}.csv"`,
			'Cache-Control': 'private, no-store',
			// The hash the PDF of the same day and scope prints, to tie the two together.
			'X-Content-SHA256': sha256,
		},
	})
}
