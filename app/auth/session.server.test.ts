import { expect, test } from 'vitest'
import { db } from '../db/db.server'
import {
	ADMIN_ABSOLUTE_MS,
	ADMIN_IDLE_MS,
	createSession,
	invalidateAllSessions,
	SESSION_DURATION_MS,
	validateSessionToken,
} from './session.server'
import { generateToken, hashToken } from './tokens'

const DAY = 24 * 60 * 60 * 1000

async function createUser() {
	return db.user.create({
		data: { name: 'Session Tester', email: `${crypto.randomUUID()}@example.test`, passwordHash: 'unused' },
		select: { id: true },
	})
}

test('the database holds the SHA-256 of the token, never the token', async () => {
	const user = await createUser()
	const token = generateToken('session')
	await createSession(token, user.id)
	const rows = await db.session.findMany({ where: { userId: user.id }, select: { id: true } })
	expect(rows).toHaveLength(1)
	expect(rows[0]!.id).toMatch(/^[0-9a-f]{64}$/)
	expect(rows[0]!.id).toBe(hashToken(token))
	expect(rows[0]!.id).not.toContain(token)
	expect(token).toMatch(/^[a-z2-7]{32}$/)
})

test('a valid token resolves to its user', async () => {
	const user = await createUser()
	const token = generateToken('session')
	await createSession(token, user.id)
	const result = await validateSessionToken(token)
	expect(result?.user.id).toBe(user.id)
	expect(result?.renewed).toBe(false)
	expect(await validateSessionToken(generateToken('session'))).toBeNull()
})

test('the session brings the user and their earliest membership, with organisation and team', async () => {
	const user = await createUser()
	const token = generateToken('session')
	await createSession(token, user.id)
	expect((await validateSessionToken(token))?.membership).toBeNull()

	const first = await db.organization.create({
		data: { name: 'First Org', slug: `first-${crypto.randomUUID()}` },
		select: { id: true },
	})
	const team = await db.team.create({ data: { name: 'Analysts', orgId: first.id }, select: { id: true } })
	const second = await db.organization.create({
		data: { name: 'Second Org', slug: `second-${crypto.randomUUID()}` },
		select: { id: true },
	})
	await db.membership.create({
		data: { userId: user.id, orgId: second.id, role: 'ADMIN', createdAt: new Date('2026-02-01T00:00:00Z') },
	})
	await db.membership.create({
		data: {
			userId: user.id,
			orgId: first.id,
			teamId: team.id,
			role: 'LEARNER',
			createdAt: new Date('2026-01-01T00:00:00Z'),
		},
	})
	const result = await validateSessionToken(token)
	expect(result?.user).toEqual({
		id: user.id,
		email: expect.stringMatching(/@example\.test$/),
		name: 'Session Tester',
		emailVerified: false,
	})
	expect(result?.membership).toEqual({
		orgId: first.id,
		orgName: 'First Org',
		role: 'LEARNER',
		teamName: 'Analysts',
		requireAdminTwoFactor: false,
	})
	expect(result?.twoFactor).toBe('off')
	expect(result?.session.expiresAt).toBeInstanceOf(Date)
	expect(Number.isNaN(result!.session.expiresAt.getTime())).toBe(false)
})

test('an expired session is refused and removed', async () => {
	const user = await createUser()
	const token = generateToken('session')
	const created = new Date(Date.now() - SESSION_DURATION_MS - 1000)
	await createSession(token, user.id, created)
	expect(await validateSessionToken(token)).toBeNull()
	expect(await db.session.count({ where: { userId: user.id } })).toBe(0)
})

test('the expiry slides forward once less than half of it is left', async () => {
	const user = await createUser()
	const token = generateToken('session')
	const start = new Date('2026-01-01T00:00:00Z')
	await createSession(token, user.id, start)

	const early = await validateSessionToken(token, new Date(start.getTime() + 10 * DAY))
	expect(early?.renewed).toBe(false)

	const later = new Date(start.getTime() + 20 * DAY)
	const renewed = await validateSessionToken(token, later)
	expect(renewed?.renewed).toBe(true)
	const stored = await db.session.findUniqueOrThrow({ where: { id: hashToken(token) } })
	expect(stored.expiresAt.getTime()).toBe(later.getTime() + SESSION_DURATION_MS)
})

test('an administrator’s session ends after an hour without a request, and 12 hours after sign-in', async () => {
	const user = await createUser()
	const org = await db.organization.create({
		data: { name: 'Vigilant', slug: `vigilant-${crypto.randomUUID().slice(0, 8)}` },
	})
	await db.membership.create({ data: { orgId: org.id, userId: user.id, role: 'ADMIN' } })
	const token = generateToken('session')
	const start = new Date('2026-01-01T08:00:00Z')
	await createSession(token, user.id, start)
	const at = (ms: number) => new Date(start.getTime() + ms)
	const stored = async () => (await db.session.findUniqueOrThrow({ where: { id: hashToken(token) } })).expiresAt

	// The first request cuts the 30 days a sign-in gives down to an hour (the cookie follows).
	expect((await validateSessionToken(token, at(60_000)))?.renewed).toBe(true)
	expect((await stored()).getTime()).toBe(at(60_000).getTime() + ADMIN_IDLE_MS)
	// In use, it slides: a request every 40 minutes keeps it…
	let now = 60_000
	while (now + 40 * 60_000 < ADMIN_ABSOLUTE_MS) {
		now += 40 * 60_000
		expect(await validateSessionToken(token, at(now))).not.toBeNull()
	}
	// …but never past 12 hours after sign-in.
	expect((await stored()).getTime()).toBeLessThanOrEqual(at(ADMIN_ABSOLUTE_MS).getTime())
	expect(await validateSessionToken(token, at(ADMIN_ABSOLUTE_MS))).toBeNull()
	expect(await db.session.count({ where: { userId: user.id } })).toBe(0)

	// Idle for more than an hour, another session ends too; a learner's lasts its 30 days.
	const idle = generateToken('session')
	await createSession(idle, user.id, start)
	expect(await validateSessionToken(idle, at(1000))).not.toBeNull()
	expect(await validateSessionToken(idle, at(1000 + ADMIN_IDLE_MS + 1))).toBeNull()
	const learner = await createUser()
	const learnerToken = generateToken('session')
	await createSession(learnerToken, learner.id, start)
	expect(await validateSessionToken(learnerToken, at(ADMIN_ABSOLUTE_MS + 1))).not.toBeNull()
})

test('signing out everywhere ends every session of that user only', async () => {
	const [alice, bob] = await Promise.all([createUser(), createUser()])
	const aliceTokens = [generateToken('session'), generateToken('session')]
	const bobToken = generateToken('session')
	await Promise.all([...aliceTokens.map((t) => createSession(t, alice.id)), createSession(bobToken, bob.id)])
	await invalidateAllSessions(alice.id)
	for (const token of aliceTokens) expect(await validateSessionToken(token)).toBeNull()
	expect((await validateSessionToken(bobToken))?.user.id).toBe(bob.id)
})
