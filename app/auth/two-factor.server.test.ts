import { decodeBase32IgnorePadding } from '@oslojs/encoding'
import { generateHOTP } from '@oslojs/otp'
import { expect, test } from 'vitest'
import { signUpTestAccount, TEST_PASSWORD, uniqueIp } from '../../tests/setup/accounts'
import { recipientCopy } from '../../tests/setup/recipient-copy'
import { db } from '../db/db.server'
import { signIn } from './account.server'
import { requestPasswordReset, resetPassword } from './password-reset.server'
import { validateSessionToken } from './session.server'
import { hashToken } from './tokens'
import {
	disableTwoFactor,
	enableTwoFactor,
	enrolmentKey,
	getTwoFactorStatus,
	RECOVERY_CODE_COUNT,
	TWO_FACTOR_RULE,
	verifySecondFactor,
} from './two-factor.server'

const step = (at: Date) => Math.floor(at.getTime() / 30_000)
/** The code an authenticator app shows for `key` at `at`, `offset` steps later. */
const codeFor = (key: string, at: Date, offset = 0) =>
	generateHOTP(decodeBase32IgnorePadding(key), BigInt(step(at) + offset), 6)

/** An account with two-factor sign-in on: its key, recovery codes and user row. */
async function accountWithTwoFactor(now = new Date()) {
	const account = await signUpTestAccount('Tess Two')
	const user = { id: account.userId, name: 'Tess Two', email: account.email }
	const key = await enrolmentKey(user.id)
	const enabled = await enableTwoFactor(user, hashToken(account.token), codeFor(key, now), now)
	if (!enabled.ok) throw new Error(enabled.message)
	return { account, user, key, recoveryCodes: enabled.recoveryCodes }
}

async function pendingSession(email: string) {
	const session = await signIn({ email, password: TEST_PASSWORD, ip: uniqueIp() })
	if (!session.ok) throw new Error(session.message)
	expect(session.twoFactor).toBe(true)
	return { token: session.token, id: hashToken(session.token) }
}

test('enrolment keeps one key until a code from it turns two-factor on; the key is stored sealed, the codes hashed', async () => {
	const account = await signUpTestAccount('Enid Enrol')
	const user = { id: account.userId, name: 'Enid Enrol', email: account.email }
	const key = await enrolmentKey(user.id)
	expect(key).toMatch(/^[A-Z2-7]{32}$/)
	expect(await enrolmentKey(user.id)).toBe(key)
	const now = new Date()
	expect(await enableTwoFactor(user, hashToken(account.token), '000000', now)).toMatchObject({ ok: false })
	expect(await enableTwoFactor(user, hashToken(account.token), codeFor(key, now, 3), now)).toMatchObject({ ok: false })
	expect((await getTwoFactorStatus(user.id)).enabledAt).toBeNull()

	const enabled = await enableTwoFactor(user, hashToken(account.token), codeFor(key, now), now)
	if (!enabled.ok) throw new Error(enabled.message)
	expect(enabled.recoveryCodes).toHaveLength(RECOVERY_CODE_COUNT)
	expect(new Set(enabled.recoveryCodes).size).toBe(RECOVERY_CODE_COUNT)
	const row = await db.user.findUniqueOrThrow({ where: { id: user.id }, include: { recoveryCodes: true } })
	expect(row.totpKey).not.toContain(key)
	const stored = JSON.stringify(row.recoveryCodes)
	for (const code of enabled.recoveryCodes) expect(stored).not.toContain(code)
	// This browser's session passed when it turned two-factor on.
	expect((await validateSessionToken(account.token))?.twoFactor).toBe('passed')
	await recipientCopy({ to: account.email, subject: 'Two-factor sign-in is on' })
})

