import type { Route } from './+types/sso-callback'
import { landingPath } from '~/auth/landing.server'
import { serializeSessionCookie } from '~/auth/cookie.server'
import { redirectWithFlash } from '~/http/flash.server'
import { finishSso, ssoRedirectUri, ssoStateCookie } from '~/orgs/sso/sso.server'

/** Where the provider sends the browser back: the sign-in is finished, or refused with the reason. */
export async function loader({ request }: Route.LoaderArgs) {
	const state = (await ssoStateCookie.parse(request.headers.get('Cookie'))) as unknown
	// The address as registered at the provider, whatever proxy the request came through.
	const callback = new URL(`${ssoRedirectUri()}${new URL(request.url).search}`)
	const outcome = await finishSso(callback, typeof state === 'string' ? state : null)
	const headers = new Headers()
	headers.append('Set-Cookie', await ssoStateCookie.serialize('', { maxAge: 0 }))
	if (!outcome.ok) return redirectWithFlash('/sign-in', { kind: 'error', message: outcome.message }, { headers })
	headers.append('Set-Cookie', await serializeSessionCookie(outcome.token, outcome.expiresAt))
	const target = outcome.redirectTo || (await landingPath(outcome.userId))
	return redirectWithFlash(target, { kind: 'success', message: 'You are signed in.' }, { headers })
}
