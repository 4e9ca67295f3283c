import type { Route } from './+types/credential-json'
import { getPublicCredential } from '~/issuing/wallet.server'

/** The signed credential exactly as issued (byte for byte), for wallets, verifiers and download. */
export async function loader({ params, request }: Route.LoaderArgs) {
	const row = await getPublicCredential(params.publicId)
	if (!row) return Response.json({ message: 'There is no credential at this address.' }, { status: 404 })
	const download = new URL(request.url).searchParams.has('download')
	return new Response(row.document, {
		headers: {
			'Content-Type': 'application/ld+json',
			'Access-Control-Allow-Origin': '*',
			'Cache-Control': 'no-store',
			...(download ? { 'Content-Disposition': `attachment; filename="${row.pathSlug}-credential.json"` } : {}),
		},
	})
}
