import { hash, verify } from '@node-rs/argon2'
import { dictionary } from '@zxcvbn-ts/language-common'

// Algorithm.Argon2id of @node-rs/argon2 (a const enum, which isolated modules cannot read).
const ARGON2ID = 2
// OWASP's recommended argon2id parameters (19 MiB, 2 passes, 1 lane).
const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 }

/** About 49,000 leaked passwords, bundled with zxcvbn-ts; compared lower-cased. */
const commonPasswords = new Set(dictionary.passwords.map((p) => p.toLowerCase()))

export function isCommonPassword(password: string): boolean {
	return commonPasswords.has(password.toLowerCase())
}

export function hashPassword(password: string): Promise<string> {
	return hash(password, ARGON2_OPTIONS)
}

/**
 * The password hash of an account made without a password (provisioned by an identity provider): no
 * password matches it; the person chooses one through a password reset, or signs in with single sign-on.
 */
export const NO_PASSWORD = '!no-password'

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	// The same work as for a real hash, so the time taken does not tell such an account apart.
	if (passwordHash === NO_PASSWORD) return verifyDecoyPassword(password)
	try {
		return await verify(passwordHash, password)
	} catch {
		return false
	}
}

// Verifying against this when no account matches keeps the time of a failed sign-in the same
// whether or not the email exists.
const decoyHash = hashPassword('decoy password that matches no account')

export async function verifyDecoyPassword(password: string): Promise<false> {
	await verifyPassword(await decoyHash, password)
	return false
}
