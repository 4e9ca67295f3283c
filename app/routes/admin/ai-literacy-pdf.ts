import type { Route } from './+types/ai-literacy-pdf'
import { requireAdminMembership } from '~/auth/auth.server'
import { verificationUrl } from '~/issuing/issuer.server'
import { evidenceCsv, evidenceForRequest, evidenceGaps } from '~/literacy/evidence-detail.server'
import { renderEvidencePdf } from '~/literacy/evidence-pdf'
import { getStatement } from '~/literacy/statement.server'

/**
 * The most gaps the PDF lists (about 100 pages, a second or two to draw): beyond them it gives the totals and
 * points to the CSV, which lists every one.
 */
const PDF_GAPS = 2000

/**
 * The evidence report as a PDF dated "as of" the day: the statement, the roles and who is missing what, with
 * the SHA-256 of the CSV of the same day and scope, so that the two files can be shown to belong together.
 */
export async function loader({ request, context }: Route.LoaderArgs) {
	const membership = requireAdminMembership(context)
	const [{ query, asOf, report, teamNames }, statement] = await Promise.all([
		evidenceForRequest(membership.orgId, new URL(request.url)),
		getStatement(membership.orgId),
	])
	const { sha256 } = await evidenceCsv(report, teamNames, verificationUrl)
	const gaps = evidenceGaps(report, teamNames)
	const scopeLabel =
		query.team === undefined
			? 'Whole organisation'
			: query.team === 'none'
				? 'People in no team'
				: `Team: ${teamNames.get(query.team) ?? 'unknown'}`
	const pdf = await renderEvidencePdf({
		orgName: membership.orgName,
		asOf: asOf.moment,
		generatedAt: new Date(),
		scopeLabel,
		statement: statement.text,
		roles: report.roles.map((r) => ({
			name: r.name,
			paths: r.paths.map((p) => p.title),
			refreshMonths: r.refreshMonths,
			holders: r.holders,
			meeting: r.meeting,
			overdue: r.overdue,
		})),
		gaps: gaps.slice(0, PDF_GAPS),
		gapTotals: { total: gaps.length, overdue: gaps.filter((g) => g.state === 'overdue').length },
		contentHash: sha256,
	})
	return new Response(new Uint8Array(pdf), {
		headers: {
			'Content-Type': 'application/pdf',
			'Content-Disposition': `attachment; filename="ai-literacy-evidence-${asOf.day}.pdf"`,
			'Cache-Control': 'private, no-store',
		},
	})
}
