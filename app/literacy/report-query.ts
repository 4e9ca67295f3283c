/**
 * The evidence report's address parameters: the day it is as of, and a team. A day is read as the end of that
 * day (UTC); today, or no day, as now. A day in the future or before the records began is refused with a
 * message and the report shows today.
 */
import { z } from 'zod'
import { teamParamSchema } from '../orgs/report-query'

export const evidenceQuerySchema = z.object({
	asOf: z
		.string()
		.regex(/^\d{4}-\d{2}-\d{2}$/)
		.optional()
		.catch(undefined),
	team: teamParamSchema.optional().catch(undefined),
})
export type EvidenceQuery = z.infer<typeof evidenceQuerySchema>

const EARLIEST = '2024-01-01'

export type AsOf = {
	/** The moment the records are read at. */
	moment: Date
	/** The day shown, YYYY-MM-DD. */
	day: string
	/** Why the day asked for was not used, if it was not. */
	problem: string | null
}

export function asOfMoment(day: string | undefined, now = new Date()): AsOf {
	const today = now.toISOString().slice(0, 10)
	if (day === undefined || day === today) return { moment: now, day: today, problem: null }
	const end = new Date(`${day}T23:59:59.999Z`)
	if (Number.isNaN(end.getTime()) || end.toISOString().slice(0, 10) !== day)
		return { moment: now, day: today, problem: `${day} is not a date; the report shows today.` }
	if (day > today)
		return { moment: now, day: today, problem: 'A report cannot be dated in the future; it shows today.' }
	if (day < EARLIEST)
		return { moment: now, day: today, problem: `The records begin in ${EARLIEST.slice(0, 4)}; the report shows today.` }
	return { moment: end, day, problem: null }
}

/** What a page or file of the report asks for by its address: the query, the day read and the scope. */
export function evidenceRequest(url: URL) {
	const query = evidenceQuerySchema.parse(Object.fromEntries(url.searchParams))
	const asOf = asOfMoment(query.asOf)
	const scope: { teamId?: string | null } =
		query.team === undefined ? {} : { teamId: query.team === 'none' ? null : query.team }
	return { query, asOf, scope }
}
