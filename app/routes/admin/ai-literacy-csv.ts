import type { Route } from './+types/ai-literacy-csv'
import { requireAdminMembership } from '~/auth/auth.server'
import { verificationUrl } from '~/issuing/issuer.server'
import { evidenceCsvPieces } from '~/literacy/evidence-detail.server'
import { getEvidenceReport } from '~/literacy/evidence.server'
import { asOfMoment, evidenceQuerySchema } from '~/literacy/report-query'
import { listTeams } from '~/orgs/teams.server'

/**
 * The evidence report as CSV: every holder's every requirement on the day, with the credential that meets it,
 * sent piece by piece as it is written (the PDF of the same day and scope prints this file's SHA-256).
 */
export async function loader({ request, context }: Route.LoaderArgs) {
	const membership = requireAdminMembership(context)
	const query = evidenceQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
	const asOf = asOfMoment(query.asOf)
	const scope = query.team === undefined ? {} : { teamId: query.team === 'none' ? null : query.team }
	const [report, teams] = await Promise.all([
		getEvidenceReport(membership.orgId, asOf.moment, scope),
		listTeams(membership.orgId),
	])
	const pieces = evidenceCsvPieces(report, new Map(teams.map((t) => [t.id, t.name])), verificationUrl)
	const encoder = new TextEncoder()
	const body = new ReadableStream<Uint8Array>({
		async pull(controller) {
			const next = await pieces.next()
			if (next.done) controller.close()
			else controller.enqueue(encoder.encode(next.value))
		},
		async cancel() {
			await pieces.return(undefined)
		},
	})
	return new Response(body, {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="ai-literacy-evidence-${asOf.day}.csv"`,
			'Cache-Control': 'private, no-store',
		},
	})
}
