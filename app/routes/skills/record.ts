import type { Route } from './+types/record'
import { requireUser } from '~/auth/auth.server'
import { createSkillsRecord } from '~/issuing/skills-record.server'

/** The learner's whole record as one signed document, made fresh on each download. */
export async function loader({ request, context }: Route.LoaderArgs) {
	const { user } = requireUser(context, request)
	const now = new Date()
	const record = await createSkillsRecord(user.id, now)
	if (!record)
		return Response.json({ message: 'You hold no credentials yet, so there is no record to export.' }, { status: 404 })
	return new Response(JSON.stringify(record, null, 2), {
		headers: {
			'Content-Type': 'application/ld+json',
			'Content-Disposition': `attachment; filename="skills-record-${now.toISOString().slice(0, 10)}.json"`,
			'Cache-Control': 'private, no-store',
		},
	})
}
