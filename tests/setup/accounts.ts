/** Accounts made as people make them, through sign-up, for the tests of signing in and passwords. */
import { confirmEmail, signUp } from '../../app/auth/email-verification.server'
import { tokenPatternSource } from '../../app/auth/tokens'
import { uniqueEmail } from './factories'
import { recipientCopy } from './recipient-copy'

export const TEST_PASSWORD = 'a sturdy passphrase'

/** A client address no other test uses, so that per-address limits count only this test's requests. */
export const uniqueIp = () => `203.0.113.${Math.floor(Math.random() * 250)}-${crypto.randomUUID()}`

/** The token of the newest confirmation link emailed to `email`, read from the recipient's copy. */
export async function confirmationToken(email: string) {
	const { text } = await recipientCopy({ to: email, subject: { startsWith: 'Confirm your' } })
	const token = new RegExp(`/confirm-email/(${tokenPatternSource('emailVerification')})`).exec(text)?.[1]
	if (!token) throw new Error(`No confirmation link in the email to ${email}`)
	return token
}

/**
 * Signs up with a unique email and TEST_PASSWORD and opens the confirmation link, as a person does:
 * the account's session from the link, and its email.
 */
export async function signUpTestAccount(name = 'Ada Learner') {
	const email = uniqueEmail()
	const request = await signUp({ name, email, password: TEST_PASSWORD })
	if (!request.ok) throw new Error(request.message)
	await request.settled
	const confirmed = await confirmEmail(await confirmationToken(email), { signedInUserId: null })
	if (!confirmed.ok) throw new Error(confirmed.message)
	return { ...confirmed, email }
}
