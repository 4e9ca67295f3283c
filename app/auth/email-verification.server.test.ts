import { expect, test } from 'vitest'
import { confirmationToken, signUpTestAccount, TEST_PASSWORD, uniqueIp } from '../../tests/setup/accounts'
import { createTestUser, uniqueEmail } from '../../tests/setup/factories'
import { recipientCopy } from '../../tests/setup/recipient-copy'
import { passFixtureAssessment } from '../../tests/setup/earn-credential'
import { db } from '../db/db.server'
import { WITHHELD_LINK } from '../email/private-links'
import { issueHeldCredentials } from '../learning/held-credentials.server'
import { COMMON_PASSWORD_MESSAGE, signIn } from './account.server'
import {
	confirmEmail,
	EMAIL_VERIFICATION_MESSAGES,
	EMAIL_VERIFICATION_TTL_MS,
	emailVerificationUrl,
	getEmailStatus,
	type OnConfirmed,
	requestEmailChange,
	resendVerification,
	RESEND_RULE,
	signUp,
} from './email-verification.server'
import { requestPasswordReset, resetPassword } from './password-reset.server'
import { verifyPassword } from './password.server'
import { validateSessionToken } from './session.server'
import { hashToken } from './tokens'

const OTHER_PASSWORD = 'another sturdy passphrase'

/** What the site does on confirming, less joining by domain (an organisation's, tested in app/orgs). */
const onAddressConfirmed: OnConfirmed = async (tx, userId, now) => ({
	joined: [],
	credentialsIssued: await issueHeldCredentials(tx, userId, now),
})

async function signUpAndSettle(input: { name: string; email: string; password: string }, now?: Date) {
	const outcome = await signUp(input, now)
	if (!outcome.ok) throw new Error(outcome.message)
	await outcome.settled
	return outcome
}

const userByEmail = (email: string) =>
	db.user.findUnique({ where: { email }, select: { id: true, name: true, passwordHash: true, emailVerifiedAt: true } })

test('sign-up makes an account whose address is not confirmed, signs nobody in, and emails a 24-hour link', async () => {
	const email = uniqueEmail()
	const now = new Date()
	const answer = await signUpAndSettle({ name: 'Ada', email, password: TEST_PASSWORD }, now)
	expect(Object.keys(answer).sort()).toEqual(['ok', 'settled'])
	const user = (await userByEmail(email))!
	expect(user.emailVerifiedAt).toBeNull()
	expect(await db.session.count({ where: { userId: user.id } })).toBe(0)

	const token = await confirmationToken(email)
	const link = await db.emailVerification.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } })
	expect(link.expiresAt.getTime() - now.getTime()).toBe(EMAIL_VERIFICATION_TTL_MS)
	expect(link.tokenHash).not.toContain(token)
	// The outbox copy an administrator could read holds no link.
	const { email: stored, html } = await recipientCopy({ to: email, subject: 'Confirm your email address' })
	for (const part of [stored.text, stored.html]) {
		expect(part).not.toContain(token)
		expect(part).toContain(WITHHELD_LINK)
	}
	// The recipient's copy has it, in both parts.
	expect(html).toContain(`href="${emailVerificationUrl(token)}"`)

	const confirmed = await confirmEmail(token, { signedInUserId: null })
	expect(confirmed).toMatchObject({ ok: true, userId: user.id, email, emailChanged: false, credentialsIssued: 0 })
	if (!confirmed.ok) throw new Error(confirmed.message)
	expect((await validateSessionToken(confirmed.token))?.user).toMatchObject({ id: user.id, emailVerified: true })
	expect((await userByEmail(email))!.emailVerifiedAt).not.toBeNull()
})

test('sign-up answers alike for a confirmed address, changes nothing, and tells its owner', async () => {
	const account = await signUpTestAccount('Owner Of It')
	const before = (await userByEmail(account.email))!
	const answer = await signUpAndSettle({ name: 'Intruder', email: account.email, password: OTHER_PASSWORD })
	expect(Object.keys(answer).sort()).toEqual(['ok', 'settled'])
	expect(await userByEmail(account.email)).toEqual(before)
	expect(await db.emailVerification.count({ where: { userId: before.id, usedAt: null, retiredAt: null } })).toBe(0)
	const { text } = await recipientCopy({ to: account.email, subject: 'You already have a Skillproof account' })
	expect(text).toContain('/forgot-password')
})

test('a common password is refused before anything is stored or sent', async () => {
	const email = uniqueEmail()
	expect(await signUp({ name: 'Weak', email, password: 'password123' })).toEqual({
		ok: false,
		field: 'password',
		message: COMMON_PASSWORD_MESSAGE,
	})
	expect(await userByEmail(email)).toBeNull()
	expect(await db.outboxEmail.count({ where: { to: email } })).toBe(0)
})

