/**
 * Accounts: creating one with its first session (in an invitation's transaction), the rules of a
 * new password, sign-in with throttling, and changes that need the current password. Sign-up and
 * email changes go through a confirmation link (email-verification.server.ts).
 */
import { config } from '../config.server'
import { db } from '../db/db.server'
import type { Prisma } from '../db/generated/sqlite/client'
import { queueEmail } from '../email/outbox.server'
import type { AccountNoticeEmailProps } from '../email/templates/account'
import type { EmailContent } from '../email/templates/catalog'
import { hashPassword, isCommonPassword, verifyDecoyPassword, verifyPassword } from './password.server'
import { hitRateLimit, undoRateLimitHit, type RateLimitRule } from './rate-limit.server'
import { claimSignInAttempt, clearSignInAttempts } from './sign-in-throttle.server'
import { createSession, newSession } from './session.server'
import { generateToken } from './tokens'
import { formatDateTime } from '../format/dates'

/** Attempts from one client address across accounts: many colleagues can share one office address. */
export const SIGN_IN_IP_RULE: RateLimitRule = { limit: 50, windowMs: 15 * 60 * 1000 }

export const COMMON_PASSWORD_MESSAGE =
	'This password is on a list of commonly used passwords that attackers try first. Choose another.'
const WRONG_CREDENTIALS_MESSAGE = 'Email or password is incorrect.'

type Tx = Prisma.TransactionClient
type FieldFailure<F extends string> = { ok: false; field: F; message: string }
export type NewSession = { ok: true; token: string; expiresAt: Date; userId: string }

export function retryAfterMessage(retryAfterMs: number) {
	const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000))
	if (seconds < 60) {
		return `Too many failed sign-in attempts. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`
	}
	const minutes = Math.ceil(retryAfterMs / 60_000)
	return `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`
}

/**
 * The rule a new password (sign-up, invitation, change, reset) must meet beyond the form's length
 * limits: not on the list of common passwords. Gives its argon2id hash, or the failure for `field`.
 */
export async function hashNewPassword<F extends string>(
	field: F,
	password: string,
): Promise<{ ok: true; passwordHash: string } | FieldFailure<F>> {
	if (isCommonPassword(password)) return { ok: false, field, message: COMMON_PASSWORD_MESSAGE }
	return { ok: true, passwordHash: await hashPassword(password) }
}

/**
 * Creates a person's account, its address confirmed, and their first session, written together or
 * not at all: for an invitation, whose link reached that address (it adds the membership in the same
 * transaction). An email already taken throws the database's unique violation, which the caller
 * words for its page.
 */
export async function createAccountWithSession(
	input: { name: string; email: string; passwordHash: string },
	options: { tx?: Tx; now?: Date } = {},
): Promise<NewSession> {
	const { tx = db, now = new Date() } = options
	const session = newSession(now)
	const user = await tx.user.create({
		data: {
			name: input.name,
			email: input.email,
			passwordHash: input.passwordHash,
			emailVerifiedAt: now,
			sessions: { create: { id: session.id, expiresAt: session.expiresAt } },
		},
		select: { id: true },
	})
	return { ok: true, token: session.token, expiresAt: session.expiresAt, userId: user.id }
}

export type SignInFailure = { ok: false; message: string; throttled: boolean }

/**
 * Signs in, with two throttles, each counting the attempt before the password is checked (so a
 * burst of simultaneous guesses gets no more checks than guesses one after another): this client at
 * this account (sign-in-throttle.server.ts: waits that grow after a few failures, for the email typed
 * whether or not it has an account, so throttling reveals nothing), and this client address across
 * accounts. A correct password takes both back. Nothing locks an account for everyone.
 */
