import { redirect } from 'react-router'
import type { Route } from './+types/sso-start'
import { requireAnonymous } from '~/auth/auth.server'
import { redirectWithFlash } from '~/http/flash.server'
import { safeRedirectPath } from '~/http/safe-redirect'
import { SsoError, ssoStateCookie, startSso } from '~/orgs/sso/sso.server'

/** An organisation's sign-in link: off to its OpenID Provider. */
export async function loader({ request, params, context }: Route.LoaderArgs) {
	requireAnonymous(context)
	const search = new URL(request.url).searchParams
	const hint = search.get('login_hint')
	try {
		const { url, state } = await startSso(params.slug, {
			// No page asked for: empty, and the sign-in lands where this person's role does.
			redirectTo: safeRedirectPath(search.get('redirectTo'), ''),
			...(hint && hint.length <= 254 ? { loginHint: hint } : {}),
		})
		return redirect(url, { headers: { 'Set-Cookie': await ssoStateCookie.serialize(state) } })
	} catch (error) {
		if (!(error instanceof SsoError)) throw error
		return redirectWithFlash('/sign-in', { kind: 'error', message: error.message })
	}
}
