import type { Route } from './+types/status-list'
import { getStatusList } from '~/issuing/status-lists.server'

/**
 * A signed BitstringStatusListCredential. The ETag changes with every bit that changes; verifiers
 * revalidate after a minute at most, so a revocation is seen quickly.
 */
export async function loader({ params, request }: Route.LoaderArgs) {
	const id = /^[1-9]\d{0,9}$/.test(params.listId) ? Number(params.listId) : null
	const list = id === null ? null : await getStatusList(id)
	if (!list) {
		return Response.json({ message: 'There is no status list at this address.' }, { status: 404 })
	}
	const etag = `"status-${id}-${list.version}"`
	const headers = {
		'Content-Type': 'application/vc+ld+json',
		'Access-Control-Allow-Origin': '*',
		'Cache-Control': 'public, max-age=60, must-revalidate',
		ETag: etag,
	}
	if (request.headers.get('If-None-Match') === etag) return new Response(null, { status: 304, headers })
	return new Response(list.document, { headers })
}