export async function signIn(
	input: { email: string; password: string; ip: string },
	now = Date.now(),
): Promise<(NewSession & { twoFactor: boolean }) | SignInFailure> {
	const ipKey = `sign-in:ip:${input.ip}`
	const ip = await hitRateLimit(ipKey, SIGN_IN_IP_RULE, now)
	if (ip.count > SIGN_IN_IP_RULE.limit) {
		return { ok: false, throttled: true, message: retryAfterMessage(ip.resetAt - now) }
	}
	const claim = await claimSignInAttempt(input.email, input.ip, now)
	if (!claim.allowed) return { ok: false, throttled: true, message: retryAfterMessage(claim.retryAfterMs) }

	const user = await db.user.findUnique({
		where: { email: input.email },
		select: { id: true, passwordHash: true, totpEnabledAt: true },
	})
	const valid = user
		? await verifyPassword(user.passwordHash, input.password)
		: await verifyDecoyPassword(input.password)
	if (!user || !valid) return { ok: false, throttled: false, message: WRONG_CREDENTIALS_MESSAGE }

	await Promise.all([clearSignInAttempts(input.email, input.ip), undoRateLimitHit(ipKey)])
	// An organisation that requires single sign-on turns its members' passwords off; owners keep theirs.
	const ssoOnly = await db.membership.findFirst({
		where: { userId: user.id, deactivatedAt: null, role: { not: 'OWNER' }, org: { sso: { required: true } } },
		select: { org: { select: { name: true } } },
	})
	if (ssoOnly) {
		return {
			ok: false,
			throttled: false,
			message: `${ssoOnly.org.name} signs its people in with single sign-on: choose “Sign in with your organisation”.`,
		}
	}
	const token = generateToken('session')
	const session = await createSession(token, user.id, new Date(now))
	// With two-factor sign-in on, this session counts for nothing until its second step (two-factor.server.ts).
	return { ok: true, token, expiresAt: session.expiresAt, userId: user.id, twoFactor: user.totpEnabledAt !== null }
}

async function checkCurrentPassword(userId: string, password: string) {
	const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } })
	return verifyPassword(user.passwordHash, password)
}

export async function changeName(userId: string, name: string): Promise<void> {
	await db.user.update({ where: { id: userId }, data: { name }, select: { id: true } })
}

/**
 * Changes the password and signs out every device. This browser gets a new session: its old token
 * is retired too, since a token that was valid before a password change should not outlive it.
 */
export async function changePassword(
	userId: string,
	currentSessionId: string,
	input: { currentPassword: string; newPassword: string },
	now = new Date(),
): Promise<(NewSession & { otherSessionsEnded: number }) | FieldFailure<'currentPassword' | 'newPassword'>> {
	if (!(await checkCurrentPassword(userId, input.currentPassword))) {
		return { ok: false, field: 'currentPassword', message: 'Your current password is not correct.' }
	}
	const password = await hashNewPassword('newPassword', input.newPassword)
	if (!password.ok) return password
	const { passwordHash } = password
	const changed = await db.$transaction((tx) => writeNewPassword(tx, { userId, passwordHash, currentSessionId, now }))
	return {
		ok: true,
		token: changed.token,
		expiresAt: changed.expiresAt,
		userId,
		otherSessionsEnded: changed.otherSessionsEnded,
	}
}

/**
 * In the caller's transaction: the new password hash, the end of every session of the user, one
 * new session for the browser that made the change (Lucia's guide: a new session whenever
 * privileges change) and an email telling the owner of the address.
 */
export async function writeNewPassword(
	tx: Tx,
	input: { userId: string; passwordHash: string; currentSessionId?: string; now: Date },
) {
	const { userId, now } = input
	const user = await tx.user.update({
		where: { id: userId },
		data: { passwordHash: input.passwordHash },
		select: { email: true, name: true },
	})
	const others = await tx.session.deleteMany({
		where: { userId, ...(input.currentSessionId ? { id: { not: input.currentSessionId } } : {}) },
	})
	if (input.currentSessionId) await tx.session.deleteMany({ where: { id: input.currentSessionId } })
	const session = newSession(now)
	await tx.session.create({ data: { id: session.id, userId, expiresAt: session.expiresAt }, select: { id: true } })
	await queueAccountNotice(tx, user, {
		subject: 'Your Skillproof password was changed',
		heading: 'Your password was changed',
		paragraphs: [
			`The password of your Skillproof account (${user.email}) was changed on ${formatDateTime(now)}.`,
			'Every device that was signed in to the account has been signed out.',
			'If you did not change it, choose a new password at once.',
		],
		action: chooseNewPasswordAction(),
	})
	return { token: session.token, expiresAt: session.expiresAt, otherSessionsEnded: others.count }
}

/**
 * An email about an account, to its address. It belongs to no organisation, so no admin reads it
 * in an outbox.
 */
export function queueAccountEmail(tx: Tx, to: string, content: EmailContent, privateLinks: string[] = []) {
	return queueEmail(tx, { orgId: null, to, content, privateLinks })
}

/** A notice to the owner of an address, greeted by name: what happened, and what to do about it. */
export function queueAccountNotice(
	tx: Tx,
	user: { email: string; name: string },
	notice: Omit<AccountNoticeEmailProps, 'name' | 'email'>,
) {
	return queueAccountEmail(tx, user.email, {
		template: 'accountNotice',
		props: { name: user.name, email: user.email, ...notice },
	})
}

/** What a security notice asks of someone who did not do what it reports. */
export function chooseNewPasswordAction() {
	return { label: 'Choose a new password', href: `${config.PUBLIC_ORIGIN}/forgot-password` }
}
