/**
 * Two-factor sign-in (docs/decisions/028): a TOTP key (RFC 6238: HMAC-SHA1, 30-second steps, 6
 * digits, as authenticator apps expect) made by the site and checked with @oslojs/otp, stored sealed
 * (app/http/sealing.server.ts); ten single-use recovery codes, only
 * their SHA-256 stored. A session of someone with two-factor sign-in on counts for nothing until a
 * code is given (auth.server.ts). Codes are counted per person before they are checked, and a code is
 * never accepted twice.
 */
import crypto from 'node:crypto'
import { createTOTPKeyURI, verifyHOTP } from '@oslojs/otp'
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from '@oslojs/encoding'
import { db } from '../db/db.server'
import type { Prisma } from '../db/generated/sqlite/client'
import { formatDateTime } from '../format/dates'
import { seal, unseal } from '../http/sealing.server'
import { chooseNewPasswordAction, queueAccountNotice } from './account.server'
import { verifyPassword } from './password.server'
import { hitRateLimit, undoRateLimitHit, type RateLimitRule } from './rate-limit.server'
import { generateToken, hashToken } from './tokens'

type Tx = Prisma.TransactionClient

export const TOTP_PERIOD_SECONDS = 30
export const TOTP_DIGITS = 6
const KEY_BYTES = 20
export const RECOVERY_CODE_COUNT = 10
/** Codes tried by one person in 15 minutes: enough for typing slips, far too few to guess a million. */
export const TWO_FACTOR_RULE: RateLimitRule = { limit: 5, windowMs: 15 * 60 * 1000 }

const sealKey = (key: Uint8Array) => seal('totp key', encodeBase32UpperCaseNoPadding(key))
const unsealKey = (sealed: string) => decodeBase32IgnorePadding(unseal('totp key', sealed))

const encodeKey = (key: Uint8Array) => encodeBase32UpperCaseNoPadding(key)

/**
 * The key offered to a person turning two-factor sign-in on, as the text they may type into an app
 * instead of scanning: made and stored (sealed, not yet on) at the first visit, the same one at every
 * later visit until it is turned on, so a mistyped code never changes the key already scanned.
 */
export async function enrolmentKey(userId: string): Promise<string> {
	await db.user.updateMany({
		where: { id: userId, totpKey: null, totpEnabledAt: null },
		data: { totpKey: sealKey(crypto.getRandomValues(new Uint8Array(KEY_BYTES))) },
	})
	const row = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { totpKey: true } })
	return encodeKey(unsealKey(row.totpKey!))
}

/** The otpauth:// address of the key, for the QR code. */
export function totpKeyUri(email: string, key: string): string {
	return createTOTPKeyURI('Skillproof', email, decodeKey(key)!, TOTP_PERIOD_SECONDS, TOTP_DIGITS)
}

function decodeKey(key: string): Uint8Array | null {
	try {
		const bytes = decodeBase32IgnorePadding(key.replace(/\s+/g, '').toUpperCase())
		return bytes.length === KEY_BYTES ? bytes : null
	} catch {
		return null
	}
}

const stepAt = (now: Date) => Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS)

/** The step a code belongs to, within one step either side of now (clocks drift), or null. */
function matchingStep(key: Uint8Array, code: string, now: Date): number | null {
	if (!/^\d{6}$/.test(code)) return null
	const current = stepAt(now)
	for (const step of [current - 1, current, current + 1]) {
		if (verifyHOTP(key, BigInt(step), TOTP_DIGITS, code)) return step
	}
	return null
}

/** Ten new recovery codes for the person, replacing any earlier ones; gives them, for showing once. */
async function writeRecoveryCodes(tx: Tx, userId: string, now: Date): Promise<string[]> {
	const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => generateToken('recoveryCode'))
	await tx.recoveryCode.deleteMany({ where: { userId } })
	await tx.recoveryCode.createMany({
		data: codes.map((code) => ({ userId, codeHash: hashToken(code), createdAt: now })),
	})
	return codes
}

/** A recovery code as people type it: spaces and dashes ignored, any case. */
const normaliseRecoveryCode = (code: string) => code.replace(/[\s-]+/g, '').toLowerCase()

export type TwoFactorFailure = { ok: false; message: string }

/**
 * Turns two-factor sign-in on with a code the person's app made from their enrolment key. This
 * session counts as having passed the second step; the recovery codes are given for showing once.
 */
export async function enableTwoFactor(
	user: { id: string; name: string; email: string },
	sessionId: string,
	code: string,
	now = new Date(),
): Promise<{ ok: true; recoveryCodes: string[] } | TwoFactorFailure> {
	const row = await db.user.findUniqueOrThrow({
		where: { id: user.id },
		select: { totpKey: true, totpEnabledAt: true },
	})
	if (row.totpEnabledAt) return { ok: false, message: 'Two-factor sign-in is already on.' }
	if (!row.totpKey) return { ok: false, message: 'Open this page again to get a key to scan.' }
	const step = matchingStep(unsealKey(row.totpKey), code.trim(), now)
	if (step === null) {
		return { ok: false, message: 'This code does not match. Enter the 6 digits your app shows now.' }
	}
	const recoveryCodes = await db.$transaction(async (tx) => {
		const { count } = await tx.user.updateMany({
			where: { id: user.id, totpEnabledAt: null, totpKey: row.totpKey },
			data: { totpEnabledAt: now, totpLastStep: step },
		})
		if (count === 0) return null
		await tx.session.updateMany({ where: { id: sessionId, userId: user.id }, data: { twoFactorVerifiedAt: now } })
		await queueAccountNotice(tx, user, {
			subject: 'Two-factor sign-in is on',
			heading: 'Two-factor sign-in is on',
			paragraphs: [
				`Two-factor sign-in was turned on for your Skillproof account on ${formatDateTime(now)}.`,
				'From now on, signing in asks for a code from your authenticator app, or one of your recovery codes.',
				'If you did not do this, choose a new password at once and tell your organisation’s administrator.',
			],
			action: chooseNewPasswordAction(),
		})
		return writeRecoveryCodes(tx, user.id, now)
	})
	if (!recoveryCodes) return { ok: false, message: 'Two-factor sign-in is already on.' }
	return { ok: true, recoveryCodes }
}

