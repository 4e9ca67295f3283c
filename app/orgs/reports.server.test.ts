import { parse } from 'csv-parse/sync'
import { expect, test } from 'vitest'
import { assignFixturePath } from '../../tests/setup/assign'
import { earnCredential } from '../../tests/setup/earn-credential'
import { createTestOrg } from '../../tests/setup/factories'
import { FIXTURE_PATH } from '../../tests/fixtures/content-fixture'
import { getPath } from '../content/catalog.server'
import { db } from '../db/db.server'
import { createInvitations } from './invitations.server'
import { listMembers, MemberError, setMembersActive } from './members.server'
import {
	getCredentialsByMonth,
	getLearnerReport,
	getPathReport,
	getTeamPathReport,
	streamPathReportCsv,
} from './reports.server'
import { getSkillsGap, removeTarget, setTarget, targetableSkills, targetSchema, TargetError } from './skills-gap.server'
import { getOrgOverview } from './membership.server'
import { createTeam, listTeams } from './teams.server'

const DAY = 24 * 3600 * 1000

/**
 * An organisation with two teams: in Alpha one learner completed the path, one started it, one is
 * assigned and overdue, one did nothing; in Beta one learner did nothing; one person has no team.
 */
async function setup() {
	const { org, actor } = await createTestOrg('Hooli', { name: 'Gavin Owner', role: 'OWNER' })
	const alpha = await createTeam(org.id, actor, 'Alpha')
	const beta = await createTeam(org.id, actor, 'Beta')
	const person = async (name: string, teamId: string | null) => {
		const user = await db.user.create({
			data: { name, email: `${crypto.randomUUID()}@example.test`, passwordHash: 'x', emailVerifiedAt: new Date() },
			select: { id: true, email: true },
		})
		await db.membership.create({ data: { userId: user.id, orgId: org.id, teamId } })
		return user
	}
	const done = await person('Ada Done', alpha.id)
	const started = await person('Bo Started', alpha.id)
	const late = await person('Cy Late', alpha.id)
	const idle = await person('Di Idle', alpha.id)
	const betaIdle = await person('Ed Beta', beta.id)
	const loner = await person('Fi Loner', null)
	const past = new Date(Date.now() - 40 * DAY)
	await assignFixturePath(org.id, actor, { userIds: [late.id] }, { kind: 'days', days: 30 }, past)
	await db.pathProgress.create({ data: { userId: started.id, pathSlug: FIXTURE_PATH } })
	await earnCredential({ userId: done.id })
	return { org, actor, alpha, beta, done, started, late, idle, betaIdle, loner, owner: actor }
}

test('the path report counts each state per team, drills down to a team and a learner, and exports CSV', async () => {
	const s = await setup()
	const report = await getPathReport(s.org.id, FIXTURE_PATH)
	const alpha = report.teams.find((t) => t.name === 'Alpha')
	expect(alpha).toMatchObject({ members: 4, completed: 1, in_progress: 1, overdue: 1, not_started: 1, assigned: 1 })
	expect(report.teams.find((t) => t.name === 'Beta')).toMatchObject({ members: 1, not_started: 1 })
	// The loner has no team; the owner, who has not taken part in the path, is not counted as a learner.
	expect(report.teams.find((t) => t.teamId === null)).toMatchObject({ members: 1, not_started: 1 })
	expect(report.total).toMatchObject({ members: 6, completed: 1, in_progress: 1, overdue: 1, not_started: 3 })
	// An owner or admin who starts the path counts like anyone else.
	await db.pathProgress.create({ data: { userId: s.owner.id, pathSlug: FIXTURE_PATH } })
	expect((await getPathReport(s.org.id, FIXTURE_PATH)).total).toMatchObject({ members: 7, in_progress: 2 })
	await db.pathProgress.deleteMany({ where: { userId: s.owner.id, pathSlug: FIXTURE_PATH } })

	const team = await getTeamPathReport(s.org.id, FIXTURE_PATH, s.alpha.id, {})
	expect(team.learners.map((l) => [l.name, l.state])).toEqual([
		['Ada Done', 'completed'],
		['Bo Started', 'in_progress'],
		['Cy Late', 'overdue'],
		['Di Idle', 'not_started'],
	])
	expect(team.learners[2]!.dueAt).toBeInstanceOf(Date)
	const overdueOnly = await getTeamPathReport(s.org.id, FIXTURE_PATH, s.alpha.id, { state: 'overdue' })
	expect(overdueOnly).toMatchObject({ total: 1, learners: [expect.objectContaining({ name: 'Cy Late' })] })

	// The owner's own report still shows their state on the path, though the counts leave them out.
	expect((await getLearnerReport(s.org.id, s.owner.id, [FIXTURE_PATH]))?.paths).toEqual([
		expect.objectContaining({ state: 'not_started' }),
	])
	const learner = await getLearnerReport(s.org.id, s.done.id, [FIXTURE_PATH])
	expect(learner).toMatchObject({ name: 'Ada Done', team: { name: 'Alpha' }, paths: [{ state: 'completed' }] })
	// Inside the path: lessons done of the path's lessons, and the final assessment's tries.
	expect(learner!.paths[0]).toMatchObject({ lessonsDone: 0, lessonCount: 12, attempts: 1, bestScore: 1 })
	expect(learner!.paths[0]!.lastAttemptAt).toBeInstanceOf(Date)
	// A lesson no longer in the path does not count; one started but not finished does not either.
	await db.lessonProgress.createMany({
		data: [
			{ userId: s.started.id, pathSlug: FIXTURE_PATH, lessonSlug: 'lesson-1', completedAt: new Date() },
			{ userId: s.started.id, pathSlug: FIXTURE_PATH, lessonSlug: 'lesson-2' },
			{ userId: s.started.id, pathSlug: FIXTURE_PATH, lessonSlug: 'a-retired-lesson', completedAt: new Date() },
		],
	})
	const started = await getLearnerReport(s.org.id, s.started.id, [FIXTURE_PATH])
	expect(started!.paths[0]).toMatchObject({ lessonsDone: 1, attempts: 0, bestScore: null, lastAttemptAt: null })
	expect(learner!.credentials).toHaveLength(1)
	const other = await db.organization.create({ data: { name: 'Other', slug: `other-${crypto.randomUUID()}` } })
	expect(await getLearnerReport(other.id, s.done.id, [FIXTURE_PATH])).toBeNull()

	const months = await getCredentialsByMonth(s.org.id, FIXTURE_PATH)
	expect(months).toHaveLength(12)
	expect(months.at(-1)).toEqual({ month: new Date().toISOString().slice(0, 7), issued: 1 })
	expect(months.reduce((n, m) => n + m.issued, 0)).toBe(1)

	const csv = await new Response(streamPathReportCsv(s.org.id, FIXTURE_PATH, null)).text()
	const lines = csv.trim().split('\n')
	expect(lines[0]).toBe('name,email,team,path,state,started,last visit,completed,assigned,due')
	// A header and the six people the report counts (not the owner).
	expect(lines).toHaveLength(7)
	const title = getPath(FIXTURE_PATH)!.title
	expect(lines.find((l) => l.startsWith('Cy Late'))).toContain(`,Alpha,${title},Overdue,`)
	const betaCsv = await new Response(streamPathReportCsv(s.org.id, FIXTURE_PATH, s.beta.id)).text()
	expect(betaCsv.trim().split('\n').slice(1)).toEqual([expect.stringMatching(/^Ed Beta,.*,Beta,.*,Not started,/)])
})

