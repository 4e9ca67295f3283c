import { expect, test } from 'vitest'
import { assignFixturePath } from '../../tests/setup/assign'
import { earnCredential } from '../../tests/setup/earn-credential'
import { createTestOrg, createTestUser } from '../../tests/setup/factories'
import { FIXTURE_PATH } from '../../tests/fixtures/content-fixture'
import { config } from '../config.server'
import { db } from '../db/db.server'
import { recipientCopy } from '../../tests/setup/recipient-copy'
import { AssignmentError, createAssignment, listAssignments, listMyAssignments } from './assignments.server'
import { acceptInvitation, createInvitations } from './invitations.server'
import { createTeam, moveMembers } from './teams.server'

const DAY = 24 * 3600 * 1000

async function setup() {
	const { org, actor } = await createTestOrg('Umbrella', { name: 'Ursula Admin', role: 'ADMIN' })
	const team = await createTeam(org.id, actor, 'Lab')
	return { org, actor, team }
}

async function member(orgId: string, teamId: string | null) {
	const user = await createTestUser()
	await db.membership.create({ data: { userId: user.id, orgId, teamId } })
	return user
}

test('a team assignment reaches its members now and people who join later, each due from their own start', async () => {
	const { org, actor, team } = await setup()
	const early = await member(org.id, team.id)
	const start = new Date('2026-03-01T09:00:00Z')
	const created = await assignFixturePath(org.id, actor, { teamId: team.id }, { kind: 'days', days: 30 }, start)
	expect(created.assigned).toBe(1)
	const mine = await listMyAssignments(early.id, new Date(start.getTime() + 10 * DAY))
	expect(mine).toEqual([
		expect.objectContaining({ pathSlug: FIXTURE_PATH, state: 'due', dueAt: new Date(start.getTime() + 30 * DAY) }),
	])
	expect((await listMyAssignments(early.id, new Date(start.getTime() + 31 * DAY)))[0]?.state).toBe('overdue')

	// Moved into the team later: assigned from the move, due 30 days after it.
	const late = await member(org.id, null)
	await moveMembers(org.id, actor, [late.id], team.id)
	const row = await db.learnerAssignment.findFirstOrThrow({ where: { userId: late.id } })
	expect(row.dueAt.getTime() - row.assignedAt.getTime()).toBe(30 * DAY)
	expect(row.assignedAt.getTime()).toBeGreaterThan(start.getTime())

	// Invited into the team and accepting: assigned too.
	const email = `newbie.${crypto.randomUUID().slice(0, 8)}@example.test`
	const newbie = await db.user.create({ data: { name: 'Newbie', email, passwordHash: 'x' } })
	await createInvitations({
		orgId: org.id,
		actor: { ...actor, role: 'ADMIN' },
		emails: [email],
		teamId: team.id,
		role: 'LEARNER',
	})
	const { text } = await recipientCopy({ to: email })
	await acceptInvitation(/\/invitations\/([A-Za-z0-9_-]{43})/.exec(text)![1]!, newbie)
	expect(await db.learnerAssignment.count({ where: { userId: newbie.id } })).toBe(1)

	// Moving someone out and back in does not assign twice.
	await moveMembers(org.id, actor, [late.id], null)
	await moveMembers(org.id, actor, [late.id], team.id)
	expect(await db.learnerAssignment.count({ where: { userId: late.id } })).toBe(1)
})

test('assigning people directly with a due date; completing the path after assignment marks it completed', async () => {
	const { org, actor } = await setup()
	const a = await member(org.id, null)
	const b = await member(org.id, null)
	const due = new Date(Date.now() + 20 * DAY).toISOString().slice(0, 10)
	await assignFixturePath(org.id, actor, { userIds: [a.id, b.id] }, { kind: 'date', date: due })
	expect((await listMyAssignments(a.id))[0]).toMatchObject({ state: 'due', dueAt: new Date(`${due}T23:59:59Z`) })
	await earnCredential({ userId: a.id })
	expect((await listMyAssignments(a.id))[0]?.state).toBe('completed')
	expect(await listAssignments(org.id)).toEqual([
		expect.objectContaining({ learners: 2, completed: 1, overdue: 0, team: null }),
	])
	expect(await listAssignments(org.id, new Date(Date.now() + 30 * DAY))).toEqual([
		expect.objectContaining({ learners: 2, completed: 1, overdue: 1 }),
	])
})