/** Turns two-factor sign-in off, with the current password; the recovery codes go too. */
export async function disableTwoFactor(
	user: { id: string; name: string; email: string },
	currentPassword: string,
	now = new Date(),
): Promise<{ ok: true } | TwoFactorFailure> {
	const row = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } })
	if (!(await verifyPassword(row.passwordHash, currentPassword))) {
		return { ok: false, message: 'Your current password is not correct.' }
	}
	await db.$transaction(async (tx) => {
		await tx.user.update({
			where: { id: user.id },
			data: { totpKey: null, totpEnabledAt: null, totpLastStep: null },
			select: { id: true },
		})
		await tx.recoveryCode.deleteMany({ where: { userId: user.id } })
		await queueAccountNotice(tx, user, {
			subject: 'Two-factor sign-in is off',
			heading: 'Two-factor sign-in is off',
			paragraphs: [
				`Two-factor sign-in was turned off for your Skillproof account on ${formatDateTime(now)}.`,
				'If you did not do this, choose a new password at once.',
			],
			action: chooseNewPasswordAction(),
		})
	})
	return { ok: true }
}

/** New recovery codes in place of the old ones, with the current password. */
export async function replaceRecoveryCodes(
	userId: string,
	currentPassword: string,
	now = new Date(),
): Promise<{ ok: true; recoveryCodes: string[] } | TwoFactorFailure> {
	const row = await db.user.findUniqueOrThrow({
		where: { id: userId },
		select: { passwordHash: true, totpEnabledAt: true },
	})
	if (!row.totpEnabledAt) return { ok: false, message: 'Two-factor sign-in is off.' }
	if (!(await verifyPassword(row.passwordHash, currentPassword))) {
		return { ok: false, message: 'Your current password is not correct.' }
	}
	return { ok: true, recoveryCodes: await db.$transaction((tx) => writeRecoveryCodes(tx, userId, now)) }
}

export async function getTwoFactorStatus(userId: string) {
	const [user, recoveryCodesLeft] = await Promise.all([
		db.user.findUniqueOrThrow({ where: { id: userId }, select: { totpEnabledAt: true } }),
		db.recoveryCode.count({ where: { userId, usedAt: null } }),
	])
	return { enabledAt: user.totpEnabledAt, recoveryCodesLeft }
}

function tooManyMessage(retryAfterMs: number) {
	const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000))
	return `Too many codes were tried. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`
}

/**
 * The second step of sign-in, with a code from the app or a recovery code (`kind`). The try is
 * counted before the check; a right code takes it back and marks the session as having passed. An
 * app code is accepted once: the step it belongs to must be later than the last one accepted, which
 * an update that only such a row matches records, so two uses at once get one success.
 */
export async function verifySecondFactor(
	user: { id: string; name: string; email: string },
	sessionId: string,
	input: { kind: 'totp' | 'recovery'; code: string },
	now = new Date(),
): Promise<{ ok: true; recoveryCodesLeft: number | null } | TwoFactorFailure> {
	const limitKey = `two-factor:user:${user.id}`
	const limit = await hitRateLimit(limitKey, TWO_FACTOR_RULE, now.getTime())
	if (limit.count > TWO_FACTOR_RULE.limit) return { ok: false, message: tooManyMessage(limit.retryAfterMs) }
	const row = await db.user.findUniqueOrThrow({
		where: { id: user.id },
		select: { totpKey: true, totpLastStep: true },
	})
	if (!row.totpKey) return { ok: false, message: 'Two-factor sign-in is off for this account.' }
	const passed = await db.$transaction(async (tx) => {
		let recoveryCodesLeft: number | null = null
		if (input.kind === 'totp') {
			const step = matchingStep(unsealKey(row.totpKey!), input.code.trim(), now)
			if (step === null) return null
			const { count } = await tx.user.updateMany({
				where: { id: user.id, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
				data: { totpLastStep: step },
			})
			if (count === 0) return null
		} else {
			const { count } = await tx.recoveryCode.updateMany({
				where: { userId: user.id, codeHash: hashToken(normaliseRecoveryCode(input.code)), usedAt: null },
				data: { usedAt: now },
			})
			if (count === 0) return null
			recoveryCodesLeft = await tx.recoveryCode.count({ where: { userId: user.id, usedAt: null } })
			await queueAccountNotice(tx, user, {
				subject: 'A recovery code was used',
				heading: 'A recovery code was used',
				paragraphs: [
					`A recovery code of your Skillproof account was used to sign in on ${formatDateTime(now)}; ${recoveryCodesLeft} remain.`,
					'If this was not you, choose a new password at once and tell your organisation’s administrator.',
				],
				action: chooseNewPasswordAction(),
			})
		}
		await tx.session.updateMany({ where: { id: sessionId, userId: user.id }, data: { twoFactorVerifiedAt: now } })
		return { recoveryCodesLeft }
	})
	if (!passed) {
		return {
			ok: false,
			message:
				input.kind === 'totp'
					? 'This code is not right, or was used already. Enter the 6 digits your app shows now.'
					: 'This recovery code is not right, or was used already.',
		}
	}
	await undoRateLimitHit(limitKey)
	return { ok: true, ...passed }
}
