import { expect, test } from 'vitest'
import { signUpTestAccount, TEST_PASSWORD, uniqueIp } from '../../tests/setup/accounts'
import { uniqueEmail } from '../../tests/setup/factories'
import { db } from '../db/db.server'
import { WITHHELD_LINK } from '../email/private-links'
import { recipientCopy } from '../../tests/setup/recipient-copy'
import { Prisma } from '../db/generated/sqlite/client'
import { signIn } from './account.server'
import { verifyPassword } from './password.server'
import {
	getPasswordResetState,
	PASSWORD_RESET_EMAIL_RULE,
	PASSWORD_RESET_IP_RULE,
	PASSWORD_RESET_MESSAGES,
	PASSWORD_RESET_TTL_MS,
	passwordResetUrl,
	requestPasswordReset,
	resetPassword,
} from './password-reset.server'
import { validateSessionToken } from './session.server'
import { hashToken } from './tokens'

const NEW_PASSWORD = 'three unrelated words here'

/** Requests a link and waits for the work that the answer does not wait for. */
async function request(input: { email: string; ip: string }, now?: Date) {
	const outcome = await requestPasswordReset(input, now)
	if (outcome.ok) await outcome.settled
	return outcome
}

/** Asks for a link and returns its token, read from the email in the outbox (the newest one). */
async function requestLink(address: string, now = new Date()) {
	const outcome = await requestPasswordReset({ email: address, ip: uniqueIp() }, now)
	if (!outcome.ok) throw new Error(outcome.message)
	await outcome.settled
	const { text } = await recipientCopy({ to: address, subject: 'Reset your Skillproof password' })
	const token = /\/reset-password\/([A-Za-z0-9_-]+)/.exec(text)?.[1]
	if (!token) throw new Error(`No link in ${text}`)
	return token
}

async function passwordHashOf(userId: string) {
	return (await db.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } })).passwordHash
}

/** Rows in every table, by model name. */
async function rowCounts() {
	const delegates = db as unknown as Record<string, { count: () => Promise<number> }>
	const counts: Record<string, number> = {}
	for (const model of Object.values(Prisma.ModelName)) {
		counts[model] = await delegates[model.charAt(0).toLowerCase() + model.slice(1)]!.count()
	}
	return counts
}

test('a request stores only the SHA-256 of a 256-bit token and emails the link, valid for one hour', async () => {
	const account = await signUpTestAccount()
	const now = new Date()
	const token = await requestLink(account.email, now)
	expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/) // 32 bytes, base64url
	const rows = await db.passwordReset.findMany({ where: { userId: account.userId } })
	expect(rows).toHaveLength(1)
	expect(rows[0]!.tokenHash).toBe(hashToken(token))
	expect(rows[0]!.tokenHash).not.toContain(token)
	expect(rows[0]!.expiresAt.getTime()).toBe(now.getTime() + PASSWORD_RESET_TTL_MS)
	const message = await db.outboxEmail.findFirstOrThrow({
		where: { to: account.email, subject: 'Reset your Skillproof password' },
	})
	expect(message.orgId).toBeNull() // never shown in an organisation's outbox
	// The link is in the recipient's copy only, never in the stored message: text or HTML.
	for (const part of [message.text, message.html]) {
		expect(part).not.toContain(token)
		expect(part).toContain(WITHHELD_LINK)
	}
	const copy = await recipientCopy({ to: account.email, subject: 'Reset your Skillproof password' })
	expect(copy.text).toContain(`Choose a new password:\n${passwordResetUrl(token)}`)
	expect(copy.html).toContain(`href="${passwordResetUrl(token)}"`)
	expect(await db.job.count({ where: { payload: { contains: message.id } } })).toBe(1)
	expect(await getPasswordResetState(token, now)).toBe('open')
})

test('an unknown email gets the same answer and writes nothing but the rate-limit counters', async () => {
	const account = await signUpTestAccount()
	const known = await requestPasswordReset({ email: account.email, ip: uniqueIp() })
	if (known.ok) await known.settled
	const before = await rowCounts()
	const unknown = await requestPasswordReset({ email: uniqueEmail(), ip: uniqueIp() })
	expect(unknown.ok).toBe(true)
	if (unknown.ok) await unknown.settled
	expect(Object.keys(unknown)).toEqual(Object.keys(known))
	const after = await rowCounts()
	// One counter for the address typed, one for the client address.
	expect(after).toEqual({ ...before, RateLimit: before.RateLimit! + 2 })
})

