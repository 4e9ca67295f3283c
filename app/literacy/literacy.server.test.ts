import { expect, test } from 'vitest'
import { earnCredential } from '../../tests/setup/earn-credential'
import { createTestOrg, createTestUser } from '../../tests/setup/factories'
import { FIXTURE_PATH } from '../../tests/fixtures/content-fixture'
import { db } from '../db/db.server'
import { addMonths } from '../format/dates'
import { changeCredentialStatus } from '../issuing/status-changes.server'
import { listMyAssignments } from '../orgs/assignments.server'
import { runOrgReminders } from '../orgs/reminders.server'
import { createTeam, moveMembers } from '../orgs/teams.server'
import { getEvidenceReport } from './evidence.server'
import {
	addStarterRoles,
	AiRoleError,
	aiRoleInputSchema,
	archiveAiRole,
	createAiRole,
	endAiRoleGrant,
	grantAiRole,
	listAiRoles,
} from './roles.server'

const DAY = 24 * 3600 * 1000
/** A few milliseconds, so that moments taken around it fall strictly between the changes made on either side. */
const pause = () => new Promise((resolve) => setTimeout(resolve, 20))
const HOUR = 3600 * 1000

async function setup() {
	const { org, actor } = await createTestOrg('Umbrella', { name: 'Olga Owner', role: 'OWNER' })
	const [hr, sales] = [await createTeam(org.id, actor, 'People team'), await createTeam(org.id, actor, 'Sales')]
	return { org, actor, hr, sales }
}

async function member(orgId: string, teamId: string | null, name: string) {
	const user = await createTestUser(name)
	await db.membership.create({ data: { userId: user.id, orgId, teamId } })
	return user
}

const hiringRole = {
	name: 'Uses AI in hiring',
	description: 'Screens candidates with an AI ranking tool.',
	refreshMonths: 6,
	dueDays: 14,
	pathSlugs: [FIXTURE_PATH],
}

/** The state of each person's requirement of the one role, by name. */
function states(report: Awaited<ReturnType<typeof getEvidenceReport>>) {
	return Object.fromEntries(report.people.map((p) => [p.name, p.roles.map((r) => r.requirements[0]!.state).join()]))
}

test('a role given to a team assigns its training to the members now and later; the report says who meets it and who is overdue', async () => {
	const { org, actor, hr } = await setup()
	const [ana, ben] = [await member(org.id, hr.id, 'Ana'), await member(org.id, hr.id, 'Ben')]
	const outsider = await member(org.id, null, 'Cy')
	const t0 = new Date(Date.now() + HOUR)
	const role = await createAiRole(org.id, actor, hiringRole, t0)
	expect(await grantAiRole(org.id, actor, role.id, { teamId: hr.id }, t0)).toEqual({ granted: 1 })
	// Given again: nothing new.
	expect(await grantAiRole(org.id, actor, role.id, { teamId: hr.id }, t0)).toEqual({ granted: 0 })

	// The training follows the role: assigned to both members, due within the role's days, told by notice.
	for (const person of [ana, ben]) {
		expect(await listMyAssignments(person.id, t0)).toEqual([
			expect.objectContaining({ pathSlug: FIXTURE_PATH, state: 'due', dueAt: new Date(t0.getTime() + 14 * DAY) }),
		])
		expect(await db.notification.count({ where: { userId: person.id, kind: 'assignment.new' } })).toBe(1)
	}
	expect(await listMyAssignments(outsider.id, t0)).toEqual([])

	const { row } = await earnCredential({ userId: ana.id, now: new Date(t0.getTime() + DAY) })
	const day2 = await getEvidenceReport(org.id, new Date(t0.getTime() + 2 * DAY))
	expect(day2.roles).toEqual([
		expect.objectContaining({ name: 'Uses AI in hiring', holders: 2, meeting: 1, overdue: 0 }),
	])
	expect(states(day2)).toEqual({ Ana: 'met', Ben: 'due' })
	const anaRole = day2.people.find((p) => p.name === 'Ana')!.roles[0]!
	expect(anaRole).toMatchObject({ via: 'team', meets: true, since: t0 })
	expect(anaRole.requirements[0]).toMatchObject({ credentialId: row.id, dueAt: null })

	// Past the 14 days, Ben is overdue.
	const day15 = await getEvidenceReport(org.id, new Date(t0.getTime() + 15 * DAY))
	expect(states(day15)).toEqual({ Ana: 'met', Ben: 'overdue' })
	expect(day15.roles[0]).toMatchObject({ holders: 2, meeting: 1, overdue: 1 })
	// Per team and per person.
	expect(states(await getEvidenceReport(org.id, new Date(t0.getTime() + 15 * DAY), { teamId: null }))).toEqual({})
	expect(states(await getEvidenceReport(org.id, new Date(t0.getTime() + 15 * DAY), { userId: ben.id }))).toEqual({
		Ben: 'overdue',
	})
	// Someone who joins the team later holds the role, and gets the training, from the day they join.
	await moveMembers(org.id, actor, [outsider.id], hr.id)
	expect(await listMyAssignments(outsider.id)).toEqual([expect.objectContaining({ pathSlug: FIXTURE_PATH })])
})

