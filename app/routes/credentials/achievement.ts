import type { Route } from './+types/achievement'
import { getPath } from '~/content/catalog.server'
import { getAchievementDocument } from '~/issuing/achievements.server'

/**
 * What a credential's `achievement.id` points at: the achievement as JSON, as credentials of the
 * path's current version carry it. Older versions answer 410: their credentials carry
 * the achievement as it was when signed.
 */
export function loader({ params }: Route.LoaderArgs) {
	const path = getPath(params.pathSlug)
	if (!path) return Response.json({ message: 'There is no such achievement.' }, { status: 404 })
	if (params.version !== `v${path.version}`) {
		const status = /^v\d+$/.test(params.version) && Number(params.version.slice(1)) < path.version ? 410 : 404
		return Response.json(
			{ message: status === 410 ? 'This version of the achievement has been replaced.' : 'There is no such version.' },
			{ status },
		)
	}
	return Response.json(getAchievementDocument(path), {
		headers: { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'public, max-age=3600' },
	})
}
