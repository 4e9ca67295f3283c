/** The reports' address parameters, validated: anything malformed falls back to the default. */
import { z } from 'zod'
import { PATH_STATES } from './report-states'

export const reportQuerySchema = z.object({
	path: z
		.string()
		.regex(/^[a-z0-9-]{1,80}$/)
		.optional()
		.catch(undefined),
	state: z.enum(PATH_STATES).optional().catch(undefined),
	page: z.coerce.number().int().min(1).max(100_000).catch(1),
})

/** The path asked for if it exists, else the first path. */
export function pickPath<T extends { slug: string }>(paths: T[], asked: string | undefined): T | undefined {
	return paths.find((p) => p.slug === asked) ?? paths[0]
}

/** A team in an address: a team id, or 'none' for people in no team. */
export const teamParamSchema = z.union([z.literal('none'), z.string().regex(/^[a-z0-9]{1,40}$/)])

/** The item analysis page's parameters: the path, and which attempts count (all, or each learner's first). */
export const itemAnalysisQuerySchema = reportQuerySchema.pick({ path: true }).extend({
	attempts: z.enum(['all', 'first']).catch('all'),
})
