import { expect, test } from 'vitest'
import { db } from '../db/db.server'
import { createSession, invalidateAllSessions, SESSION_DURATION_MS, validateSessionToken } from './session.server'
import { generateSessionToken, getSessionId } from './session-token'

const DAY = 24 * 60 * 60 * 1000

async function createUser() {
	return db.user.create({
		data: { name: 'Session Tester', email: `${crypto.randomUUID()}@example.test`, passwordHash: 'unused' },
		select: { id: true },
	})
}

test('the database holds the SHA-256 of the token, never the token', async () => {
	const user = await createUser()
	const token = generateSessionToken()
	await createSession(token, user.id)
	const rows = await db.session.findMany({ where: { userId: user.id }, select: { id: true } })
	expect(rows).toHaveLength(1)
	expect(rows[0]!.id).toMatch(/^[0-9a-f]{64}$/)
	expect(rows[0]!.id).toBe(getSessionId(token))
	expect(rows[0]!.id).not.toContain(token)
	expect(token).toMatch(/^[a-z2-7]{32}$/)
})

test('a valid token resolves to its user', async () => {
	const user = await createUser()
	const token = generateSessionToken()
	await createSession(token, user.id)
	const result = await validateSessionToken(token)
	expect(result?.user.id).toBe(user.id)
	expect(result?.renewed).toBe(false)
	expect(await validateSessionToken(generateSessionToken())).toBeNull()
})

test('an expired session is refused and removed', async () => {
	const user = await createUser()
	const token = generateSessionToken()
	const created = new Date(Date.now() - SESSION_DURATION_MS - 1000)
	await createSession(token, user.id, created)
	expect(await validateSessionToken(token)).toBeNull()
	expect(await db.session.count({ where: { userId: user.id } })).toBe(0)
})

test('the expiry slides forward once less than half of it is left', async () => {
	const user = await createUser()
	const token = generateSessionToken()
	const start = new Date('2026-01-01T00:00:00Z')
	await createSession(token, user.id, start)

	const early = await validateSessionToken(token, new Date(start.getTime() + 10 * DAY))
	expect(early?.renewed).toBe(false)

	const later = new Date(start.getTime() + 20 * DAY)
	const renewed = await validateSessionToken(token, later)
	expect(renewed?.renewed).toBe(true)
	const stored = await db.session.findUniqueOrThrow({ where: { id: getSessionId(token) } })
	expect(stored.expiresAt.getTime()).toBe(later.getTime() + SESSION_DURATION_MS)
})

test('signing out everywhere ends every session of that user only', async () => {
	const [alice, bob] = await Promise.all([createUser(), createUser()])
	const aliceTokens = [generateSessionToken(), generateSessionToken()]
	const bobToken = generateSessionToken()
	await Promise.all([...aliceTokens.map((t) => createSession(t, alice.id)), createSession(bobToken, bob.id)])
	await invalidateAllSessions(alice.id)
	for (const token of aliceTokens) expect(await validateSessionToken(token)).toBeNull()
	expect((await validateSessionToken(bobToken))?.user.id).toBe(bob.id)
})