test('the CSV export reads in batches and keeps every row once', async () => {
	const org = await db.organization.create({ data: { name: 'Big', slug: `big-${crypto.randomUUID()}` } })
	const ids = Array.from({ length: 2345 }, (_, i) => `big-${org.id}-${String(i).padStart(5, '0')}`)
	for (let i = 0; i < ids.length; i += 400) {
		const chunk = ids.slice(i, i + 400)
		await db.user.createMany({
			data: chunk.map((id) => ({
				id,
				name: `Learner ${id}`,
				email: `${id}@example.test`,
				passwordHash: 'x',
				emailVerifiedAt: new Date(),
			})),
		})
		await db.membership.createMany({ data: chunk.map((userId) => ({ userId, orgId: org.id })) })
	}
	const csv = await new Response(streamPathReportCsv(org.id, FIXTURE_PATH, null)).text()
	const emails = csv
		.trim()
		.split('\n')
		.slice(1)
		.map((l) => l.split(',')[1])
	expect(emails).toHaveLength(ids.length)
	expect(new Set(emails).size).toBe(ids.length)
})

test('deactivated people leave the reports; the members list filters by status, invitations included', async () => {
	const s = await setup()
	await expect(setMembersActive(s.org.id, s.actor, [s.owner.id], false)).rejects.toThrow(MemberError)
	const admin = { ...s.actor, role: 'ADMIN' as const }
	await db.membership.updateMany({ where: { orgId: s.org.id, userId: s.loner.id }, data: { role: 'ADMIN' } })
	await expect(setMembersActive(s.org.id, admin, [s.loner.id], false)).rejects.toThrow('Only owners')
	expect(await setMembersActive(s.org.id, s.actor, [s.idle.id, s.done.id], false)).toBe(2)
	expect(await setMembersActive(s.org.id, s.actor, [s.idle.id], false)).toBe(0)

	const alpha = (await getPathReport(s.org.id, FIXTURE_PATH)).teams.find((t) => t.name === 'Alpha')
	expect(alpha).toMatchObject({ members: 2, completed: 0, not_started: 0 })
	expect((await listTeams(s.org.id)).find((t) => t.name === 'Alpha')?.members).toBe(2)
	expect((await getOrgOverview(s.org.id)).learners).toBe(3) // 6 learners, one made admin, two deactivated
	const active = await listMembers(s.org.id, { team: s.alpha.id })
	expect(active.members.map((m) => m.name)).toEqual(['Bo Started', 'Cy Late'])
	const gone = await listMembers(s.org.id, { status: 'deactivated' })
	expect(gone.members.map((m) => [m.name, m.status])).toEqual([
		['Ada Done', 'deactivated'],
		['Di Idle', 'deactivated'],
	])
	expect(await db.auditEvent.count({ where: { orgId: s.org.id, action: 'member.deactivate' } })).toBe(2)
	await setMembersActive(s.org.id, s.actor, [s.done.id], true)
	expect((await getPathReport(s.org.id, FIXTURE_PATH)).total.completed).toBe(1)

	await createInvitations({
		orgId: s.org.id,
		actor: s.actor,
		emails: ['new.hire@example.test'],
		teamId: s.beta.id,
		role: 'LEARNER',
	})
	const invited = await listMembers(s.org.id, { status: 'invited', q: 'NEW.hire' })
	expect(invited).toMatchObject({
		total: 1,
		members: [{ email: 'new.hire@example.test', teamName: 'Beta', status: 'invited' }],
	})
	expect((await listMembers(s.org.id, { status: 'invited', team: s.alpha.id })).total).toBe(0)
})

