/**
 * Security headers on every response: a Content-Security-Policy whose script nonce is new for each
 * request (the outbox's email preview gets a stricter one of its own, EMAIL_PREVIEW_POLICY), HSTS
 * when the public origin is https, and the usual hardening headers (helmet). The
 * nonce is kept in `res.locals.cspNonce`; the React Router render reads it from the load context.
 * Decisions: docs/decisions/012-security-headers.md.
 */
import crypto from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { RequestHandler } from 'express'
import helmet from 'helmet'

export type SecurityHeaderOptions = {
	/** The site's public origin (PUBLIC_ORIGIN): HSTS is sent only when it is https. */
	publicOrigin: string
	/** Vite's development server injects styles and talks to its hot-reload socket. */
	development?: boolean
}

/** Only the powerful features nobody here uses are switched off; the list stays short on purpose. */
export const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=()'

/** Two years, the value browsers' preload lists ask for. */
const HSTS_MAX_AGE = 63_072_000

export function createCspNonce(): string {
	return crypto.randomBytes(16).toString('base64')
}

/** The nonce of this response, set by `securityHeaders` (empty if it did not run). */
export function getCspNonce(res: ServerResponse): string {
	const locals = (res as ServerResponse & { locals?: Record<string, unknown> }).locals
	return typeof locals?.cspNonce === 'string' ? locals.cspNonce : ''
}

const nonceSource = (_req: IncomingMessage, res: ServerResponse) => `'nonce-${getCspNonce(res)}'`

/**
 * The one address whose document is not a page of the site: an email's HTML as the outbox keeps it
 * (app/routes/admin/outbox-html.ts), shown in a frame of the outbox page. Emails style themselves
 * inline, which the site's policy refuses, so this address gets a policy of its own in place of the
 * site's: no script of any kind, nothing loaded but inline styles and data images, a sandbox (an
 * origin of its own, no forms), links opening in a new tab, and framing by this site only.
 * Any other spelling of the address keeps the site's policy: the email then shows unstyled.
 */
export const EMAIL_PREVIEW_PATH = /^\/admin\/outbox\/[A-Za-z0-9_-]{1,64}\/html$/
export const EMAIL_PREVIEW_POLICY = [
	"default-src 'none'",
	"style-src 'unsafe-inline'",
	'img-src data:',
	"base-uri 'none'",
	"form-action 'none'",
	"frame-ancestors 'self'",
	'sandbox allow-popups allow-popups-to-escape-sandbox',
].join('; ')

export function cspDirectives({ development = false }: Pick<SecurityHeaderOptions, 'development'> = {}) {
	return {
		'default-src': ["'self'"],
		// No 'unsafe-inline' and no 'unsafe-eval': inline scripts run only with this response's nonce,
		// and script files only from this origin ('strict-dynamic' is not needed: every script is ours).
		'script-src': ["'self'", nonceSource],
		// Style sheets come from this origin only; in development Vite injects <style> elements.
		'style-src': development ? ["'self'", "'unsafe-inline'"] : ["'self'"],
		'img-src': ["'self'", 'data:'],
		// The credential checks in the browser fetch the DID document and status lists from here.
		'connect-src': development ? ["'self'", 'ws:', 'wss:'] : ["'self'"],
		'font-src': ["'self'"],
		'object-src': ["'none'"],
		'base-uri': ["'none'"],
		'form-action': ["'self'"],
		'frame-ancestors': ["'none'"],
	}
}

/**
 * The headers middleware. Safe to mount twice (in front of the static files and in the app): the
 * second run leaves the first one's nonce and headers in place.
 */
export function securityHeaders({ publicOrigin, development = false }: SecurityHeaderOptions): RequestHandler {
	const https = new URL(publicOrigin).protocol === 'https:'
	const helmetHeaders = helmet({
		contentSecurityPolicy: { useDefaults: false, directives: cspDirectives({ development }) },
		strictTransportSecurity: https ? { maxAge: HSTS_MAX_AGE, includeSubDomains: true, preload: false } : false,
		xFrameOptions: { action: 'deny' },
		referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
		crossOriginOpenerPolicy: { policy: 'same-origin' },
		// Badges, the issuer logo, the DID document, status lists and achievements are meant to be
		// loaded by other sites; a same-origin resource policy would block their images.
		crossOriginResourcePolicy: false,
	})
	return (req, res, next) => {
		if (typeof res.locals.cspNonce === 'string') return next()
		res.locals.cspNonce = createCspNonce()
		res.setHeader('Permissions-Policy', PERMISSIONS_POLICY)
		helmetHeaders(req, res, (error?: unknown) => {
			if (!error && EMAIL_PREVIEW_PATH.test(req.path)) {
				res.setHeader('Content-Security-Policy', EMAIL_PREVIEW_POLICY)
				res.setHeader('X-Frame-Options', 'SAMEORIGIN')
			}
			next(error)
		})
	}
}
