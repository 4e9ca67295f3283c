import type { Route } from './+types/own-json'
import { requireUser } from '~/auth/auth.server'
import { getOwnCredential } from '~/issuing/wallet.server'

/** The holder's download of their signed credential (works with the public link off too). */
export async function loader({ params, request, context }: Route.LoaderArgs) {
	const { user } = requireUser(context, request)
	const credential = await getOwnCredential(user.id, params.credentialId)
	if (!credential) return Response.json({ message: 'There is no such credential of yours.' }, { status: 404 })
	return new Response(credential.document, {
		headers: {
			'Content-Type': 'application/ld+json',
			'Content-Disposition': `attachment; filename="${credential.pathSlug}-credential.json"`,
			'Cache-Control': 'private, no-store',
		},
	})
}
