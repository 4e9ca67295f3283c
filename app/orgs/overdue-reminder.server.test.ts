import { expect, test } from 'vitest'
import { assignFixturePath } from '../../tests/setup/assign'
import { passFixtureAssessment } from '../../tests/setup/earn-credential'
import { createTestOrg } from '../../tests/setup/factories'
import { db } from '../db/db.server'
import { OverdueReminderError, remindOverdue } from './overdue-reminder.server'

const DAY = 24 * 3600 * 1000

test('one click reminds everyone overdue on an assignment, by email and in the app, once a day each', async () => {
	const { org, actor } = await createTestOrg('Nudgeco', { name: 'Nia Owner', role: 'OWNER' })
	const person = async (name: string) => {
		const user = await db.user.create({
			data: { name, email: `${crypto.randomUUID()}@example.test`, passwordHash: 'x', emailVerifiedAt: new Date() },
			select: { id: true, email: true },
		})
		await db.membership.create({ data: { userId: user.id, orgId: org.id } })
		return user
	}
	const late = await person('Lou Late')
	const done = await person('Dot Done')
	const gone = await person('Gil Gone')
	const now = new Date()
	const { id } = await assignFixturePath(
		org.id,
		actor,
		{ userIds: [late.id, done.id, gone.id] },
		{ kind: 'days', days: 7 },
		new Date(now.getTime() - 10 * DAY),
	)
	await passFixtureAssessment(done.id, new Date(now.getTime() - 5 * DAY))
	await db.membership.updateMany({ where: { userId: gone.id }, data: { deactivatedAt: now } })
	const outboxBefore = await db.outboxEmail.count({ where: { orgId: org.id } })

	// Only the overdue, active, unfinished person is reminded.
	expect(await remindOverdue(org.id, actor, id, now)).toEqual({ sent: 1, alreadyToday: 0 })
	const emails = await db.outboxEmail.findMany({ where: { orgId: org.id }, orderBy: { createdAt: 'asc' } })
	expect(emails.length - outboxBefore).toBe(1)
	expect(emails.at(-1)).toMatchObject({ to: late.email })
	expect(emails.at(-1)!.subject).toBe('Overdue: Counting parcels well')
	expect(await db.notification.count({ where: { userId: late.id, kind: 'assignment.overdue' } })).toBe(1)
	expect(await db.notification.count({ where: { userId: done.id, kind: 'assignment.overdue' } })).toBe(0)
	expect(
		await db.auditEvent.findFirst({ where: { orgId: org.id, action: 'assignment.remind' }, select: { summary: true } }),
	).toEqual({ summary: 'Reminded 1 person overdue on “Counting parcels well”.' })

	// A second click the same day, or two at once, sends nothing more; the next day it sends again.
	const again = await Promise.all([remindOverdue(org.id, actor, id, now), remindOverdue(org.id, actor, id, now)])
	expect(again).toEqual([
		{ sent: 0, alreadyToday: 1 },
		{ sent: 0, alreadyToday: 1 },
	])
	expect(await db.notification.count({ where: { userId: late.id, kind: 'assignment.overdue' } })).toBe(1)
	const tomorrow = new Date(now.getTime() + DAY)
	const twice = await Promise.all([
		remindOverdue(org.id, actor, id, tomorrow),
		remindOverdue(org.id, actor, id, tomorrow),
	])
	expect(twice.map((o) => o.sent).sort()).toEqual([0, 1])
	expect(await db.notification.count({ where: { userId: late.id, kind: 'assignment.overdue' } })).toBe(2)

	// Another organisation's admin cannot reach the assignment.
	const other = await createTestOrg('Othernudge', { name: 'Oz Owner', role: 'OWNER' })
	await expect(remindOverdue(other.org.id, other.actor, id, now)).rejects.toBeInstanceOf(OverdueReminderError)
})
