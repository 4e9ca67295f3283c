/**
 * Confirming that a person reads mail at their address (docs/decisions/026): a single-use link,
 * valid for 24 hours, sent after sign-up and after an email change; a newer link retires the ones
 * still open. Only the SHA-256 of its token is stored. Sign-up answers the same whether or not the
 * address has an account (the email says what happened), and an email change takes effect only
 * when the link sent to the new address is used, after the old address has been told.
 */
import { config } from '../config.server'
import { db } from '../db/db.server'
import { isUniqueViolation } from '../db/errors.server'
import type { Prisma } from '../db/generated/sqlite/client'
import { formatDateTime } from '../format/dates'
import { logger } from '../log.server'
import {
	chooseNewPasswordAction,
	hashNewPassword,
	queueAccountEmail,
	queueAccountNotice,
	type NewSession,
} from './account.server'
import { verifyPassword } from './password.server'
import { hitRateLimit, type RateLimitRule } from './rate-limit.server'
import { newSession } from './session.server'
import { generateToken, hashToken, isWellFormedToken } from './tokens'

type Tx = Prisma.TransactionClient

export const EMAIL_VERIFICATION_TTL_MS = 24 * 60 * 60 * 1000
/** Links sent again to one account in an hour, by its own request. */
export const RESEND_RULE: RateLimitRule = { limit: 5, windowMs: 60 * 60 * 1000 }

export const emailVerificationUrl = (token: string) => `${config.PUBLIC_ORIGIN}/confirm-email/${token}`

type LinkPurpose = 'sign-up' | 'change' | 'reminder'

/**
 * In the caller's transaction: retires the account's open links, writes a new one for `target` and
 * queues the email that carries it (its link only in the recipient's copy).
 */
async function sendLink(
	tx: Tx,
	user: { id: string; name: string },
	target: { email: string; purpose: LinkPurpose; passwordHash?: string; name?: string },
	now: Date,
) {
	// The person's row, locked until this commits (a write that changes nothing), makes links asked
	// for at once take turns: each retires the one before it, so one stays open.
	await tx.$executeRaw`UPDATE "User" SET "name" = "name" WHERE "id" = ${user.id}`
	await tx.emailVerification.updateMany({
		where: { userId: user.id, usedAt: null, retiredAt: null },
		data: { retiredAt: now },
	})
	await tx.emailVerification.deleteMany({
		where: { userId: user.id, expiresAt: { lt: new Date(now.getTime() - 7 * EMAIL_VERIFICATION_TTL_MS) } },
	})
	const token = generateToken('emailVerification')
	const expiresAt = new Date(now.getTime() + EMAIL_VERIFICATION_TTL_MS)
	await tx.emailVerification.create({
		data: {
			userId: user.id,
			email: target.email,
			passwordHash: target.passwordHash ?? null,
			name: target.name ?? null,
			tokenHash: hashToken(token),
			expiresAt,
			createdAt: now,
		},
		select: { id: true },
	})
	const link = emailVerificationUrl(token)
	await queueAccountEmail(
		tx,
		target.email,
		{
			template: 'emailVerification',
			props: {
				name: target.name ?? user.name,
				email: target.email,
				purpose: target.purpose,
				link,
				expiresAt: expiresAt.toISOString(),
			},
		},
		[link],
	)
}

export type SignUpRequest = {
	ok: true
	/**
	 * The lookup of the address and the email, still running: the answer does not wait for it, so
	 * it takes the same time whether or not the address has an account. Failures are logged; tests
	 * await it.
	 */
	settled: Promise<void>
}

/**
 * Sign-up: the password is checked and hashed first (the same work for every address), then, out
 * of the answer's way, a new account gets its confirmation link; an account never confirmed gets a
 * new link that carries this name and password, so whoever reads the mail decides them; a
 * confirmed one is told that someone tried to sign up with its address. Nobody is signed in here.
 */
