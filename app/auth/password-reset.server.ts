/**
 * Password reset by email: a single-use link valid for one hour. Only the SHA-256 of its token is
 * stored; a new request retires the links still open; using a link changes the password, ends every
 * session of the account and starts one for this browser, all in the transaction that consumes it.
 */
import { config } from '../config.server'
import { db } from '../db/db.server'
import { logger } from '../log.server'
import { hashNewPassword, queueAccountEmail, writeNewPassword, type NewSession } from './account.server'
import { markEmailVerified, type OnConfirmed } from './email-verification.server'
import { hitRateLimit, type RateLimitRule, type RateLimitState } from './rate-limit.server'
import { generateToken, hashToken, isWellFormedToken } from './tokens'

export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000
export const PASSWORD_RESET_EMAIL_RULE: RateLimitRule = { limit: 5, windowMs: 60 * 60 * 1000 }
/** Higher than the email rule: many colleagues can share one office address. */
export const PASSWORD_RESET_IP_RULE: RateLimitRule = { limit: 20, windowMs: 60 * 60 * 1000 }

export const passwordResetUrl = (token: string) => `${config.PUBLIC_ORIGIN}/reset-password/${token}`

export type PasswordResetRequest =
	| {
			ok: true
			/**
			 * The lookup of the account and the email, still running: the answer does not wait for
			 * it, so it takes the same time whether or not the address has an account. Failures are
			 * logged; tests await it.
			 */
			settled: Promise<void>
	  }
	| { ok: false; throttled: true; message: string }

function tooMany(state: RateLimitState, rule: RateLimitRule) {
	return state.count > rule.limit
}

/**
 * Counts the request per address typed (whether or not it has an account, so the limit reveals
 * nothing) and per client address, then sends a link if the address has an account. The answer is
 * the same either way.
 */