test('a second sign-up of an unconfirmed address: whoever reads the mail decides the password and name', async () => {
	const email = uniqueEmail()
	// Someone else signs up first with the address, and signs in before it is confirmed.
	await signUpAndSettle({ name: 'Squatter', email, password: OTHER_PASSWORD })
	const squatterLink = await confirmationToken(email)
	const squatter = await signIn({ email, password: OTHER_PASSWORD, ip: uniqueIp() })
	expect(squatter.ok).toBe(true)

	await signUpAndSettle({ name: 'Real Owner', email, password: TEST_PASSWORD })
	expect(await db.user.count({ where: { email } })).toBe(1)
	const ownerLink = await confirmationToken(email)
	expect(ownerLink).not.toBe(squatterLink)
	expect(await confirmEmail(squatterLink, { signedInUserId: null })).toEqual({
		ok: false,
		message: EMAIL_VERIFICATION_MESSAGES.replaced,
	})

	const confirmed = await confirmEmail(ownerLink, { signedInUserId: null })
	if (!confirmed.ok) throw new Error(confirmed.message)
	const user = (await userByEmail(email))!
	expect(user.name).toBe('Real Owner')
	expect(await verifyPassword(user.passwordHash, TEST_PASSWORD)).toBe(true)
	expect(await verifyPassword(user.passwordHash, OTHER_PASSWORD)).toBe(false)
	// The earlier session is over; only the one from the link is left.
	if (squatter.ok) expect(await validateSessionToken(squatter.token)).toBeNull()
	expect(await db.session.count({ where: { userId: user.id } })).toBe(1)
})

test('a link works once, for 24 hours, and of two uses at once exactly one confirms', async () => {
	const email = uniqueEmail()
	await signUpAndSettle({ name: 'Once', email, password: TEST_PASSWORD })
	const token = await confirmationToken(email)
	const late = new Date(Date.now() + EMAIL_VERIFICATION_TTL_MS + 1000)
	expect(await confirmEmail(token, { signedInUserId: null }, late)).toEqual({
		ok: false,
		message: EMAIL_VERIFICATION_MESSAGES.expired,
	})
	const outcomes = await Promise.all([
		confirmEmail(token, { signedInUserId: null }),
		confirmEmail(token, { signedInUserId: null }),
	])
	expect(outcomes.filter((o) => o.ok)).toHaveLength(1)
	expect(outcomes.find((o) => !o.ok)).toEqual({ ok: false, message: EMAIL_VERIFICATION_MESSAGES.used })
	const user = (await userByEmail(email))!
	expect(await db.session.count({ where: { userId: user.id } })).toBe(1)
	expect(await confirmEmail('not-a-token', { signedInUserId: null })).toEqual({
		ok: false,
		message: EMAIL_VERIFICATION_MESSAGES.unknown,
	})
})

test('a link opened while signed in to another account is refused and stays usable', async () => {
	const email = uniqueEmail()
	await signUpAndSettle({ name: 'Mine', email, password: TEST_PASSWORD })
	const token = await confirmationToken(email)
	const someoneElse = await createTestUser('Someone Else')
	expect(await confirmEmail(token, { signedInUserId: someoneElse.id })).toMatchObject({ ok: false })
	expect((await confirmEmail(token, { signedInUserId: null })).ok).toBe(true)
})

test('an email change needs the password, waits for the new address’s link, tells the old one, then ends every session', async () => {
	const account = await signUpTestAccount('Mover')
	const second = await signIn({ email: account.email, password: TEST_PASSWORD, ip: uniqueIp() })
	const fresh = uniqueEmail()
	expect(await requestEmailChange(account.userId, { email: fresh, currentPassword: 'wrong one' })).toMatchObject({
		ok: false,
		field: 'currentPassword',
	})
	expect(await db.emailVerification.count({ where: { email: fresh } })).toBe(0)

	expect(await requestEmailChange(account.userId, { email: fresh, currentPassword: TEST_PASSWORD })).toEqual({
		ok: true,
	})
	// Nothing changes until the new address's link is opened; the old address is told at once.
	expect((await db.user.findUniqueOrThrow({ where: { id: account.userId } })).email).toBe(account.email)
	expect((await getEmailStatus(account.userId)).pendingChange?.email).toBe(fresh)
	const notice = await recipientCopy({
		to: account.email,
		subject: { startsWith: 'A change of your Skillproof email' },
	})
	expect(notice.text).toContain(fresh)

	const confirmed = await confirmEmail(await confirmationToken(fresh), {
		signedInUserId: account.userId,
		currentSessionId: hashToken(account.token),
	})
	expect(confirmed).toMatchObject({ ok: true, email: fresh, emailChanged: true })
	expect((await db.user.findUniqueOrThrow({ where: { id: account.userId } })).email).toBe(fresh)
	expect(await validateSessionToken(account.token)).toBeNull()
	if (second.ok) expect(await validateSessionToken(second.token)).toBeNull()
	expect(await db.session.count({ where: { userId: account.userId } })).toBe(1)
	const done = await recipientCopy({ to: account.email, subject: 'Your Skillproof email address was changed' })
	expect(done.text).toContain(fresh)
	expect((await getEmailStatus(account.userId)).pendingChange).toBeNull()
})

