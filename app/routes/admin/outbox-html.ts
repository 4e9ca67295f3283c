import type { Route } from './+types/outbox-html'
import { requireAdminMembership } from '~/auth/auth.server'
import { getOutboxHtml } from '~/email/outbox.server'

/**
 * The HTML part of one email of the organisation's outbox, as kept (private links withheld), shown
 * in a frame of the outbox page. It is HTML the site did not write as a page of its own, so
 * server/security-headers.ts answers this address with a policy of its own: no script at all,
 * nothing loaded but the email's inline styles, a sandbox, and framing by this site only.
 */
export async function loader({ params, context }: Route.LoaderArgs) {
	const membership = requireAdminMembership(context)
	const html = /^[A-Za-z0-9_-]{1,64}$/.test(params.emailId)
		? await getOutboxHtml(membership.orgId, params.emailId)
		: null
	if (html === null) throw new Response('There is no such email in your organisation’s outbox.', { status: 404 })
	return new Response(html, {
		headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'private, no-store' },
	})
}
