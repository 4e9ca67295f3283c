import { createCookie } from 'react-router'
import { config } from '../config.server'
import { SESSION_COOKIE_NAME } from './session-cookie-name'

const sessionCookie = createCookie(SESSION_COOKIE_NAME, {
	httpOnly: true,
	sameSite: 'lax',
	path: '/',
	secure: config.isProduction,
})

export async function readSessionToken(request: Request): Promise<string | null> {
	const value: unknown = await sessionCookie.parse(request.headers.get('Cookie'))
	return typeof value === 'string' && value.length > 0 ? value : null
}

export function serializeSessionCookie(token: string, expiresAt: Date): Promise<string> {
	return sessionCookie.serialize(token, { expires: expiresAt })
}

export function serializeBlankSessionCookie(): Promise<string> {
	return sessionCookie.serialize('', { maxAge: 0 })
}
