import { expect, test } from 'vitest'
import { assignFixturePath } from '../../tests/setup/assign'
import { earnCredential } from '../../tests/setup/earn-credential'
import { createTestUser } from '../../tests/setup/factories'
import { FIXTURE_PATH } from '../../tests/fixtures/content-fixture'
import { config } from '../config.server'
import { db } from '../db/db.server'
import { listMyAssignments } from './assignments.server'
import { parseReminderDays, reminderSettingsSchema } from './reminder-settings.server'
import { runOrgReminders } from './reminders.server'
import { createTeam } from './teams.server'

const DAY = 24 * 3600 * 1000

async function setup() {
	const org = await db.organization.create({
		data: { name: 'Initech', slug: `initech-${crypto.randomUUID()}`, reminderDays: '7,1', expiryReminderDays: 30 },
	})
	const admin = await createTestUser('Bill Admin')
	await db.membership.create({ data: { userId: admin.id, orgId: org.id, role: 'ADMIN' } })
	const team = await createTeam(org.id, { id: admin.id, name: 'Bill Admin' }, 'Testing')
	const learner = await createTestUser('Milton Learner')
	await db.membership.create({ data: { userId: learner.id, orgId: org.id, teamId: team.id } })
	return { org, team, learner, actor: { id: admin.id, name: 'Bill Admin' } }
}

async function outbox(user: { id: string }) {
	const { email } = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { email: true } })
	return db.outboxEmail.findMany({ where: { to: email }, orderBy: { createdAt: 'asc' } })
}
/** The reminders alone, without the email of the assignment itself or of a credential issued. */
async function reminderMail(user: { id: string }) {
	const mail = await outbox(user)
	return mail.filter((m) => !/^(Assigned to you|Credential issued):/.test(m.subject))
}
const notes = (userId: string) => db.notification.findMany({ where: { userId }, orderBy: { createdAt: 'asc' } })

test('reminders before the due date and when overdue, each sent once, to the outbox and in the app', async () => {
	const { org, team, learner, actor } = await setup()
	const start = new Date('2026-05-01T09:00:00Z')
	await assignFixturePath(org.id, actor, { teamId: team.id }, { kind: 'days', days: 10 }, start)
	// Day 2: nothing is due within 7 days yet.
	expect(await runOrgReminders(org.id, new Date(start.getTime() + 2 * DAY))).toMatchObject({ dueSoon: 0, overdue: 0 })
	// Day 4: due in 6 days, the 7-day reminder; a second run the same day sends nothing more.
	const day4 = new Date(start.getTime() + 4 * DAY)
	expect(await runOrgReminders(org.id, day4)).toMatchObject({ dueSoon: 1 })
	expect(await runOrgReminders(org.id, day4)).toMatchObject({ dueSoon: 0 })
	let mail = await outbox(learner)
	// The assignment's own email came first, when it was made.
	expect(mail.map((m) => m.subject)).toEqual([
		'Assigned to you: Counting parcels well',
		expect.stringMatching(/^Due in 6 days: /),
	])
	expect(mail[1]!.text).toContain('11 May 2026')
	expect(mail[1]!.text).toContain(`Continue the path:\n${config.PUBLIC_ORIGIN}/paths/${FIXTURE_PATH}`)
	// Day 9.5: the 1-day reminder; day 11: overdue, once.
	await runOrgReminders(org.id, new Date(start.getTime() + 9.5 * DAY))
	await runOrgReminders(org.id, new Date(start.getTime() + 11 * DAY))
	await runOrgReminders(org.id, new Date(start.getTime() + 12 * DAY))
	mail = await outbox(learner)
	expect(mail.map((m) => m.subject.split(':')[0])).toEqual([
		'Assigned to you',
		'Due in 6 days',
		'Due tomorrow',
		'Overdue',
	])
	expect((await notes(learner.id)).map((n) => n.kind)).toEqual([
		'assignment.new',
		'assignment.due-soon',
		'assignment.due-soon',
		'assignment.overdue',
	])
	// Each message has its delivery job.
	expect(await db.job.count({ where: { kind: 'email.send', orgId: org.id } })).toBe(4)
})