test('a requirement is not met by a credential that expired, was revoked or suspended, or is older than the refresh period', async () => {
	const { org, actor } = await setup()
	const people = []
	for (const name of ['Dee', 'Eve', 'Fay', 'Gil']) people.push(await member(org.id, null, name))
	const [, eve, fay, gil] = people as [{ id: string }, { id: string }, { id: string }, { id: string }]
	const t0 = new Date(Date.now() + HOUR)
	const role = await createAiRole(org.id, actor, { ...hiringRole, refreshMonths: 6 }, t0)
	await grantAiRole(org.id, actor, role.id, { userIds: people.map((p) => p.id) }, t0)
	const earned = new Date(t0.getTime() + DAY)
	const credentials = new Map<string, string>()
	for (const person of people)
		credentials.set(person.id, (await earnCredential({ userId: person.id, now: earned })).row.id)
	const later = new Date(t0.getTime() + 10 * DAY)
	expect(states(await getEvidenceReport(org.id, later))).toEqual({ Dee: 'met', Eve: 'met', Fay: 'met', Gil: 'met' })

	const [revokedAt, suspendedAt] = [new Date(t0.getTime() + 3 * DAY), new Date(t0.getTime() + 4 * DAY)]
	await changeCredentialStatus({
		credentialId: credentials.get(eve.id)!,
		action: 'revoke',
		reason: 'Answers were shared',
		actorId: actor.id,
		now: revokedAt,
	})
	await changeCredentialStatus({
		credentialId: credentials.get(fay.id)!,
		action: 'suspend',
		reason: 'Under review',
		actorId: actor.id,
		now: suspendedAt,
	})
	// Revoked and suspended: not met, and due again from that moment (14 days, so not yet overdue).
	expect(states(await getEvidenceReport(org.id, later))).toEqual({ Dee: 'met', Eve: 'due', Fay: 'due', Gil: 'met' })
	const eveNow = (await getEvidenceReport(org.id, later, { userId: eve.id })).people[0]!.roles[0]!.requirements[0]!
	expect(eveNow.dueAt).toEqual(new Date(revokedAt.getTime() + 14 * DAY))
	// Before either happened, both were met: the report reads the history, not today's state.
	const before = new Date(t0.getTime() + 2 * DAY)
	expect(states(await getEvidenceReport(org.id, before))).toEqual({ Dee: 'met', Eve: 'met', Fay: 'met', Gil: 'met' })
	// A lifted suspension counts again from the lift.
	await changeCredentialStatus({
		credentialId: credentials.get(fay.id)!,
		action: 'reinstate',
		reason: 'Review closed',
		actorId: actor.id,
		now: new Date(t0.getTime() + 5 * DAY),
	})
	expect(states(await getEvidenceReport(org.id, later)).Fay).toBe('met')

	// Six months after the training, the refresh period has passed: due again, then overdue.
	const renewal = addMonths(earned, 6)
	expect(states(await getEvidenceReport(org.id, new Date(renewal.getTime() - HOUR))).Dee).toBe('met')
	expect(states(await getEvidenceReport(org.id, new Date(renewal.getTime() + HOUR))).Dee).toBe('due')
	expect(states(await getEvidenceReport(org.id, new Date(renewal.getTime() + 15 * DAY))).Dee).toBe('overdue')
	// Gil's credential, once expired, does not count either (the fixture path's credential is valid for less than
	// the refresh period would allow in a role without one).
	await db.aiRole.update({ where: { id: role.id }, data: { refreshMonths: null } })
	const { validUntil } = await db.credential.findUniqueOrThrow({ where: { id: credentials.get(gil.id)! } })
	expect(states(await getEvidenceReport(org.id, new Date(validUntil.getTime() - HOUR))).Gil).toBe('met')
	expect(states(await getEvidenceReport(org.id, new Date(validUntil.getTime() + HOUR))).Gil).toBe('due')
})