export async function requestPasswordReset(
	input: { email: string; ip: string },
	now = new Date(),
): Promise<PasswordResetRequest> {
	const [byEmail, byIp] = await Promise.all([
		hitRateLimit(`password-reset:email:${input.email}`, PASSWORD_RESET_EMAIL_RULE, now.getTime()),
		hitRateLimit(`password-reset:ip:${input.ip}`, PASSWORD_RESET_IP_RULE, now.getTime()),
	])
	const blocked = [
		tooMany(byEmail, PASSWORD_RESET_EMAIL_RULE) ? byEmail.retryAfterMs : 0,
		tooMany(byIp, PASSWORD_RESET_IP_RULE) ? byIp.retryAfterMs : 0,
	]
	if (blocked.some((ms) => ms > 0)) {
		const minutes = Math.max(1, Math.ceil(Math.max(...blocked) / 60_000))
		return {
			ok: false,
			throttled: true,
			message: `Too many requests for a password reset link. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
		}
	}
	const settled = sendPasswordResetLink(input.email, now).catch((error: unknown) => {
		logger.error({ err: error }, 'Sending a password reset link failed')
	})
	return { ok: true, settled }
}

async function sendPasswordResetLink(email: string, now: Date) {
	const user = await db.user.findUnique({ where: { email }, select: { id: true, name: true, email: true } })
	if (!user) return
	const token = generateToken('passwordReset')
	const expiresAt = new Date(now.getTime() + PASSWORD_RESET_TTL_MS)
	await db.$transaction(async (tx) => {
		// The person's row, locked until this commits (a write that changes nothing), makes requests
		// made at once take turns: each retires the link the one before it created, so one stays open.
		await tx.$executeRaw`UPDATE "User" SET "name" = "name" WHERE "id" = ${user.id}`
		// A newer link replaces the ones still open; links dead for a day are of no more use.
		await tx.passwordReset.updateMany({
			where: { userId: user.id, usedAt: null, retiredAt: null },
			data: { retiredAt: now },
		})
		await tx.passwordReset.deleteMany({
			where: { userId: user.id, expiresAt: { lt: new Date(now.getTime() - 24 * PASSWORD_RESET_TTL_MS) } },
		})
		await tx.passwordReset.create({
			data: { userId: user.id, tokenHash: hashToken(token), expiresAt, createdAt: now },
			select: { id: true },
		})
		const link = passwordResetUrl(token)
		await queueAccountEmail(
			tx,
			user.email,
			{
				template: 'passwordReset',
				props: { name: user.name, email: user.email, link, expiresAt: expiresAt.toISOString() },
			},
			[link],
		)
	})
}

export type PasswordResetState = 'open' | 'used' | 'replaced' | 'expired'

async function findByToken(token: string) {
	if (!isWellFormedToken('passwordReset', token)) return null
	return db.passwordReset.findUnique({
		where: { tokenHash: hashToken(token) },
		select: { id: true, userId: true, expiresAt: true, usedAt: true, retiredAt: true },
	})
}

function stateOf(reset: { usedAt: Date | null; retiredAt: Date | null; expiresAt: Date }, now: Date) {
	if (reset.usedAt) return 'used'
	if (reset.retiredAt) return 'replaced'
	if (reset.expiresAt <= now) return 'expired'
	return 'open'
}

export const PASSWORD_RESET_MESSAGES: Record<Exclude<PasswordResetState, 'open'> | 'unknown', string> = {
	unknown: 'This password reset link is not valid. Ask for a new one.',
	used: 'This password reset link has already been used. Ask for a new one if you need to.',
	replaced: 'A newer password reset link replaced this one. Use the newest email, or ask for a new link.',
	expired: 'This password reset link has expired: links work for one hour. Ask for a new one.',
}

/** The state of a link, or 'unknown' for one that never existed (or whose account was deleted). */
export async function getPasswordResetState(token: string, now = new Date()): Promise<PasswordResetState | 'unknown'> {
	const reset = await findByToken(token)
	return reset ? stateOf(reset, now) : 'unknown'
}

class LinkNoLongerOpen extends Error {}

export type PasswordResetFailure = { ok: false; field: 'password' | 'form'; message: string }

/**
 * Sets the new password with the link, once: the link is marked used in the same transaction that
 * changes the password, by an update that only an open link matches, so of two concurrent uses
 * exactly one succeeds and the other changes nothing. The link reached the account's address, so
 * that address counts as confirmed (and `onConfirmed` runs if it was not before); a change of
 * address still waiting for its link is called off, since whoever asked for it may not be the owner.
 */
export async function resetPassword(
	token: string,
	input: { password: string },
	now = new Date(),
	onConfirmed?: OnConfirmed,
): Promise<(NewSession & { otherSessionsEnded: number }) | PasswordResetFailure> {
	const reset = await findByToken(token)
	if (!reset) return { ok: false, field: 'form', message: PASSWORD_RESET_MESSAGES.unknown }
	const state = stateOf(reset, now)
	if (state !== 'open') return { ok: false, field: 'form', message: PASSWORD_RESET_MESSAGES[state] }
	const password = await hashNewPassword('password', input.password)
	if (!password.ok) return password
	const { passwordHash } = password
	try {
		const changed = await db.$transaction(async (tx) => {
			const { count } = await tx.passwordReset.updateMany({
				where: { id: reset.id, usedAt: null, retiredAt: null, expiresAt: { gt: now } },
				data: { usedAt: now },
			})
			if (count === 0) throw new LinkNoLongerOpen()
			await tx.passwordReset.updateMany({
				where: { userId: reset.userId, usedAt: null, retiredAt: null },
				data: { retiredAt: now },
			})
			await tx.emailVerification.updateMany({
				where: { userId: reset.userId, usedAt: null, retiredAt: null },
				data: { retiredAt: now },
			})
			const changed = await writeNewPassword(tx, { userId: reset.userId, passwordHash, now })
			if ((await markEmailVerified(tx, reset.userId, now)) && onConfirmed) await onConfirmed(tx, reset.userId, now)
			return changed
		})
		return { ok: true, userId: reset.userId, ...changed }
	} catch (error) {
		if (!(error instanceof LinkNoLongerOpen)) throw error
		const after = await getPasswordResetState(token, now)
		return {
			ok: false,
			field: 'form',
			message: PASSWORD_RESET_MESSAGES[after === 'open' ? 'used' : after],
		}
	}
}