test('an assignment given late sends one reminder for the nearest day; completed work and deactivated people get none', async () => {
	const { org, team, learner, actor } = await setup()
	const other = await createTestUser('Peter Done')
	await db.membership.create({ data: { userId: other.id, orgId: org.id, teamId: team.id } })
	const gone = await createTestUser('Samir Gone')
	await db.membership.create({ data: { userId: gone.id, orgId: org.id, teamId: team.id, deactivatedAt: new Date() } })
	const now = new Date()
	await assignFixturePath(org.id, actor, { teamId: team.id }, { kind: 'days', days: 1 }, now)
	await earnCredential({ userId: other.id, now: new Date(now.getTime() + 1000) })
	const run = await runOrgReminders(org.id, new Date(now.getTime() + 3600 * 1000))
	expect(run).toMatchObject({ dueSoon: 1, overdue: 0 })
	expect(await reminderMail(learner)).toHaveLength(1)
	expect(await reminderMail(other)).toHaveLength(0)
	// Deactivated: neither told of the assignment nor reminded.
	expect(await outbox(gone)).toHaveLength(0)
	// Both reminder days are settled by the one message.
	expect(
		(await db.reminder.findMany({ where: { userId: learner.id }, select: { kind: true } })).map((r) => r.kind).sort(),
	).toEqual(['due:1', 'due:7'])
})

test('recertification: a reminder before the credential expires, then the path is assigned again', async () => {
	const { org, team, learner, actor } = await setup()
	const start = new Date(Date.now() - 2 * DAY)
	await assignFixturePath(org.id, actor, { teamId: team.id }, { kind: 'days', days: 14 }, start)
	const { row } = await earnCredential({ userId: learner.id, now: new Date(start.getTime() + DAY) })
	const expiry = row.validUntil
	expect((await listMyAssignments(learner.id, new Date(start.getTime() + 2 * DAY)))[0]?.state).toBe('completed')

	// 40 days before expiry: nothing; 20 days before: the expiry reminder, once.
	expect(await runOrgReminders(org.id, new Date(expiry.getTime() - 40 * DAY))).toMatchObject({ expiring: 0 })
	expect(await runOrgReminders(org.id, new Date(expiry.getTime() - 20 * DAY))).toMatchObject({ expiring: 1 })
	expect(await runOrgReminders(org.id, new Date(expiry.getTime() - 19 * DAY))).toMatchObject({ expiring: 0 })

	// Past the expiry: assigned again, due 14 days after the expiry, and no longer completed.
	const after = new Date(expiry.getTime() + 3600 * 1000)
	expect(await runOrgReminders(org.id, after)).toMatchObject({ recertified: 1 })
	expect(await runOrgReminders(org.id, after)).toMatchObject({ recertified: 0 })
	const renewed = await db.learnerAssignment.findFirstOrThrow({ where: { userId: learner.id } })
	expect(renewed).toMatchObject({ round: 2, assignedAt: expiry, dueAt: new Date(expiry.getTime() + 14 * DAY) })
	expect(await listMyAssignments(learner.id, after)).toEqual([expect.objectContaining({ state: 'due' })])
	const mail = await outbox(learner)
	expect(mail.map((m) => m.subject.split(':')[0])).toEqual([
		'Assigned to you',
		'Credential issued',
		expect.stringMatching(/^Your credential expires on /),
		'Assigned again',
	])
	// The new round has its own reminders.
	expect(await runOrgReminders(org.id, new Date(expiry.getTime() + 8 * DAY))).toMatchObject({ dueSoon: 1 })
})

test('reminder settings are validated', () => {
	expect(parseReminderDays('14, 7,1,7')).toEqual([14, 7, 1])
	expect(parseReminderDays('')).toEqual([])
	expect(parseReminderDays('0,5')).toEqual([7, 1])
	const bad = reminderSettingsSchema.safeParse({ reminderDays: 'soon', expiryReminderDays: '0' })
	expect(bad.success).toBe(false)
	expect(bad.error?.issues.map((i) => i.message)).toEqual([
		'Give whole numbers of days from 1 to 90, separated by commas.',
		'At least 1 day.',
	])
})
