import { expect, test } from 'vitest'
import { hashPassword, isCommonPassword, verifyPassword } from './password.server'

test('hashes are argon2id PHC strings with the OWASP parameters and a random salt', async () => {
	const first = await hashPassword('correct horse battery staple')
	const second = await hashPassword('correct horse battery staple')
	expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
	expect(first).not.toBe(second)
	expect(await verifyPassword(first, 'correct horse battery staple')).toBe(true)
	expect(await verifyPassword(first, 'correct horse battery stapler')).toBe(false)
})

test('a malformed stored hash verifies as false rather than throwing', async () => {
	expect(await verifyPassword('not-a-hash', 'anything')).toBe(false)
})

test('common passwords are recognised whatever their case', () => {
	expect(isCommonPassword('password123')).toBe(true)
	expect(isCommonPassword('QWERTYUIOP')).toBe(true)
	expect(isCommonPassword('northwind-learns-2026')).toBe(false)
})
