import { expect, test } from 'vitest'
import { createTestOrg, createTestUser } from '../../tests/setup/factories'
import { createSession, rotateSession, validateSessionToken } from '../auth/session.server'
import { generateToken } from '../auth/tokens'
import { db } from '../db/db.server'
import { recipientCopy } from '../../tests/setup/recipient-copy'
import { acceptInvitation, createInvitations } from './invitations.server'
import { setMembersActive } from './members.server'

async function signedIn(userId: string) {
	const token = generateToken('session')
	await createSession(token, userId)
	return token
}

async function setup() {
	const { org, actor } = await createTestOrg('Initech', { name: 'Bill Owner', role: 'OWNER' })
	const learner = await createTestUser('Milton Learner')
	await db.membership.create({ data: { userId: learner.id, orgId: org.id, role: 'LEARNER' } })
	return { org, owner: actor, learner, actor }
}

test('a change of membership counts on the next request: the session reads it every time', async () => {
	const { org, learner } = await setup()
	const token = await signedIn(learner.id)
	expect((await validateSessionToken(token))?.membership?.role).toBe('LEARNER')
	await db.membership.updateMany({ where: { userId: learner.id, orgId: org.id }, data: { role: 'ADMIN' } })
	expect((await validateSessionToken(token))?.membership?.role).toBe('ADMIN')
	await db.membership.updateMany({ where: { userId: learner.id, orgId: org.id }, data: { role: 'LEARNER' } })
	expect((await validateSessionToken(token))?.membership?.role).toBe('LEARNER')
})

test('deactivating people signs them out everywhere; the admin acting and everyone else stay signed in', async () => {
	const { org, owner, learner, actor } = await setup()
	const bystander = await createTestUser('Peter Bystander')
	await db.membership.create({ data: { userId: bystander.id, orgId: org.id } })
	const [ownerToken, learnerPhone, learnerLaptop, bystanderToken] = await Promise.all([
		signedIn(owner.id),
		signedIn(learner.id),
		signedIn(learner.id),
		signedIn(bystander.id),
	])
	expect(await setMembersActive(org.id, actor, [learner.id], false)).toBe(1)
	expect(await validateSessionToken(learnerPhone)).toBeNull()
	expect(await validateSessionToken(learnerLaptop)).toBeNull()
	expect(await db.session.count({ where: { userId: learner.id } })).toBe(0)
	expect((await validateSessionToken(ownerToken))?.membership?.role).toBe('OWNER')
	expect(await validateSessionToken(bystanderToken)).not.toBeNull()

	// Signing in again, the person is a learner on their own: the organisation is gone.
	expect((await validateSessionToken(await signedIn(learner.id)))?.membership).toBeNull()
	// Reactivating gives the organisation back on the next request, and ends no session.
	const again = await signedIn(learner.id)
	expect(await setMembersActive(org.id, actor, [learner.id], true)).toBe(1)
	expect((await validateSessionToken(again))?.membership?.orgId).toBe(org.id)
})

test('rotating a session replaces its token: the old one stops working, the new one carries on', async () => {
	const { learner } = await setup()
	const token = await signedIn(learner.id)
	const other = await signedIn(learner.id)
	const renewed = await rotateSession((await validateSessionToken(token))!.session.id, learner.id)
	expect(renewed.token).not.toBe(token)
	expect(await validateSessionToken(token)).toBeNull()
	expect((await validateSessionToken(renewed.token))?.user.id).toBe(learner.id)
	// Only the rotated session is replaced.
	expect(await validateSessionToken(other)).not.toBeNull()
})

test('an existing account joining an organisation gains its role on its next request', async () => {
	const { org, actor } = await setup()
	const email = `joiner.${crypto.randomUUID().slice(0, 8)}@example.test`
	const joiner = await db.user.create({ data: { name: 'Joan Joiner', email, passwordHash: 'x' } })
	const token = await signedIn(joiner.id)
	await createInvitations({ orgId: org.id, actor, emails: [email], teamId: null, role: 'ADMIN' })
	const { text } = await recipientCopy({ to: email })
	await acceptInvitation(/\/invitations\/([A-Za-z0-9_-]{43})/.exec(text)![1]!, joiner)
	expect((await validateSessionToken(token))?.membership).toMatchObject({ orgId: org.id, role: 'ADMIN' })
})