test('the training is assigned again when the role’s refresh period has passed since it was completed', async () => {
	const { org, actor, hr } = await setup()
	const ana = await member(org.id, hr.id, 'Ana')
	const t0 = new Date(Date.now() + HOUR)
	const role = await createAiRole(org.id, actor, hiringRole, t0)
	await grantAiRole(org.id, actor, role.id, { teamId: hr.id }, t0)
	const earned = new Date(t0.getTime() + DAY)
	await earnCredential({ userId: ana.id, now: earned })
	const renewal = addMonths(earned, 6)

	expect(await runOrgReminders(org.id, new Date(renewal.getTime() - DAY))).toMatchObject({
		recertified: 0,
		expiring: 0,
	})
	const after = new Date(renewal.getTime() + HOUR)
	expect(await runOrgReminders(org.id, after)).toMatchObject({ recertified: 1 })
	expect(await runOrgReminders(org.id, after)).toMatchObject({ recertified: 0 })
	const row = await db.learnerAssignment.findFirstOrThrow({ where: { userId: ana.id } })
	expect(row).toMatchObject({ round: 2, assignedAt: renewal, dueAt: new Date(renewal.getTime() + 14 * DAY) })
	expect(await listMyAssignments(ana.id, after)).toEqual([expect.objectContaining({ state: 'due' })])
	const notice = await db.notification.findFirstOrThrow({ where: { userId: ana.id, kind: 'assignment.recertify' } })
	expect(notice.body).toContain('Your role asks for it every 6 months')
	const { email } = await db.user.findUniqueOrThrow({ where: { id: ana.id } })
	const mail = await db.outboxEmail.findFirstOrThrow({
		where: { to: email, subject: { startsWith: 'Assigned again' } },
	})
	expect(mail.text.replace(/\s+/g, ' ')).toContain('asks for “Counting parcels well” again every 6 months')
})

test('the report as of a past day shows who held the role then, through the team they were in then', async () => {
	const { org, actor, hr, sales } = await setup()
	const ana = await member(org.id, hr.id, 'Ana')
	const given = new Date()
	const role = await createAiRole(org.id, actor, hiringRole, given)
	await grantAiRole(org.id, actor, role.id, { teamId: hr.id }, given)
	const { row } = await earnCredential({ userId: ana.id, now: new Date(given.getTime() + 1) })
	await pause()
	const whileInHr = new Date()
	await pause()
	// Ana moves to Sales (the move is recorded by the database when it happens), and her credential is revoked.
	await moveMembers(org.id, actor, [ana.id], sales.id)
	await changeCredentialStatus({ credentialId: row.id, action: 'revoke', reason: 'Shared answers', actorId: actor.id })
	const now = new Date(Date.now() + 1000)

	expect(states(await getEvidenceReport(org.id, whileInHr))).toEqual({ Ana: 'met' })
	expect((await getEvidenceReport(org.id, whileInHr, { teamId: hr.id })).people).toHaveLength(1)
	// Today she holds no role: Sales was not given it.
	expect((await getEvidenceReport(org.id, now)).people).toEqual([])
	expect((await getEvidenceReport(org.id, now)).roles[0]).toMatchObject({ holders: 0, meeting: 0 })
	// Given to her in person, she holds it again, and the revoked credential no longer meets it.
	await grantAiRole(org.id, actor, role.id, { userIds: [ana.id] })
	await pause()
	const heldAgain = new Date()
	await pause()
	const report = await getEvidenceReport(org.id, heldAgain)
	expect(states(report)).toEqual({ Ana: 'due' })
	expect(report.people[0]!.roles[0]!.via).toBe('person')
	// A deactivated member holds no role while deactivated; the day before still shows her.
	await db.membership.update({
		where: { userId_orgId: { userId: ana.id, orgId: org.id } },
		data: { deactivatedAt: new Date() },
	})
	expect((await getEvidenceReport(org.id, new Date(Date.now() + 1000))).people).toEqual([])
	expect(states(await getEvidenceReport(org.id, heldAgain))).toEqual({ Ana: 'due' })
})