test('a change to an address that has an account answers alike, sends that address no link and changes nothing', async () => {
	const account = await signUpTestAccount('Mover')
	const other = await signUpTestAccount('Taken')
	const linksBefore = await db.emailVerification.count({ where: { email: other.email } })
	expect(await requestEmailChange(account.userId, { email: other.email, currentPassword: TEST_PASSWORD })).toEqual({
		ok: true,
	})
	expect(await db.emailVerification.count({ where: { email: other.email } })).toBe(linksBefore)
	await recipientCopy({ to: other.email, subject: 'Your address is already in use' })
	expect((await db.user.findUniqueOrThrow({ where: { id: account.userId } })).email).toBe(account.email)
})

test('a password reset calls off a change of address still waiting for its link', async () => {
	const account = await signUpTestAccount('Victim')
	const attacker = uniqueEmail()
	await requestEmailChange(account.userId, { email: attacker, currentPassword: TEST_PASSWORD })
	const changeLink = await confirmationToken(attacker)
	const reset = await requestPasswordReset({ email: account.email, ip: uniqueIp() })
	if (!reset.ok) throw new Error(reset.message)
	await reset.settled
	const { text } = await recipientCopy({ to: account.email, subject: 'Reset your Skillproof password' })
	const resetToken = /\/reset-password\/([A-Za-z0-9_-]+)/.exec(text)![1]!
	expect((await resetPassword(resetToken, { password: OTHER_PASSWORD })).ok).toBe(true)
	expect(await confirmEmail(changeLink, { signedInUserId: null })).toEqual({
		ok: false,
		message: EMAIL_VERIFICATION_MESSAGES.replaced,
	})
	expect((await db.user.findUniqueOrThrow({ where: { id: account.userId } })).email).toBe(account.email)
})

test('links sent again are limited per account, and each retires the one before', async () => {
	const email = uniqueEmail()
	await signUpAndSettle({ name: 'Resender', email, password: TEST_PASSWORD })
	const user = (await userByEmail(email))!
	const now = new Date()
	for (let i = 0; i < RESEND_RULE.limit; i++) expect((await resendVerification(user.id, now)).ok).toBe(true)
	expect(await resendVerification(user.id, now)).toMatchObject({
		ok: false,
		message: expect.stringMatching(/Too many/),
	})
	expect(await db.emailVerification.count({ where: { userId: user.id, usedAt: null, retiredAt: null } })).toBe(1)
	const verified = await createTestUser('Already Confirmed')
	expect(await resendVerification(verified.id)).toMatchObject({ ok: false })
})

test('an unconfirmed learner’s pass is recorded without a credential, which confirming the address issues', async () => {
	const email = uniqueEmail()
	await signUpAndSettle({ name: 'Held Learner', email, password: TEST_PASSWORD })
	const user = (await userByEmail(email))!
	const passedAt = new Date(Date.now() - 60 * 60 * 1000)
	const attemptId = await passFixtureAssessment(user.id, passedAt)
	const completion = await db.pathCompletion.findUniqueOrThrow({ where: { attemptId }, include: { credential: true } })
	expect(completion.credential).toBeNull()
	expect(await db.credential.count({ where: { userId: user.id } })).toBe(0)

	const confirmed = await confirmEmail(
		await confirmationToken(email),
		{ signedInUserId: null, onConfirmed: onAddressConfirmed },
		new Date(),
	)
	expect(confirmed).toMatchObject({ ok: true, credentialsIssued: 1 })
	const credential = await db.credential.findUniqueOrThrow({ where: { completionId: completion.id } })
	const document = JSON.parse(credential.document) as {
		validFrom: string
		credentialSubject: { identifier: Array<{ identityHash: string }>; achievement: { criteria: { narrative: string } } }
	}
	// Dated when issued, and saying when the assessment was passed.
	expect(new Date(document.validFrom).getTime()).toBeGreaterThan(passedAt.getTime())
	expect(JSON.stringify(document)).toContain(passedAt.toISOString().slice(0, 10))
	expect(await db.credentialSkill.count({ where: { credentialId: credential.id } })).toBeGreaterThan(0)
	// Nothing is held any more: running it again issues nothing.
	expect(await db.$transaction((tx) => issueHeldCredentials(tx, user.id, new Date()))).toBe(0)
})

test('a password reset confirms the address too and issues what was held', async () => {
	const email = uniqueEmail()
	await signUpAndSettle({ name: 'Reset Learner', email, password: TEST_PASSWORD })
	const user = (await userByEmail(email))!
	await passFixtureAssessment(user.id, new Date())
	const reset = await requestPasswordReset({ email, ip: uniqueIp() })
	if (!reset.ok) throw new Error(reset.message)
	await reset.settled
	const { text } = await recipientCopy({ to: email, subject: 'Reset your Skillproof password' })
	const token = /\/reset-password\/([A-Za-z0-9_-]+)/.exec(text)![1]!
	expect((await resetPassword(token, { password: OTHER_PASSWORD }, new Date(), onAddressConfirmed)).ok).toBe(true)
	expect((await userByEmail(email))!.emailVerifiedAt).not.toBeNull()
	expect(await db.credential.count({ where: { userId: user.id } })).toBe(1)
})