test('the answer comes before any work that depends on the address, so it takes as long with an account as without (review L2)', async () => {
	const accounts = []
	for (let i = 0; i < 20; i++) accounts.push(await signUpTestAccount())
	// Interleaved, each from a client of its own.
	for (let i = 0; i < 40; i++) {
		const existing = i % 2 === 0
		const account = existing ? accounts[i / 2]! : null
		const outcome = await requestPasswordReset({ email: account?.email ?? uniqueEmail(), ip: uniqueIp() })
		// The same answer either way, given before the lookup, the token and the email: when it
		// arrives no link exists yet for the account, and its making is still under way.
		expect(Object.keys(outcome).sort()).toEqual(['ok', 'settled'])
		if (!outcome.ok) continue
		if (account) expect(await db.passwordReset.count({ where: { userId: account.userId } })).toBe(0)
		await outcome.settled
		if (account) expect(await db.passwordReset.count({ where: { userId: account.userId } })).toBe(1)
	}
	expect(await db.passwordReset.count({ where: { userId: { in: accounts.map((a) => a.userId) } } })).toBe(20)
})

test('a link works once: the password changes, every session ends, this browser gets a new one', async () => {
	const account = await signUpTestAccount()
	const other = await signIn({ email: account.email, password: TEST_PASSWORD, ip: uniqueIp() })
	const token = await requestLink(account.email)
	const reset = await resetPassword(token, { password: NEW_PASSWORD })
	expect(reset).toMatchObject({ ok: true, userId: account.userId, otherSessionsEnded: 2 })
	if (!reset.ok) return
	expect(await verifyPassword(await passwordHashOf(account.userId), NEW_PASSWORD)).toBe(true)
	expect(await validateSessionToken(account.token)).toBeNull()
	if (other.ok) expect(await validateSessionToken(other.token)).toBeNull()
	expect((await validateSessionToken(reset.token))?.user.id).toBe(account.userId)
	expect(await db.session.count({ where: { userId: account.userId } })).toBe(1)
	const subjects = (
		await db.outboxEmail.findMany({
			where: { to: account.email, subject: { not: 'Confirm your email address' } },
			orderBy: { createdAt: 'asc' },
		})
	).map((e) => e.subject)
	expect(subjects).toEqual(['Reset your Skillproof password', 'Your Skillproof password was changed'])

	// A second use is refused and changes nothing.
	const hash = await passwordHashOf(account.userId)
	const again = await resetPassword(token, { password: 'yet another long passphrase' })
	expect(again).toEqual({ ok: false, field: 'form', message: PASSWORD_RESET_MESSAGES.used })
	expect(await passwordHashOf(account.userId)).toBe(hash)
	expect(await db.session.count({ where: { userId: account.userId } })).toBe(1)
	expect((await validateSessionToken(reset.token))?.user.id).toBe(account.userId)
	expect(await getPasswordResetState(token)).toBe('used')
})

test('of two concurrent uses of one link exactly one succeeds', async () => {
	const account = await signUpTestAccount()
	const token = await requestLink(account.email)
	const passwords = ['first concurrent passphrase', 'second concurrent passphrase']
	const results = await Promise.all(passwords.map((password) => resetPassword(token, { password })))
	const winners = results.filter((r) => r.ok)
	expect(winners).toHaveLength(1)
	expect(results.find((r) => !r.ok)).toEqual({ ok: false, field: 'form', message: PASSWORD_RESET_MESSAGES.used })
	const winner = passwords[results.findIndex((r) => r.ok)]!
	expect(await verifyPassword(await passwordHashOf(account.userId), winner)).toBe(true)
	expect(await db.session.count({ where: { userId: account.userId } })).toBe(1)
	expect(await db.outboxEmail.count({ where: { to: account.email, subject: { contains: 'was changed' } } })).toBe(1)
})

