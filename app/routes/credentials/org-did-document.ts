import { data } from 'react-router'
import type { Route } from './+types/org-did-document'
import { orgDidOfSlug, siteDidDocument } from '~/issuing/org-issuers.server'

/**
 * An organisation's DID document (did:web:<host>:orgs:<slug> resolves to /orgs/<slug>/did.json):
 * every key it has signed with. Public, readable cross-origin; 404 for an organisation that has
 * never issued.
 */
export async function loader({ params }: Route.LoaderArgs) {
	if (!/^[a-z0-9-]{1,100}$/.test(params.slug)) throw data('There is no DID document at this address.', { status: 404 })
	let document: Record<string, unknown>
	try {
		document = await siteDidDocument(orgDidOfSlug(params.slug))
	} catch {
		throw data('There is no DID document at this address.', { status: 404 })
	}
	return new Response(JSON.stringify(document, null, 2), {
		headers: {
			'Content-Type': 'application/did+json',
			'Access-Control-Allow-Origin': '*',
			'Cache-Control': 'public, max-age=300',
		},
	})
}
