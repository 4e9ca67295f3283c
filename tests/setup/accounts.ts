/** Accounts made as people make them, through sign-up, for the tests of signing in and passwords. */
import { signUp } from '../../app/auth/account.server'
import { uniqueEmail } from './factories'

export const TEST_PASSWORD = 'a sturdy passphrase'

/** A client address no other test uses, so that per-address limits count only this test's requests. */
export const uniqueIp = () => `203.0.113.${Math.floor(Math.random() * 250)}-${crypto.randomUUID()}`

/** Signs up with a unique email and TEST_PASSWORD: the new account's first session and its email. */
export async function signUpTestAccount(name = 'Ada Learner') {
	const email = uniqueEmail()
	const result = await signUp({ name, email, password: TEST_PASSWORD })
	if (!result.ok) throw new Error(result.message)
	return { ...result, email }
}
