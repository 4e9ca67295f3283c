import { sha256 } from '@oslojs/crypto/sha2'
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding'

/** 20 random bytes (160 bits), base32-encoded: the value the cookie holds. */
export function generateSessionToken(): string {
	const bytes = new Uint8Array(20)
	crypto.getRandomValues(bytes)
	return encodeBase32LowerCaseNoPadding(bytes)
}

/** The session's database id: SHA-256 of the token, so a leaked table holds no usable token. */
export function getSessionId(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)))
}

export const SESSION_COOKIE_NAME = 'skillproof_session'
