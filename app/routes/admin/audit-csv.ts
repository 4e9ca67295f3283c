import type { Route } from './+types/audit-csv'
import { parseAuditQuery } from '~/audit/audit-filter'
import { streamAuditCsv } from '~/audit/audit.server'
import { requireAdminMembership } from '~/auth/auth.server'

/** The filtered audit log as CSV, streamed row batch by row batch. */
export function loader({ request, context }: Route.LoaderArgs) {
	const membership = requireAdminMembership(context)
	const { filter } = parseAuditQuery(new URL(request.url).searchParams)
	return new Response(streamAuditCsv(membership.orgId, filter), {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="audit-log-${new Date().toISOString().slice(0, 10)}.csv"`,
			'Cache-Control': 'private, no-store',
		},
	})
}
