import { data } from 'react-router'
import type { Route } from './+types/org-logo'
import { getOrgLogo } from '~/issuing/issuer-profile.server'
import { orgDidOfSlug } from '~/issuing/org-issuers.server'

/**
 * An organisation's logo, as its credentials name it (`image` of their issuer). Public and readable
 * cross-origin. An SVG was cleaned when it was uploaded; it is served besides under a policy that
 * runs no script and loads nothing, as an image in a sandbox (with the site's own headers, nosniff
 * among them, which every response carries).
 */
export async function loader({ params }: Route.LoaderArgs) {
	const missing = () => data('There is no logo at this address.', { status: 404 })
	if (!/^[a-z0-9-]{1,100}$/.test(params.slug)) throw missing()
	const logo = await getOrgLogo(orgDidOfSlug(params.slug))
	if (!logo) throw missing()
	return new Response(logo.bytes, {
		headers: {
			'Content-Type': logo.type,
			'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'; sandbox",
			'Access-Control-Allow-Origin': '*',
			'Cache-Control': 'public, max-age=300',
		},
	})
}
