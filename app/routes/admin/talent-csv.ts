import type { Route } from './+types/talent-csv'
import { requireAdminMembership } from '~/auth/auth.server'
import { verificationUrl } from '~/issuing/issuer.server'
import { talentCsv, talentQuerySchema } from '~/orgs/talent-search.server'

/** Everyone the talent search finds, as CSV, with a verification link (or the credential's id) as proof. */
export async function loader({ request, context }: Route.LoaderArgs) {
	const membership = requireAdminMembership(context)
	const query = talentQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
	const csv = await talentCsv(membership.orgId, query, verificationUrl)
	if (csv === null) throw new Response('Choose a skill to search for.', { status: 400 })
	const name = `talent-${query.skill!.replace(/[^a-z0-9]+/gi, '-')}-level-${query.level}-${new Date().toISOString().slice(0, 10)}.csv`
	return new Response(csv, {
		headers: {
			'Content-Type': 'text/csv; charset=utf-8',
			'Content-Disposition': `attachment; filename="${name}"`,
			'Cache-Control': 'private, no-store',
		},
	})
}