test('a link expires after one hour', async () => {
	const account = await signUpTestAccount()
	const start = new Date(Date.now() - 2 * PASSWORD_RESET_TTL_MS)
	const token = await requestLink(account.email, start)
	const hash = await passwordHashOf(account.userId)
	const lastMoment = new Date(start.getTime() + PASSWORD_RESET_TTL_MS - 1)
	expect(await getPasswordResetState(token, lastMoment)).toBe('open')
	const atOneHour = new Date(start.getTime() + PASSWORD_RESET_TTL_MS)
	expect(await getPasswordResetState(token, atOneHour)).toBe('expired')
	expect(await resetPassword(token, { password: NEW_PASSWORD }, atOneHour)).toEqual({
		ok: false,
		field: 'form',
		message: PASSWORD_RESET_MESSAGES.expired,
	})
	expect(await passwordHashOf(account.userId)).toBe(hash)
	expect(await validateSessionToken(account.token)).not.toBeNull()

	// Within the hour it works.
	const fresh = await requestLink(account.email)
	const justInTime = new Date(Date.now() + PASSWORD_RESET_TTL_MS - 1000)
	expect(await resetPassword(fresh, { password: NEW_PASSWORD }, justInTime)).toMatchObject({ ok: true })
})

test('a new request retires the older links still open', async () => {
	const account = await signUpTestAccount()
	const first = await requestLink(account.email)
	await new Promise((resolve) => setTimeout(resolve, 5))
	const second = await requestLink(account.email)
	expect(await getPasswordResetState(first)).toBe('replaced')
	expect(await resetPassword(first, { password: NEW_PASSWORD })).toEqual({
		ok: false,
		field: 'form',
		message: PASSWORD_RESET_MESSAGES.replaced,
	})
	expect(await verifyPassword(await passwordHashOf(account.userId), TEST_PASSWORD)).toBe(true)
	expect(await resetPassword(second, { password: NEW_PASSWORD })).toMatchObject({ ok: true })
	expect(await db.passwordReset.count({ where: { userId: account.userId, usedAt: null, retiredAt: null } })).toBe(0)
})

test('of several requests made at once, only one link stays open', async () => {
	const account = await signUpTestAccount()
	await Promise.all(Array.from({ length: 4 }, () => request({ email: account.email, ip: uniqueIp() })))
	expect(await db.passwordReset.count({ where: { userId: account.userId } })).toBe(4)
	expect(await db.passwordReset.count({ where: { userId: account.userId, usedAt: null, retiredAt: null } })).toBe(1)
})

test('the link of a deleted account and a made-up link are refused clearly', async () => {
	const account = await signUpTestAccount()
	const token = await requestLink(account.email)
	await db.user.delete({ where: { id: account.userId } })
	expect(await getPasswordResetState(token)).toBe('unknown')
	expect(await resetPassword(token, { password: NEW_PASSWORD })).toEqual({
		ok: false,
		field: 'form',
		message: PASSWORD_RESET_MESSAGES.unknown,
	})
	expect(await db.user.count({ where: { email: account.email } })).toBe(0)
	expect(await getPasswordResetState('not-a-token')).toBe('unknown')
	expect(await getPasswordResetState('A'.repeat(43))).toBe('unknown')
})

test('the sign-up password rules apply and a refused password leaves the link open', async () => {
	const account = await signUpTestAccount()
	const token = await requestLink(account.email)
	expect(await resetPassword(token, { password: 'iloveyou123' })).toMatchObject({ ok: false, field: 'password' })
	expect(await getPasswordResetState(token)).toBe('open')
	expect(await verifyPassword(await passwordHashOf(account.userId), TEST_PASSWORD)).toBe(true)
})

test('requests are limited per address typed and per client address', async () => {
	const now = Date.now()
	const address = uniqueEmail()
	const results = []
	for (let i = 0; i <= PASSWORD_RESET_EMAIL_RULE.limit; i++) {
		results.push(await request({ email: address, ip: uniqueIp() }, new Date(now + i)))
	}
	expect(results.slice(0, -1).every((r) => r.ok)).toBe(true)
	expect(results.at(-1)).toEqual({
		ok: false,
		throttled: true,
		message: 'Too many requests for a password reset link. Try again in 60 minutes.',
	})
	// The window ends after an hour.
	const later = await request(
		{ email: address, ip: uniqueIp() },
		new Date(now + PASSWORD_RESET_EMAIL_RULE.windowMs + 1),
	)
	expect(later.ok).toBe(true)

	const client = uniqueIp()
	for (let i = 0; i < PASSWORD_RESET_IP_RULE.limit; i++) {
		expect((await request({ email: uniqueEmail(), ip: client }, new Date(now))).ok).toBe(true)
	}
	// An account's own address is refused as well from that client: the limit does not reveal accounts.
	const account = await signUpTestAccount()
	expect(await request({ email: account.email, ip: client }, new Date(now))).toMatchObject({
		ok: false,
		throttled: true,
	})
	expect(await db.passwordReset.count({ where: { userId: account.userId } })).toBe(0)
})