/** The assignment emails sent to `userId`, oldest first. */
async function assignmentEmails(userId: string) {
	const { email } = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } })
	return db.outboxEmail.findMany({
		where: { to: email, subject: { startsWith: 'Assigned to you:' } },
		orderBy: { createdAt: 'asc' },
	})
}

test('each person newly assigned a path gets one email and one notice, sent in the assignment’s transaction; nobody twice', async () => {
	const { org, actor, team } = await setup()
	const [a, b] = [await member(org.id, team.id), await member(org.id, team.id)]
	const outsider = await member(org.id, null)
	const start = new Date('2026-03-01T09:00:00Z')
	await assignFixturePath(org.id, actor, { teamId: team.id }, { kind: 'days', days: 14 }, start)
	for (const person of [a, b]) {
		const [email, ...more] = await assignmentEmails(person.id)
		expect(more).toEqual([])
		expect(email).toMatchObject({ orgId: org.id, subject: 'Assigned to you: Counting parcels well' })
		expect(email!.text).toContain('Umbrella assigned you “Counting parcels well”')
		expect(email!.text).toContain('Due: 15 March 2026')
		expect(email!.text).toContain(`Start the path:\n${config.PUBLIC_ORIGIN}/paths/${FIXTURE_PATH}`)
		expect(email!.html).toContain(`href="${config.PUBLIC_ORIGIN}/paths/${FIXTURE_PATH}"`)
		// Delivered by its job like any other message.
		expect(await db.job.count({ where: { kind: 'email.send', payload: { contains: email!.id } } })).toBe(1)
		// And a notice in the app, pointing at the path.
		expect(await db.notification.findMany({ where: { userId: person.id } })).toEqual([
			expect.objectContaining({
				orgId: org.id,
				kind: 'assignment.new',
				title: 'New assignment: “Counting parcels well”',
				body: 'Umbrella asks you to complete it by 15 March 2026.',
				link: `/paths/${FIXTURE_PATH}`,
				readAt: null,
			}),
		])
	}
	expect(await assignmentEmails(outsider.id)).toEqual([])

	// Joining the team later: the newcomer is told; those already assigned are not told again.
	await moveMembers(org.id, actor, [outsider.id], team.id)
	expect(await assignmentEmails(outsider.id)).toHaveLength(1)
	await moveMembers(org.id, actor, [outsider.id], null)
	await moveMembers(org.id, actor, [outsider.id], team.id)
	for (const person of [a, b, outsider]) {
		expect(await assignmentEmails(person.id)).toHaveLength(1)
		expect(await db.notification.count({ where: { userId: person.id, kind: 'assignment.new' } })).toBe(1)
	}
})

test('an assignment that is refused sends no email and no notice', async () => {
	const { org, actor } = await setup()
	const a = await member(org.id, null)
	const stranger = await createTestUser()
	await expect(
		assignFixturePath(org.id, actor, { userIds: [a.id, stranger.id] }, { kind: 'days', days: 5 }),
	).rejects.toThrow(AssignmentError)
	expect(await assignmentEmails(a.id)).toEqual([])
	expect(await db.notification.count({ where: { userId: a.id } })).toBe(0)
})

test('bad assignments are refused and write nothing', async () => {
	const { org, actor, team } = await setup()
	const stranger = await createTestUser()
	const base = { orgId: org.id, actor, pathSlug: FIXTURE_PATH }
	await expect(
		createAssignment({ ...base, target: { userIds: [stranger.id] }, due: { kind: 'days', days: 5 } }),
	).rejects.toThrow('not in your organisation')
	await expect(
		createAssignment({
			...base,
			pathSlug: 'no-such-path',
			target: { teamId: team.id },
			due: { kind: 'days', days: 5 },
		}),
	).rejects.toThrow(AssignmentError)
	await expect(
		createAssignment({ ...base, target: { teamId: team.id }, due: { kind: 'date', date: '2020-01-01' } }),
	).rejects.toThrow('passed')
	const other = await setup()
	await expect(
		createAssignment({ ...base, target: { teamId: other.team.id }, due: { kind: 'days', days: 5 } }),
	).rejects.toThrow(AssignmentError)
	expect(await db.assignment.count({ where: { orgId: org.id } })).toBe(0)
})