export async function signUp(
	input: { name: string; email: string; password: string },
	now = new Date(),
): Promise<SignUpRequest | { ok: false; field: 'password'; message: string }> {
	const password = await hashNewPassword('password', input.password)
	if (!password.ok) return password
	const account = { name: input.name, email: input.email, passwordHash: password.passwordHash }
	const settled = registerOrRemind(account, now)
		.catch(async (error: unknown) => {
			// Two sign-ups for one new address at once: the second finds the first's account.
			if (isUniqueViolation(error)) return registerOrRemind(account, now)
			throw error
		})
		.catch((error: unknown) => {
			logger.error({ err: error }, 'Sign-up failed after its answer')
		})
	return { ok: true, settled }
}

async function registerOrRemind(account: { name: string; email: string; passwordHash: string }, now: Date) {
	await db.$transaction(async (tx) => {
		const existing = await tx.user.findUnique({
			where: { email: account.email },
			select: { id: true, name: true, email: true, emailVerifiedAt: true },
		})
		if (!existing) {
			const user = await tx.user.create({ data: { ...account, createdAt: now }, select: { id: true } })
			await sendLink(tx, { id: user.id, name: account.name }, { email: account.email, purpose: 'sign-up' }, now)
		} else if (!existing.emailVerifiedAt) {
			const target = { purpose: 'sign-up' as const, ...account }
			await sendLink(tx, existing, target, now)
		} else {
			await queueAccountNotice(tx, existing, {
				subject: 'You already have a Skillproof account',
				heading: 'You already have an account',
				paragraphs: [
					`Someone asked to create a Skillproof account for ${existing.email}, which already has one, so nothing was changed.`,
				],
				action: { label: 'Sign in', href: `${config.PUBLIC_ORIGIN}/sign-in` },
				links: [
					{ label: 'Forgotten your password? Choose a new one', href: `${config.PUBLIC_ORIGIN}/forgot-password` },
				],
			})
		}
	})
}

/**
 * Asks to move an account to another address, with its current password. The new address gets a
 * link (or, when it already has an account, a notice saying so, and no link), the old address is
 * told; the account keeps its address until the link is used. The answer is the same either way.
 */
export async function requestEmailChange(
	userId: string,
	input: { email: string; currentPassword: string },
	now = new Date(),
): Promise<{ ok: true; unchanged?: boolean } | { ok: false; field: 'email' | 'currentPassword'; message: string }> {
	const user = await db.user.findUniqueOrThrow({
		where: { id: userId },
		select: { id: true, name: true, email: true, passwordHash: true, emailVerifiedAt: true },
	})
	if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
		return { ok: false, field: 'currentPassword', message: 'Your current password is not correct.' }
	}
	if (input.email === user.email) {
		if (user.emailVerifiedAt) return { ok: false, field: 'email', message: 'This is already your address.' }
		await db.$transaction((tx) => sendLink(tx, user, { email: user.email, purpose: 'reminder' }, now))
		return { ok: true, unchanged: true }
	}
	await db.$transaction(async (tx) => {
		const taken = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } })
		if (taken) {
			await queueAccountNotice(
				tx,
				{ name: 'there', email: input.email },
				{
					subject: 'Your address is already in use',
					heading: 'Your address is already in use',
					paragraphs: [
						'Someone asked to move another Skillproof account to this address. It already belongs to an account, so nothing was changed.',
						'If you did not expect this, you can ignore this email.',
					],
				},
			)
		} else {
			await sendLink(tx, user, { email: input.email, purpose: 'change' }, now)
		}
		await queueAccountNotice(tx, user, {
			subject: 'A change of your Skillproof email address was asked for',
			heading: 'A change of your address was asked for',
			paragraphs: [
				`On ${formatDateTime(now)} someone signed in to your account asked to change its address from ${user.email} to ${input.email}.`,
				'The change takes effect only once the link sent to the new address is opened.',
				'If you did not ask for it, choose a new password at once, which signs out every device.',
			],
			action: chooseNewPasswordAction(),
		})
	})
	return { ok: true }
}

