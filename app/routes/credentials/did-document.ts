import { getDidDocument } from '~/issuing/issuer.server'

/** The issuer's DID document (did:web resolves to /.well-known/did.json). Public, readable cross-origin. */
export async function loader() {
	return new Response(JSON.stringify(await getDidDocument(), null, 2), {
		headers: {
			'Content-Type': 'application/did+json',
			'Access-Control-Allow-Origin': '*',
			'Cache-Control': 'public, max-age=300',
		},
	})
}
