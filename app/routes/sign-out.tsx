import { redirect } from 'react-router'
import type { Route } from './+types/sign-out'
import { getPendingSession, getSession, redirectSignedOut } from '~/auth/auth.server'
import { invalidateSession } from '~/auth/session.server'

export function loader() {
	// Signing out changes state, so it is a POST only; a link here just goes home.
	return redirect('/')
}

export async function action({ context }: Route.ActionArgs) {
	const current = getSession(context) ?? getPendingSession(context)
	if (current) await invalidateSession(current.session.id)
	return redirectSignedOut('/', 'You are signed out.')
}
