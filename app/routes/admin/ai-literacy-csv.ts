import type { Route } from './+types/ai-literacy-csv'
import { requireAdminMembership } from '~/auth/auth.server'
import { verificationUrl } from '~/issuing/issuer.server'
import { evidenceCsvPieces, evidenceForRequest } from '~/literacy/evidence-detail.server'

/**
 * The evidence report as CSV: every holder's every requirement on the day, with the credential that meets it,
 * sent piece by piece as it is written (the PDF of the same day and scope prints this file's SHA-256).
 */
export async function loader({ request, context }: Route.LoaderArgs) {
	const membership = requireAdminMembership(context)
	const { asOf, report, teamNames } = await evidenceForRequest(membership.orgId, new URL(request.url))
	const pieces = evidenceCsvPieces(report, teamNames, verificationUrl)
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
