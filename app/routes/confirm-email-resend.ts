import { redirect } from 'react-router'
import type { Route } from './+types/confirm-email-resend'
import { requireUser } from '~/auth/auth.server'
import { resendVerification } from '~/auth/email-verification.server'
import { redirectWithFlash } from '~/http/flash.server'
import { safeRedirectPath } from '~/http/safe-redirect'

/** Sends the signed-in person a new link to confirm their address, then goes back where they were. */
export async function action({ request, context }: Route.ActionArgs) {
	const { user } = requireUser(context, request)
	const form = await request.formData()
	const back = safeRedirectPath(form.get('returnTo'))
	const outcome = await resendVerification(user.id)
	if (!outcome.ok) return redirectWithFlash(back, { kind: 'error', message: outcome.message })
	return redirectWithFlash(back, {
		kind: 'success',
		message: `We sent a new link to ${outcome.email}. It works for 24 hours; earlier links no longer work.`,
	})
}

/** Nothing to show at this address: a person who opens it goes to their dashboard. */
export function loader({ request, context }: Route.LoaderArgs) {
	requireUser(context, request)
	return redirect('/dashboard')
}
