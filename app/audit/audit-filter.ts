/** The audit log's filters, read from the address (the page and its CSV export share them). */
import { z } from 'zod'
import type { AuditAction, AuditFilter } from './audit.server'

const ACTIONS = [
	'credential.revoke',
	'credential.suspend',
	'credential.reinstate',
	'team.create',
	'team.rename',
	'team.archive',
	'team.restore',
	'member.move',
	'member.invite',
	'invitation.revoke',
	'people.import',
	'assignment.create',
] as const satisfies readonly AuditAction[]

const day = z
	.string()
	.regex(/^\d{4}-\d{2}-\d{2}$/)
	.refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)))

/** Malformed values fall back to "no filter" rather than failing the page. */
const auditQuerySchema = z.object({
	action: z.enum(ACTIONS).optional().catch(undefined),
	from: day.optional().catch(undefined),
	to: day.optional().catch(undefined),
	page: z.coerce.number().int().min(1).max(100_000).catch(1),
})

export function parseAuditQuery(params: URLSearchParams) {
	const query = auditQuerySchema.parse(Object.fromEntries(params))
	const filter: AuditFilter = {
		action: query.action,
		from: query.from ? new Date(`${query.from}T00:00:00Z`) : undefined,
		// "To" includes that whole day (UTC).
		to: query.to ? new Date(Date.parse(`${query.to}T00:00:00Z`) + 24 * 3600 * 1000) : undefined,
	}
	return { query, filter }
}