test('skills gap: targets per team against the share holding the skill; deactivation and revocation lower it', async () => {
	const s = await setup()
	const path = getPath(FIXTURE_PATH)!
	const skillId = path.skills[0]!
	expect(targetableSkills().map((k) => k.id)).toContain(skillId)
	expect(targetSchema.safeParse({ teamId: s.alpha.id, skillId: 'esco:not-a-skill', targetPercent: '50' }).success).toBe(
		false,
	)
	expect(targetSchema.safeParse({ teamId: s.alpha.id, skillId, targetPercent: '101' }).success).toBe(false)

	// With no target yet, every targetable skill is a column and no cell has a status.
	let gap = await getSkillsGap(s.org.id)
	expect(gap.skills.length).toBe(targetableSkills().length)
	expect(gap.rows.flatMap((r) => r.cells).every((c) => c.status === 'none')).toBe(true)

	await setTarget(s.org.id, s.actor, { teamId: s.alpha.id, skillId, targetPercent: 25 })
	await setTarget(s.org.id, s.actor, { teamId: s.beta.id, skillId, targetPercent: 50 })
	gap = await getSkillsGap(s.org.id)
	expect(gap.skills.map((k) => k.id)).toEqual([skillId])
	const cell = (team: string) => gap.rows.find((r) => r.name === team)!.cells[0]!
	expect(cell('Alpha')).toEqual({ holders: 1, percent: 25, target: 25, status: 'met' })
	expect(cell('Beta')).toEqual({ holders: 0, percent: 0, target: 50, status: 'below' })
	expect(gap.summary).toEqual({ targets: 2, met: 1 })

	// Raising the target: 25% against 30% is near; a deactivated holder drops out.
	await setTarget(s.org.id, s.actor, { teamId: s.alpha.id, skillId, targetPercent: 30 })
	gap = await getSkillsGap(s.org.id)
	expect(cell('Alpha')).toMatchObject({ percent: 25, status: 'near' })
	await setMembersActive(s.org.id, s.actor, [s.done.id], false)
	gap = await getSkillsGap(s.org.id)
	expect(cell('Alpha')).toMatchObject({ holders: 0, percent: 0, status: 'below' })

	// Another organisation's team is refused; removing a target is audited.
	const other = await db.organization.create({ data: { name: 'Other', slug: `other-${crypto.randomUUID()}` } })
	const foreign = await createTeam(other.id, s.actor, 'Foreign')
	await expect(setTarget(s.org.id, s.actor, { teamId: foreign.id, skillId, targetPercent: 10 })).rejects.toThrow(
		TargetError,
	)
	await removeTarget(s.org.id, s.actor, s.beta.id, skillId)
	await expect(removeTarget(s.org.id, s.actor, s.beta.id, skillId)).rejects.toThrow('no such target')
	expect(
		await db.auditEvent.count({ where: { orgId: s.org.id, action: { in: ['target.set', 'target.remove'] } } }),
	).toBe(4)
})

test('the report CSV writes names that start like a formula as text: a spreadsheet never runs them', async () => {
	const org = await db.organization.create({ data: { name: 'Formulas', slug: `formulas-${crypto.randomUUID()}` } })
	const names = ['=HYPERLINK("https://evil.example","Open")', '@SUM(A1:A9)', '+44 20 7946 0000', '-1']
	for (const name of names) {
		const user = await db.user.create({
			data: { name, email: `${crypto.randomUUID()}@example.test`, passwordHash: 'x', emailVerifiedAt: new Date() },
		})
		await db.membership.create({ data: { userId: user.id, orgId: org.id } })
	}
	const csv = await new Response(streamPathReportCsv(org.id, FIXTURE_PATH, null)).text()
	const rows = parse(csv, { columns: true }) as Array<Record<string, string>>
	expect(rows.map((r) => r.name).sort()).toEqual(names.map((name) => `'${name}`).sort())
	// A UTF-8 byte-order mark first (Response.text() drops it), so Excel reads accented names right.
	const bytes = Buffer.from(await new Response(streamPathReportCsv(org.id, FIXTURE_PATH, null)).arrayBuffer())
	expect([...bytes.subarray(0, 4)]).toEqual([0xef, 0xbb, 0xbf, 'n'.charCodeAt(0)])
})
