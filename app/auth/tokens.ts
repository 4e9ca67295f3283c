/**
 * Every secret token the site hands out (in a cookie, a link or an address) is made and hashed
 * here. A token is random bytes from the platform's CSPRNG, encoded; the database stores only its
 * SHA-256 (hex), so a copy of a table holds no usable token. A new kind is one more row below.
 */
import { sha256 } from '@oslojs/crypto/sha2'
import { encodeBase32LowerCaseNoPadding, encodeBase64urlNoPadding, encodeHexLowerCase } from '@oslojs/encoding'

const ENCODINGS = {
	/** RFC 4648 base32, lower-cased, no padding: 5 bits a character. */
	base32: { encode: encodeBase32LowerCaseNoPadding, characters: 'a-z2-7', bitsPerCharacter: 5 },
	/** RFC 4648 base64url, no padding: 6 bits a character, safe in a URL path. */
	base64url: { encode: encodeBase64urlNoPadding, characters: 'A-Za-z0-9_-', bitsPerCharacter: 6 },
}

type TokenFormat = { bytes: number; encoding: keyof typeof ENCODINGS }

/**
 * The kinds of token, with their number of random bytes and their encoding. The formats of the
 * kinds in use never change: cookies and links already handed out must keep working.
 */
export const TOKEN_KINDS = {
	/** The session cookie's value (160 bits), as in Lucia's guide. */
	session: { bytes: 20, encoding: 'base32' },
	/** The link of a password reset email (256 bits). */
	passwordReset: { bytes: 32, encoding: 'base64url' },
	/** The link that confirms an email address (256 bits). */
	emailVerification: { bytes: 32, encoding: 'base64url' },
	/** A two-factor recovery code, typed by hand (80 bits, 16 characters). */
	recoveryCode: { bytes: 10, encoding: 'base32' },
	/** A SCIM bearer token an identity provider holds (256 bits). */
	scim: { bytes: 32, encoding: 'base64url' },
	/** The link of an invitation email (256 bits). */
	invitation: { bytes: 32, encoding: 'base64url' },
	/** The address of a learner's private calendar feed (256 bits). */
	calendarFeed: { bytes: 32, encoding: 'base64url' },
} as const satisfies Record<string, TokenFormat>

export type TokenKind = keyof typeof TOKEN_KINDS

/** The number of characters of a token of this kind. */
export function tokenLength(kind: TokenKind): number {
	const { bytes, encoding } = TOKEN_KINDS[kind]
	return Math.ceil((bytes * 8) / ENCODINGS[encoding].bitsPerCharacter)
}

/**
 * A regular expression source (not anchored) that matches a token of this kind, for finding one
 * in a text such as an email.
 */
export function tokenPatternSource(kind: TokenKind): string {
	return `[${ENCODINGS[TOKEN_KINDS[kind].encoding].characters}]{${tokenLength(kind)}}`
}

const WELL_FORMED = Object.fromEntries(
	Object.keys(TOKEN_KINDS).map((kind) => [kind, new RegExp(`^${tokenPatternSource(kind as TokenKind)}$`)]),
) as Record<TokenKind, RegExp>

/** A new random token of this kind. */
export function generateToken(kind: TokenKind): string {
	const { bytes, encoding } = TOKEN_KINDS[kind]
	return ENCODINGS[encoding].encode(crypto.getRandomValues(new Uint8Array(bytes)))
}

/** What the database stores for a token (a session's id, a link's `tokenHash`): its hex SHA-256. */
export function hashToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)))
}

/**
 * Whether a value received (a cookie, a path segment) has the length and characters of a token of
 * this kind: anything else is refused before the database is asked.
 */
export function isWellFormedToken(kind: TokenKind, token: string): boolean {
	return WELL_FORMED[kind].test(token)
}
