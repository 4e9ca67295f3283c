import type { Route } from './+types/badge'
import { getPath } from '~/content/catalog.server'
import { badgeSvg } from '~/credentials/badge-image'

/** /badges/<path>.svg: the achievement image credentials point at. */
export function loader({ params }: Route.LoaderArgs) {
	const slug = params.file.endsWith('.svg') ? params.file.slice(0, -4) : null
	const path = slug ? getPath(slug) : undefined
	if (!path) return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain' } })
	return new Response(badgeSvg(path.credential.name, path.topic), {
		headers: {
			'Content-Type': 'image/svg+xml',
			'Access-Control-Allow-Origin': '*',
			'Cache-Control': 'public, max-age=86400',
		},
	})
}