test('signing in leaves the session waiting for a code; the right code passes it, and never twice', async () => {
	const now = new Date()
	const { account, user, key } = await accountWithTwoFactor(now)
	const first = await pendingSession(account.email)
	expect((await validateSessionToken(first.token))?.twoFactor).toBe('pending')
	expect(await verifySecondFactor(user, first.id, { kind: 'totp', code: '123456' }, now)).toMatchObject({ ok: false })
	// The code of the step used to turn it on is spent; the next step's is good.
	expect(await verifySecondFactor(user, first.id, { kind: 'totp', code: codeFor(key, now) }, now)).toMatchObject({
		ok: false,
	})
	expect(await verifySecondFactor(user, first.id, { kind: 'totp', code: codeFor(key, now, 1) }, now)).toEqual({
		ok: true,
		recoveryCodesLeft: null,
	})
	expect((await validateSessionToken(first.token))?.twoFactor).toBe('passed')

	// Two sessions given one fresh code at once: exactly one passes.
	const later = new Date(now.getTime() + 60_000)
	const [a, b] = [await pendingSession(account.email), await pendingSession(account.email)]
	const code = codeFor(key, later)
	const outcomes = await Promise.all([
		verifySecondFactor(user, a.id, { kind: 'totp', code }, later),
		verifySecondFactor(user, b.id, { kind: 'totp', code }, later),
	])
	expect(outcomes.filter((o) => o.ok)).toHaveLength(1)
})

test('codes are counted before they are checked: after five wrong ones even the right code waits', async () => {
	const now = new Date()
	const { account, user, key } = await accountWithTwoFactor(now)
	const session = await pendingSession(account.email)
	for (let i = 0; i < TWO_FACTOR_RULE.limit; i++) {
		expect(await verifySecondFactor(user, session.id, { kind: 'totp', code: '000000' }, now)).toMatchObject({
			ok: false,
		})
	}
	expect(await verifySecondFactor(user, session.id, { kind: 'totp', code: codeFor(key, now, 1) }, now)).toMatchObject({
		ok: false,
		message: expect.stringMatching(/^Too many codes were tried/),
	})
	expect((await validateSessionToken(session.token))?.twoFactor).toBe('pending')
})

test('a recovery code passes once, typed in any case with dashes; the owner is told how many remain', async () => {
	const { account, user, recoveryCodes } = await accountWithTwoFactor()
	const session = await pendingSession(account.email)
	const [code] = recoveryCodes
	const typed = `${code!.slice(0, 8).toUpperCase()}-${code!.slice(8)}`
	expect(await verifySecondFactor(user, session.id, { kind: 'recovery', code: typed })).toEqual({
		ok: true,
		recoveryCodesLeft: RECOVERY_CODE_COUNT - 1,
	})
	const again = await pendingSession(account.email)
	expect(await verifySecondFactor(user, again.id, { kind: 'recovery', code: code! })).toMatchObject({ ok: false })
	expect((await validateSessionToken(again.token))?.twoFactor).toBe('pending')
	await recipientCopy({ to: account.email, subject: 'A recovery code was used' })
})

test('a password reset does not pass the second step; turning it off needs the password and drops the codes', async () => {
	const { account, user } = await accountWithTwoFactor()
	const reset = await requestPasswordReset({ email: account.email, ip: uniqueIp() })
	if (!reset.ok) throw new Error(reset.message)
	await reset.settled
	const { text } = await recipientCopy({ to: account.email, subject: 'Reset your Skillproof password' })
	const token = /\/reset-password\/([A-Za-z0-9_-]+)/.exec(text)![1]!
	const after = await resetPassword(token, { password: 'a brand new passphrase' })
	if (!after.ok) throw new Error(after.message)
	expect((await validateSessionToken(after.token))?.twoFactor).toBe('pending')

	expect(await disableTwoFactor(user, 'not the password')).toMatchObject({ ok: false })
	expect((await getTwoFactorStatus(user.id)).enabledAt).not.toBeNull()
	expect(await disableTwoFactor(user, 'a brand new passphrase')).toEqual({ ok: true })
	expect(await getTwoFactorStatus(user.id)).toEqual({ enabledAt: null, recoveryCodesLeft: 0 })
	expect((await validateSessionToken(after.token))?.twoFactor).toBe('off')
	// Turning it on again starts from a new key.
	const row = await db.user.findUniqueOrThrow({ where: { id: user.id } })
	expect(row.totpKey).toBeNull()
})
