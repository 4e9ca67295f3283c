/**
 * Sessions as in Lucia's guide: a random token in the cookie, only its SHA-256 in the database,
 * 30-day expiry that slides forward when less than half of it is left.
 */
import { db } from '../db/db.server'
import { getSessionId } from './session-token'

const DAY_MS = 24 * 60 * 60 * 1000
export const SESSION_DURATION_MS = 30 * DAY_MS
const RENEW_WHEN_LESS_THAN_MS = 15 * DAY_MS

export type SessionUser = { id: string; email: string; name: string }
export type Session = { id: string; userId: string; expiresAt: Date }
export type SessionValidation = { session: Session; user: SessionUser; renewed: boolean }

export async function createSession(token: string, userId: string, now = new Date()): Promise<Session> {
	const session = { id: getSessionId(token), userId, expiresAt: new Date(now.getTime() + SESSION_DURATION_MS) }
	await db.session.create({ data: session })
	return session
}

export async function validateSessionToken(token: string, now = new Date()): Promise<SessionValidation | null> {
	const found = await db.session.findUnique({
		where: { id: getSessionId(token) },
		select: {
			id: true,
			userId: true,
			expiresAt: true,
			user: { select: { id: true, email: true, name: true } },
		},
	})
	if (!found) return null
	const { user, ...session } = found
	if (now.getTime() >= session.expiresAt.getTime()) {
		await db.session.deleteMany({ where: { id: session.id } })
		return null
	}
	let renewed = false
	if (session.expiresAt.getTime() - now.getTime() < RENEW_WHEN_LESS_THAN_MS) {
		session.expiresAt = new Date(now.getTime() + SESSION_DURATION_MS)
		await db.session.updateMany({ where: { id: session.id }, data: { expiresAt: session.expiresAt } })
		renewed = true
	}
	return { session, user, renewed }
}

export async function invalidateSession(sessionId: string): Promise<void> {
	await db.session.deleteMany({ where: { id: sessionId } })
}

export async function invalidateAllSessions(userId: string): Promise<void> {
	await db.session.deleteMany({ where: { userId } })
}

export function countActiveSessions(userId: string, now = new Date()): Promise<number> {
	return db.session.count({ where: { userId, expiresAt: { gt: now } } })
}
