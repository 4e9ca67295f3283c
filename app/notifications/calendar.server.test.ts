import { expect, test } from 'vitest'
import { createTestUser } from '../../tests/setup/factories'
import { FIXTURE_PATH } from '../../tests/fixtures/content-fixture'
import { db } from '../db/db.server'
import { createAssignment } from '../orgs/assignments.server'
import { calendarForToken, createCalendarFeed, deleteCalendarFeed } from './calendar.server'
import { listNotifications, markNotificationsRead } from './notifications.server'

test('the calendar feed lists open assignments by due day; the token is stored hashed and a new one retires the old', async () => {
	const org = await db.organization.create({ data: { name: 'Cal', slug: `cal-${crypto.randomUUID()}` } })
	const learner = await createTestUser('Cal Learner')
	await db.membership.create({ data: { userId: learner.id, orgId: org.id } })
	await createAssignment({
		orgId: org.id,
		actor: { id: learner.id, name: 'Cal Learner' },
		pathSlug: FIXTURE_PATH,
		target: { userIds: [learner.id] },
		due: { kind: 'date', date: '2099-03-14' },
	})
	const url = await createCalendarFeed(learner.id)
	const token = /\/calendar\/([A-Za-z0-9_-]{43})\.ics$/.exec(url)![1]!
	const stored = await db.calendarFeed.findUniqueOrThrow({ where: { userId: learner.id } })
	expect(stored.tokenHash).not.toContain(token)
	const ics = (await calendarForToken(token))!
	expect(ics).toContain('BEGIN:VEVENT')
	expect(ics).toContain('DTSTART;VALUE=DATE:20990314')
	expect(ics).toMatch(/SUMMARY:Due: /)

	expect(await calendarForToken('not-a-token')).toBeNull()
	expect(await calendarForToken('A'.repeat(43))).toBeNull()
	const next = await createCalendarFeed(learner.id)
	expect(next).not.toBe(url)
	expect(await calendarForToken(token)).toBeNull()
	await deleteCalendarFeed(learner.id)
	expect(await calendarForToken(/([A-Za-z0-9_-]{43})\.ics$/.exec(next)![1]!)).toBeNull()
})

test('a learner reads and clears only their own messages', async () => {
	const a = await createTestUser()
	const b = await createTestUser()
	await db.notification.createMany({
		data: [
			{ userId: a.id, kind: 'k', title: 'One', body: 'x' },
			{ userId: a.id, kind: 'k', title: 'Two', body: 'x' },
			{ userId: b.id, kind: 'k', title: 'Theirs', body: 'x' },
		],
	})
	const theirs = await db.notification.findFirstOrThrow({ where: { userId: b.id } })
	expect(await markNotificationsRead(a.id, theirs.id)).toBe(0)
	expect((await listNotifications(a.id)).unread).toBe(2)
	expect(await markNotificationsRead(a.id, null)).toBe(2)
	expect(await listNotifications(a.id)).toEqual({ items: [], unread: 0 })
	expect((await listNotifications(b.id)).unread).toBe(1)
})
