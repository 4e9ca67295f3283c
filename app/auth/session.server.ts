/**
 * Sessions as in Lucia's guide: a random token in the cookie, only its SHA-256 in the database,
 * 30-day expiry that slides forward when less than half of it is left. A session of an
 * administrator or owner is kept shorter (ASVS 3.3.2): it ends after an hour without a request,
 * and 12 hours after sign-in whatever happens.
 */
import { db } from '../db/db.server'
import { hotRead } from '../db/hot-reads.server'
import { isAdminRole, type MembershipSummary, type Role } from './roles'
import { generateToken, hashToken, isWellFormedToken } from './tokens'

const DAY_MS = 24 * 60 * 60 * 1000
export const SESSION_DURATION_MS = 30 * DAY_MS
/** The idle limit of an administrator's or owner's session: its expiry slides by this much. */
export const ADMIN_IDLE_MS = 60 * 60 * 1000
/** Sign in again this long after signing in, for an administrator or owner. */
export const ADMIN_ABSOLUTE_MS = 12 * 60 * 60 * 1000

/** The signed-in person; `emailVerified` says whether their address is confirmed. */
export type SessionUser = { id: string; email: string; name: string; emailVerified: boolean }
export type Session = { id: string; userId: string; expiresAt: Date }
/**
 * Where the session stands with two-factor sign-in: `off` for a person without it, `pending` until
 * the second step is passed (the session then counts for nothing else), `passed` after.
 */
export type TwoFactorState = 'off' | 'pending' | 'passed'

export type SessionValidation = {
	session: Session
	user: SessionUser
	twoFactor: TwoFactorState
	/** The user's primary membership, read in the same query as the session. */
	membership: MembershipSummary | null
	renewed: boolean
}

/** A new session: its token (for the cookie), and the id (the token's hash) and expiry of its row. */
export function newSession(now = new Date()) {
	const token = generateToken('session')
	return { token, id: hashToken(token), expiresAt: new Date(now.getTime() + SESSION_DURATION_MS) }
}

export async function createSession(token: string, userId: string, now = new Date()): Promise<Session> {
	const session = { id: hashToken(token), userId, expiresAt: new Date(now.getTime() + SESSION_DURATION_MS) }
	await db.session.create({ data: { ...session, createdAt: now } })
	return session
}

type SessionRow = {
	id: string
	userId: string
	expiresAt: Date | string
	createdAt: Date | string
	email: string
	name: string
	emailVerifiedAt: Date | string | number | null
	totpEnabledAt: Date | string | number | null
	twoFactorVerifiedAt: Date | string | number | null
	orgId: string | null
	orgName: string | null
	role: Role | null
	teamName: string | null
	requireAdminTwoFactor: boolean | number | null
}

/**
 * Every request runs this, so it is one parameterised SQL statement (valid on SQLite and
 * PostgreSQL) instead of two client queries: the session, its user and the user's primary
 * membership (the earliest one) with organisation and team names.
 */
function findSession(sessionId: string) {
	return hotRead<SessionRow>`
		SELECT s."id", s."userId", s."expiresAt", s."createdAt", s."twoFactorVerifiedAt",
			u."email", u."name", u."emailVerifiedAt", u."totpEnabledAt",
			m."orgId", o."name" AS "orgName", o."requireAdminTwoFactor", m."role", t."name" AS "teamName"
		FROM "Session" s
		JOIN "User" u ON u."id" = s."userId"
		LEFT JOIN "Membership" m ON m."id" = (
			SELECT m2."id" FROM "Membership" m2 WHERE m2."userId" = s."userId" AND m2."deactivatedAt" IS NULL
			ORDER BY m2."createdAt" ASC, m2."id" ASC LIMIT 1
		)
		LEFT JOIN "Organization" o ON o."id" = m."orgId"
		LEFT JOIN "Team" t ON t."id" = m."teamId"
		WHERE s."id" = ${sessionId}`
}

export async function validateSessionToken(token: string, now = new Date()): Promise<SessionValidation | null> {
	if (!isWellFormedToken('session', token)) return null
	const [row] = await findSession(hashToken(token))
	if (!row) return null
	const session: Session = { id: row.id, userId: row.userId, expiresAt: new Date(row.expiresAt) }
	// An administrator's or owner's session: an hour's sliding expiry, within 12 hours of sign-in.
	const privileged = isAdminRole(row.role)
	const duration = privileged ? ADMIN_IDLE_MS : SESSION_DURATION_MS
	const end = privileged ? new Date(row.createdAt).getTime() + ADMIN_ABSOLUTE_MS : Infinity
	if (now.getTime() >= Math.min(session.expiresAt.getTime(), end)) {
		await db.session.deleteMany({ where: { id: session.id } })
		return null
	}
	let renewed = false
	const target = Math.min(now.getTime() + duration, end)
	const left = session.expiresAt.getTime() - now.getTime()
	// Slid forward once less than half is left; cut short at once when it runs past what the role allows.
	if ((left < duration / 2 && target > session.expiresAt.getTime()) || session.expiresAt.getTime() > target) {
		session.expiresAt = new Date(target)
		await db.session.updateMany({ where: { id: session.id }, data: { expiresAt: session.expiresAt } })
		renewed = true
	}
	const membership: MembershipSummary | null =
		row.orgId && row.orgName && row.role
			? {
					orgId: row.orgId,
					orgName: row.orgName,
					role: row.role,
					teamName: row.teamName,
					// SQLite gives 0 or 1.
					requireAdminTwoFactor: Boolean(row.requireAdminTwoFactor),
				}
			: null
	const user = { id: row.userId, email: row.email, name: row.name, emailVerified: row.emailVerifiedAt !== null }
	const twoFactor: TwoFactorState =
		row.totpEnabledAt === null ? 'off' : row.twoFactorVerifiedAt === null ? 'pending' : 'passed'
	return { session, user, twoFactor, membership, renewed }
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

/**
 * Replaces a session by a new one with a new token (Lucia's guide: a new session when the user's
 * own privileges change), so that a token from before the change does not carry over after it.
 */
export async function rotateSession(
	sessionId: string,
	userId: string,
	now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
	const session = newSession(now)
	await db.$transaction([
		db.session.deleteMany({ where: { id: sessionId } }),
		db.session.create({ data: { id: session.id, userId, expiresAt: session.expiresAt }, select: { id: true } }),
	])
	return { token: session.token, expiresAt: session.expiresAt }
}
