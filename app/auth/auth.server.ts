import { createContext, data, redirect, type MiddlewareFunction, type RouterContextProvider } from 'react-router'
import { redirectWithFlash } from '../http/flash.server'
import { readSessionToken, serializeBlankSessionCookie, serializeSessionCookie } from './cookie.server'
import { isAdminRole, type MembershipSummary } from './roles'
import { validateSessionToken, type SessionValidation } from './session.server'

const sessionContext = createContext<SessionValidation | null>(null)
/** A session still waiting for its second step of sign-in: it counts for nothing else. */
const pendingSessionContext = createContext<SessionValidation | null>(null)
const membershipContext = createContext<MembershipSummary | null>(null)

/**
 * Root middleware: validates the session cookie once per request, before any loader or action,
 * refreshes the cookie when the expiry slid forward and clears a cookie that no longer matches. No
 * answer to a signed-in request is kept by any cache (a page, its .data, a file): it may show what
 * only that person may see, and a shared computer's back button or a proxy would show it again.
 */
export const sessionMiddleware: MiddlewareFunction<Response> = async ({ request, context }, next) => {
	const token = await readSessionToken(request)
	const validation = token ? await validateSessionToken(token) : null
	const pending = validation?.twoFactor === 'pending'
	context.set(sessionContext, pending ? null : validation)
	context.set(pendingSessionContext, pending ? validation : null)
	const response = await next()
	if (validation && !/\bno-store\b/.test(response.headers.get('Cache-Control') ?? '')) {
		response.headers.set('Cache-Control', 'private, no-store')
	}
	if (token && !validation && !response.headers.has('Set-Cookie')) {
		response.headers.append('Set-Cookie', await serializeBlankSessionCookie())
	} else if (token && validation?.renewed) {
		response.headers.append('Set-Cookie', await serializeSessionCookie(token, validation.session.expiresAt))
	}
	return response
}

export function getSession(context: Readonly<RouterContextProvider>): SessionValidation | null {
	return context.get(sessionContext)
}

export function getUser(context: Readonly<RouterContextProvider>) {
	return context.get(sessionContext)?.user ?? null
}

/** The signed-in user's primary membership (read with the session), or null. */
export function getMembership(context: Readonly<RouterContextProvider>): MembershipSummary | null {
	return context.get(sessionContext)?.membership ?? null
}

/** The session that has passed its password but not yet its second step, if any. */
export function getPendingSession(context: Readonly<RouterContextProvider>): SessionValidation | null {
	return context.get(pendingSessionContext)
}

/**
 * The signed-in user, or a redirect that comes back to this page afterwards: to the second step of
 * sign-in for a session waiting for it, else to sign-in.
 */
export function requireUser(context: Readonly<RouterContextProvider>, request: Request) {
	const validation = context.get(sessionContext)
	if (!validation) {
		const url = new URL(request.url)
		const redirectTo = `${url.pathname}${url.search}`
		const step = context.get(pendingSessionContext) ? '/sign-in/two-factor' : '/sign-in'
		throw redirect(`${step}?${new URLSearchParams({ redirectTo })}`)
	}
	return validation
}

export function requireAnonymous(context: Readonly<RouterContextProvider>) {
	if (context.get(sessionContext)) throw redirect('/dashboard')
}

/**
 * Middleware for the admin area: only admins and owners of an organisation pass; it runs before
 * any loader of the area, so no child data is computed for anyone else.
 */
export const requireAdminMiddleware: MiddlewareFunction<Response> = async ({ request, context }, next) => {
	const { membership, twoFactor } = requireUser(context, request)
	if (!membership || !isAdminRole(membership.role)) {
		throw data({ message: 'Only administrators of an organisation can open this area.' }, { status: 403 })
	}
	if (membership.requireAdminTwoFactor && twoFactor === 'off') {
		throw await redirectWithFlash('/account/two-factor', {
			kind: 'info',
			message: `${membership.orgName} asks owners and administrators to sign in with two factors: turn it on to open the admin area.`,
		})
	}
	context.set(membershipContext, membership)
	return next()
}

/** The admin's membership, set by requireAdminMiddleware; organisation ids always come from here. */
export function requireAdminMembership(context: Readonly<RouterContextProvider>): MembershipSummary {
	const membership = context.get(membershipContext)
	if (!membership) throw data({ message: 'Administrators only.' }, { status: 403 })
	return membership
}

/** Sets the new session's cookie and redirects with a message. */
export async function redirectWithNewSession(session: { token: string; expiresAt: Date }, to: string, message: string) {
	const headers = new Headers()
	headers.append('Set-Cookie', await serializeSessionCookie(session.token, session.expiresAt))
	return redirectWithFlash(to, { kind: 'success', message }, { headers })
}

/** Clears the session cookie and redirects with a message. */
export async function redirectSignedOut(to: string, message: string) {
	const headers = new Headers()
	headers.append('Set-Cookie', await serializeBlankSessionCookie())
	return redirectWithFlash(to, { kind: 'info', message }, { headers })
}
