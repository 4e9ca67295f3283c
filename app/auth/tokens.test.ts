import { createHash } from 'node:crypto'
import { expect, test } from 'vitest'
import { generateToken, hashToken, isWellFormedToken, TOKEN_KINDS, tokenLength, tokenPatternSource } from './tokens'

const KINDS = Object.keys(TOKEN_KINDS) as Array<keyof typeof TOKEN_KINDS>

test('session tokens are 20 bytes in lower-case base32 without padding: 32 characters', () => {
	for (let i = 0; i < 50; i++) expect(generateToken('session')).toMatch(/^[a-z2-7]{32}$/)
	expect(tokenLength('session')).toBe(32)
})

test('password reset, invitation and calendar tokens are 32 bytes in base64url without padding: 43 characters', () => {
	for (const kind of ['passwordReset', 'invitation', 'calendarFeed'] as const) {
		expect(tokenLength(kind)).toBe(43)
		for (let i = 0; i < 50; i++) {
			const token = generateToken(kind)
			expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
			expect(Buffer.from(token, 'base64url')).toHaveLength(32)
			// The same text as Node's own base64url of those bytes, as the links were made before.
			expect(Buffer.from(token, 'base64url').toString('base64url')).toBe(token)
		}
	}
})

test('the hash is the hex SHA-256 of the token', () => {
	// FIPS 180-2's test vector.
	expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
	expect(hashToken('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
	for (const kind of KINDS) {
		const token = generateToken(kind)
		expect(hashToken(token)).toBe(createHash('sha256').update(token).digest('hex'))
		expect(hashToken(token)).not.toContain(token)
	}
})

test('two tokens differ', () => {
	for (const kind of KINDS) {
		const tokens = new Set(Array.from({ length: 100 }, () => generateToken(kind)))
		expect(tokens.size).toBe(100)
	}
})

test('every token made is well formed for its kind', () => {
	for (const kind of KINDS) {
		for (let i = 0; i < 20; i++) expect(isWellFormedToken(kind, generateToken(kind))).toBe(true)
	}
})

test('a token of the wrong length or with a character outside its alphabet is not well formed', () => {
	const session = generateToken('session')
	expect(isWellFormedToken('session', session.slice(1))).toBe(false)
	expect(isWellFormedToken('session', `${session}a`)).toBe(false)
	expect(isWellFormedToken('session', session.toUpperCase())).toBe(false)
	expect(isWellFormedToken('session', `${session.slice(1)}1`)).toBe(false)
	expect(isWellFormedToken('session', `${session.slice(1)}-`)).toBe(false)
	for (const kind of ['passwordReset', 'invitation', 'calendarFeed'] as const) {
		const token = generateToken(kind)
		expect(isWellFormedToken(kind, token.slice(1))).toBe(false)
		expect(isWellFormedToken(kind, `${token}A`)).toBe(false)
		expect(isWellFormedToken(kind, `${token.slice(1)}+`)).toBe(false)
		expect(isWellFormedToken(kind, `${token.slice(1)}/`)).toBe(false)
		expect(isWellFormedToken(kind, `${token.slice(1)}=`)).toBe(false)
		expect(isWellFormedToken(kind, `${token}\n`)).toBe(false)
		expect(isWellFormedToken(kind, 'A'.repeat(43))).toBe(true)
		expect(isWellFormedToken(kind, '')).toBe(false)
		expect(isWellFormedToken(kind, 'not a token')).toBe(false)
	}
	// A session token is no link token, and the other way round.
	expect(isWellFormedToken('invitation', session)).toBe(false)
	expect(isWellFormedToken('session', generateToken('invitation'))).toBe(false)
})

test('the pattern finds a token in a text', () => {
	const token = generateToken('invitation')
	const found = new RegExp(`/invitations/(${tokenPatternSource('invitation')})`).exec(
		`Accept the invitation: https://example.test/invitations/${token}\n`,
	)
	expect(found?.[1]).toBe(token)
})