/** The address of the account, and a change waiting for its link, for the account page. */
export async function getEmailStatus(userId: string, now = new Date()) {
	const [user, pending] = await Promise.all([
		db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, emailVerifiedAt: true } }),
		db.emailVerification.findFirst({
			where: { userId, usedAt: null, retiredAt: null, expiresAt: { gt: now } },
			orderBy: { createdAt: 'desc' },
			select: { email: true, createdAt: true, expiresAt: true },
		}),
	])
	return {
		email: user.email,
		verified: user.emailVerifiedAt !== null,
		pendingChange: pending && pending.email !== user.email ? pending : null,
	}
}

/** A new link to the account's own address, when it is not confirmed yet; limited per account. */
export async function resendVerification(
	userId: string,
	now = new Date(),
): Promise<{ ok: true; email: string } | { ok: false; message: string }> {
	const user = await db.user.findUniqueOrThrow({
		where: { id: userId },
		select: { id: true, name: true, email: true, emailVerifiedAt: true },
	})
	if (user.emailVerifiedAt) return { ok: false, message: 'Your address is already confirmed.' }
	const limit = await hitRateLimit(`email-verification:user:${userId}`, RESEND_RULE, now.getTime())
	if (limit.count > RESEND_RULE.limit) {
		const minutes = Math.max(1, Math.ceil(limit.retryAfterMs / 60_000))
		return {
			ok: false,
			message: `Too many links were sent. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
		}
	}
	await db.$transaction((tx) => sendLink(tx, user, { email: user.email, purpose: 'reminder' }, now))
	return { ok: true, email: user.email }
}

export type EmailVerificationState = 'open' | 'used' | 'replaced' | 'expired'

export const EMAIL_VERIFICATION_MESSAGES: Record<Exclude<EmailVerificationState, 'open'> | 'unknown', string> = {
	unknown: 'This confirmation link is not valid.',
	used: 'This confirmation link has already been used.',
	replaced: 'A newer confirmation link replaced this one: use the newest email.',
	expired: 'This confirmation link has expired: links work for 24 hours.',
}

async function findByToken(token: string) {
	if (!isWellFormedToken('emailVerification', token)) return null
	return db.emailVerification.findUnique({
		where: { tokenHash: hashToken(token) },
		select: { id: true, userId: true, email: true, expiresAt: true, usedAt: true, retiredAt: true },
	})
}

function stateOf(
	link: { usedAt: Date | null; retiredAt: Date | null; expiresAt: Date },
	now: Date,
): EmailVerificationState {
	if (link.usedAt) return 'used'
	if (link.retiredAt) return 'replaced'
	if (link.expiresAt <= now) return 'expired'
	return 'open'
}

/** What the confirmation page shows before the button is pressed. */
export async function getEmailVerification(token: string, now = new Date()) {
	const link = await findByToken(token)
	if (!link) return { state: 'unknown' as const, email: null }
	return { state: stateOf(link, now), email: link.email }
}

class LinkNoLongerOpen extends Error {}
class AddressTaken extends Error {}

/** What confirming an address led to: organisations joined by its domain, credentials issued. */
export type ConfirmedEffects = { joined: string[]; credentialsIssued: number }

/**
 * What happens in the confirming transaction once the address is confirmed: joining the organisation
 * that lists its domain and issuing the credentials that waited for it (orgs/address-confirmed.server.ts).
 */
export type OnConfirmed = (tx: Tx, userId: string, now: Date) => Promise<ConfirmedEffects>

export type EmailConfirmed = NewSession & { email: string; emailChanged: boolean } & ConfirmedEffects

/**
 * Uses a link, once: in one transaction, the link is marked used by an update only an open link
 * matches, the address (and a repeated sign-up's name and password) is set and confirmed, the
 * account's other links retired, `onConfirmed` run, and this browser given a new session. When the
 * address or password changes, every other session of the account ends too, and an email change
 * is announced to the old address.
 */
export async function confirmEmail(
	token: string,
	options: { signedInUserId: string | null; currentSessionId?: string; onConfirmed?: OnConfirmed },
	now = new Date(),
): Promise<EmailConfirmed | { ok: false; message: string }> {
	const link = await findByToken(token)
	if (!link) return { ok: false, message: EMAIL_VERIFICATION_MESSAGES.unknown }
	const state = stateOf(link, now)
	if (state !== 'open') return { ok: false, message: EMAIL_VERIFICATION_MESSAGES[state] }
	if (options.signedInUserId && options.signedInUserId !== link.userId) {
		return { ok: false, message: 'This link belongs to another account. Sign out, then open it again.' }
	}
	try {
		return await db.$transaction(async (tx) => {
			const { count } = await tx.emailVerification.updateMany({
				where: { id: link.id, usedAt: null, retiredAt: null, expiresAt: { gt: now } },
				data: { usedAt: now },
			})
			if (count === 0) throw new LinkNoLongerOpen()
			const pending = await tx.emailVerification.findUniqueOrThrow({
				where: { id: link.id },
				select: { passwordHash: true, name: true },
			})
			await tx.emailVerification.updateMany({
				where: { userId: link.userId, usedAt: null, retiredAt: null },
				data: { retiredAt: now },
			})
			const before = await tx.user.findUniqueOrThrow({
				where: { id: link.userId },
				select: { email: true, name: true },
			})
			const emailChanged = before.email !== link.email
			await tx.user
				.update({
					where: { id: link.userId },
					data: {
						email: link.email,
						emailVerifiedAt: now,
						...(pending.passwordHash ? { passwordHash: pending.passwordHash } : {}),
						...(pending.name ? { name: pending.name } : {}),
					},
					select: { id: true },
				})
				.catch((error: unknown) => {
					throw isUniqueViolation(error) ? new AddressTaken() : error
				})
			const everyDevice = emailChanged || pending.passwordHash !== null
			await tx.session.deleteMany({
				where: everyDevice ? { userId: link.userId } : { id: options.currentSessionId ?? '' },
			})
			const session = newSession(now)
			await tx.session.create({
				data: { id: session.id, userId: link.userId, expiresAt: session.expiresAt, createdAt: now },
				select: { id: true },
			})
			if (emailChanged) {
				await queueAccountNotice(tx, before, {
					subject: 'Your Skillproof email address was changed',
					heading: 'Your address was changed',
					paragraphs: [
						`Your Skillproof account now uses ${link.email} instead of ${before.email}, since ${formatDateTime(now)}.`,
						'Every device that was signed in to the account has been signed out.',
						'If you did not make this change, tell your organisation’s administrator at once.',
					],
				})
			}
			const effects = options.onConfirmed
				? await options.onConfirmed(tx, link.userId, now)
				: { joined: [], credentialsIssued: 0 }
			return {
				ok: true as const,
				token: session.token,
				expiresAt: session.expiresAt,
				userId: link.userId,
				email: link.email,
				emailChanged,
				...effects,
			}
		})
	} catch (error) {
		if (error instanceof AddressTaken) {
			return { ok: false, message: 'Another account has used this address since the link was sent.' }
		}
		if (!(error instanceof LinkNoLongerOpen)) throw error
		const after = await getEmailVerification(token, now)
		return { ok: false, message: EMAIL_VERIFICATION_MESSAGES[after.state === 'open' ? 'used' : after.state] }
	}
}

/**
 * In the caller's transaction: the account's address counts as confirmed from now (an invitation
 * accepted or a password reset: both links only its reader had). Gives whether it was not before.
 */
export async function markEmailVerified(tx: Tx, userId: string, now: Date): Promise<boolean> {
	const { count } = await tx.user.updateMany({
		where: { id: userId, emailVerifiedAt: null },
		data: { emailVerifiedAt: now },
	})
	return count > 0
}
