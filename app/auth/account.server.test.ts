import { expect, test } from 'vitest'
import { signUpTestAccount, TEST_PASSWORD, uniqueIp } from '../../tests/setup/accounts'
import { uniqueEmail } from '../../tests/setup/factories'
import { db } from '../db/db.server'
import { changePassword, createAccountWithSession, signIn } from './account.server'
import { validateSessionToken } from './session.server'

test('a confirmed sign-up stores an argon2id hash and a SHA-256 session id, never the password or token', async () => {
	const account = await signUpTestAccount()
	const user = await db.user.findUniqueOrThrow({ where: { id: account.userId }, include: { sessions: true } })
	expect(user.passwordHash).toMatch(/^\$argon2id\$/)
	expect(user.passwordHash).not.toContain(TEST_PASSWORD)
	expect(user.sessions).toHaveLength(1)
	expect(user.sessions[0]!.id).toMatch(/^[0-9a-f]{64}$/)
	expect(user.sessions[0]!.id).not.toBe(account.token)
	expect((await validateSessionToken(account.token))?.user.email).toBe(account.email)
})

test("in a caller's transaction the account and its session are written with the caller's other writes, or not at all", async () => {
	const kept = uniqueEmail()
	const created = await db.$transaction(async (tx) => {
		const account = await createAccountWithSession({ name: 'In Tx', email: kept, passwordHash: 'unused' }, { tx })
		await tx.notification.create({ data: { userId: account.userId, kind: 'k', title: 'Welcome', body: 'x' } })
		return account
	})
	// Made from an invitation's link, which reached the address: it counts as confirmed.
	expect((await validateSessionToken(created.token))?.user).toMatchObject({ email: kept, emailVerified: true })
	expect(await db.notification.count({ where: { userId: created.userId } })).toBe(1)

	const dropped = uniqueEmail()
	const sessionsBefore = await db.session.count()
	await expect(
		db.$transaction(async (tx) => {
			await createAccountWithSession({ name: 'Rolled Back', email: dropped, passwordHash: 'unused' }, { tx })
			throw new Error('a later step failed')
		}),
	).rejects.toThrow('a later step failed')
	expect(await db.user.count({ where: { email: dropped } })).toBe(0)
	expect(await db.session.count()).toBe(sessionsBefore)
})

test('sign-in gives the same message for a wrong password and for an unknown email', async () => {
	const account = await signUpTestAccount()
	const wrongPassword = await signIn({ email: account.email, password: 'not the password', ip: uniqueIp() })
	const unknownEmail = await signIn({ email: uniqueEmail(), password: TEST_PASSWORD, ip: uniqueIp() })
	expect(wrongPassword).toEqual({ ok: false, throttled: false, message: 'Email or password is incorrect.' })
	expect(unknownEmail).toEqual(wrongPassword)
})

test('sign-in creates a new session each time', async () => {
	const account = await signUpTestAccount()
	const first = await signIn({ email: account.email, password: TEST_PASSWORD, ip: uniqueIp() })
	const second = await signIn({ email: account.email, password: TEST_PASSWORD, ip: uniqueIp() })
	expect(first.ok && second.ok).toBe(true)
	if (!first.ok || !second.ok) return
	expect(first.token).not.toBe(second.token)
	expect(await db.session.count({ where: { userId: account.userId } })).toBe(3)
})