test('taking a role back or archiving it ends the grants and archives their assignments; history stays', async () => {
	const { org, actor, hr } = await setup()
	const ana = await member(org.id, hr.id, 'Ana')
	const t0 = new Date(Date.now() + HOUR)
	const role = await createAiRole(org.id, actor, hiringRole, t0)
	await grantAiRole(org.id, actor, role.id, { teamId: hr.id }, t0)
	const [listed] = await listAiRoles(org.id)
	expect(listed).toMatchObject({ name: 'Uses AI in hiring', grants: [{ kind: 'team', name: 'People team' }] })
	await endAiRoleGrant(org.id, actor, listed!.grants[0]!.id, new Date(t0.getTime() + DAY))
	expect(await listMyAssignments(ana.id, new Date(t0.getTime() + 2 * DAY))).toEqual([])
	expect(states(await getEvidenceReport(org.id, new Date(t0.getTime() + HOUR)))).toEqual({ Ana: 'due' })
	expect(states(await getEvidenceReport(org.id, new Date(t0.getTime() + 2 * DAY)))).toEqual({})
	await expect(endAiRoleGrant(org.id, actor, listed!.grants[0]!.id)).rejects.toThrow(AiRoleError)

	await archiveAiRole(org.id, actor, role.id, new Date(t0.getTime() + 3 * DAY))
	expect(await listAiRoles(org.id)).toEqual([])
	expect((await getEvidenceReport(org.id, new Date(t0.getTime() + HOUR))).roles).toHaveLength(1)
	expect((await getEvidenceReport(org.id, new Date(t0.getTime() + 4 * DAY))).roles).toEqual([])
	const actions = await db.auditEvent.findMany({ where: { orgId: org.id, action: { startsWith: 'ai-role.' } } })
	expect(actions.map((a) => a.action).sort()).toEqual([
		'ai-role.archive',
		'ai-role.create',
		'ai-role.grant',
		'ai-role.ungrant',
	])
})

test('roles are validated, named once per organisation, and given only within it', async () => {
	const { org, actor } = await setup()
	const parsed = aiRoleInputSchema.safeParse({
		name: 'x',
		description: 'short',
		dueDays: '0',
		refreshMonths: '99',
		pathSlugs: [],
	})
	expect(parsed.success).toBe(false)
	expect(parsed.error?.issues.map((i) => i.message)).toEqual([
		'Give the role a name of at least 3 characters.',
		'Say in a sentence what people in this role do with AI.',
		'At most 60 months.',
		'At least 1 day.',
		'Choose at least one path this role requires.',
	])
	expect(aiRoleInputSchema.safeParse({ ...hiringRole, pathSlugs: ['no-such-path'] }).success).toBe(false)
	expect(aiRoleInputSchema.parse({ ...hiringRole, refreshMonths: '' }).refreshMonths).toBeNull()

	const role = await createAiRole(org.id, actor, hiringRole)
	await expect(createAiRole(org.id, actor, hiringRole)).rejects.toThrow(
		'There is already a role called “Uses AI in hiring”.',
	)
	const stranger = await createTestUser('Stranger')
	await expect(grantAiRole(org.id, actor, role.id, { userIds: [stranger.id] })).rejects.toThrow(AiRoleError)
	const { org: other, actor: otherActor } = await createTestOrg('Elsewhere', { name: 'Oz', role: 'OWNER' })
	await expect(grantAiRole(other.id, otherActor, role.id, { userIds: [otherActor.id] })).rejects.toThrow(
		'There is no such role in your organisation.',
	)
	expect(await db.aiRoleGrant.count({ where: { roleId: role.id } })).toBe(0)
})

test('the starter roles are added once, to an organisation with none', async () => {
	const { org, actor } = await setup()
	// The test catalogue holds one path, not the real ones: no starter role has a path there.
	expect(await addStarterRoles(org.id, actor)).toBe(0)
	await createAiRole(org.id, actor, hiringRole)
	expect(await addStarterRoles(org.id, actor)).toBe(0)
	expect(await db.aiRole.count({ where: { orgId: org.id } })).toBe(1)
})