test('after five failures from one client its next attempt waits, longer each time; other clients are not held back', async () => {
	const account = await signUpTestAccount()
	const ip = uniqueIp()
	const now = Date.now()
	const attempt = (password: string, at: number, from = ip) => signIn({ email: account.email, password, ip: from }, at)
	for (let i = 0; i < 5; i++) {
		expect(await attempt('wrong', now + i)).toEqual({
			ok: false,
			throttled: false,
			message: 'Email or password is incorrect.',
		})
	}
	// The fifth failure makes the next attempt wait 30 s, even with the right password (it is not checked).
	expect(await attempt(TEST_PASSWORD, now + 10)).toEqual({
		ok: false,
		throttled: true,
		message: 'Too many failed sign-in attempts. Try again in 30 seconds.',
	})
	// The owner, from another client, signs in all the same: nobody can lock them out.
	expect((await attempt(TEST_PASSWORD, now + 20, uniqueIp())).ok).toBe(true)

	// Each failure after the wait doubles the next: 1, 2, 4, 8 minutes, then 15.
	let at = now + 30_010
	for (const minutes of [1, 2, 4, 8, 15, 15]) {
		expect(await attempt('wrong', at)).toMatchObject({ throttled: false })
		expect(await attempt('wrong', at + 1)).toEqual({
			ok: false,
			throttled: true,
			message: `Too many failed sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
		})
		at += minutes * 60_000 + 10
	}
	// The right password, once the wait is over, signs in and clears the count.
	expect((await attempt(TEST_PASSWORD, at)).ok).toBe(true)
	for (let i = 1; i <= 4; i++) expect(await attempt('wrong', at + i)).toMatchObject({ throttled: false })
})

test('a burst of simultaneous guesses gets no more checks than guesses one after another', async () => {
	const account = await signUpTestAccount()
	const ip = uniqueIp()
	const now = Date.now()
	const results = await Promise.all(
		Array.from({ length: 60 }, (_, i) => signIn({ email: account.email, password: `wrong-${i}`, ip }, now)),
	)
	// Counted before the check: five checked, the other 55 refused unchecked.
	expect(results.filter((r) => r.ok || !r.throttled)).toHaveLength(5)
	expect(await db.signInThrottle.findUniqueOrThrow({ where: { key: `${account.email}|${ip}` } })).toMatchObject({
		failures: 5,
	})
	// The right password right after the burst waits like any other attempt.
	expect(await signIn({ email: account.email, password: TEST_PASSWORD, ip }, now + 1)).toMatchObject({
		ok: false,
		throttled: true,
	})
	expect(await db.session.count({ where: { userId: account.userId } })).toBe(1)
})

test('an unknown email is throttled the same way, so throttling reveals nothing', async () => {
	const address = uniqueEmail()
	const ip = uniqueIp()
	const results = []
	for (let i = 0; i < 6; i++) results.push(await signIn({ email: address, password: 'wrong', ip }))
	expect(results.map((r) => !r.ok && r.throttled)).toEqual([false, false, false, false, false, true])
})

test('attempts from one address count across accounts; a correct password does not use one up', async () => {
	const address = uniqueIp()
	const account = await signUpTestAccount()
	for (let i = 0; i < 10; i++)
		expect((await signIn({ email: account.email, password: TEST_PASSWORD, ip: address })).ok).toBe(true)
	for (let i = 0; i < 50; i++) await signIn({ email: uniqueEmail(), password: 'wrong', ip: address })
	const result = await signIn({ email: account.email, password: TEST_PASSWORD, ip: address })
	expect(result).toMatchObject({ ok: false, throttled: true })
	expect((await signIn({ email: account.email, password: TEST_PASSWORD, ip: uniqueIp() })).ok).toBe(true)
})

test('changing the password ends every session, gives this browser a new one and sends an email', async () => {
	const account = await signUpTestAccount()
	const other = await signIn({ email: account.email, password: TEST_PASSWORD, ip: uniqueIp() })
	const current = await validateSessionToken(account.token)
	expect(
		await changePassword(account.userId, current!.session.id, {
			currentPassword: 'wrong',
			newPassword: 'another passphrase',
		}),
	).toMatchObject({ ok: false, field: 'currentPassword' })
	expect(
		await changePassword(account.userId, current!.session.id, {
			currentPassword: TEST_PASSWORD,
			newPassword: 'iloveyou123',
		}),
	).toMatchObject({ ok: false, field: 'newPassword' })
	const changed = await changePassword(account.userId, current!.session.id, {
		currentPassword: TEST_PASSWORD,
		newPassword: 'another passphrase',
	})
	expect(changed).toMatchObject({ ok: true, otherSessionsEnded: 1, userId: account.userId })
	if (!changed.ok) return
	// The token from before the change is retired with the others; the new one works.
	expect(await validateSessionToken(account.token)).toBeNull()
	if (other.ok) expect(await validateSessionToken(other.token)).toBeNull()
	expect((await validateSessionToken(changed.token))?.user.id).toBe(account.userId)
	expect(await db.session.count({ where: { userId: account.userId } })).toBe(1)
	const emails = await db.outboxEmail.findMany({
		where: { to: account.email, subject: { not: 'Confirm your email address' } },
	})
	expect(emails.map((e) => e.subject)).toEqual(['Your Skillproof password was changed'])
	expect((await signIn({ email: account.email, password: 'another passphrase', ip: uniqueIp() })).ok).toBe(true)
})
