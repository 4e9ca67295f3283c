import { parse } from 'csv-parse/sync'
import { expect, test } from 'vitest'
import { earnCredential } from '../../tests/setup/earn-credential'
import { createTestOrg, createTestUser } from '../../tests/setup/factories'
import { listAuditEvents, streamAuditCsv } from '../audit/audit.server'
import { db } from '../db/db.server'
import { changeCredentialStatus } from '../issuing/status-changes.server'
import { listMembers, MEMBERS_PAGE_SIZE } from './members.server'
import { createTeam, listTeams, moveMembers, renameTeam, setTeamArchived, TeamError } from './teams.server'

const createOrg = () => createTestOrg('Acme', { name: 'Alex Admin', role: 'ADMIN' })

async function addMember(
	orgId: string,
	name: string,
	teamId: string | null = null,
	role: 'LEARNER' | 'ADMIN' = 'LEARNER',
) {
	const user = await db.user.create({
		data: {
			name,
			email: `${name.toLowerCase().replaceAll(' ', '.')}.${crypto.randomUUID().slice(0, 6)}@example.test`,
			passwordHash: 'x',
			emailVerifiedAt: new Date(),
		},
		select: { id: true, email: true },
	})
	await db.membership.create({ data: { userId: user.id, orgId, teamId, role } })
	return user
}

test('teams are created, renamed, archived and restored, each with its audit entry; names stay unique', async () => {
	const { org, actor } = await createOrg()
	const ops = await createTeam(org.id, actor, 'Operations')
	await expect(createTeam(org.id, actor, 'Operations')).rejects.toThrow(TeamError)
	await createTeam(org.id, actor, 'Sales')
	await expect(renameTeam(org.id, actor, ops.id, 'Sales')).rejects.toThrow('already has this name')
	await renameTeam(org.id, actor, ops.id, 'Field Operations')
	await setTeamArchived(org.id, actor, ops.id, true)
	expect((await listTeams(org.id)).map((t) => [t.name, t.archivedAt !== null])).toEqual([
		['Sales', false],
		['Field Operations', true],
	])
	await setTeamArchived(org.id, actor, ops.id, false)

	const { events, total } = await listAuditEvents(org.id, {})
	expect(total).toBe(5)
	expect(events.map((e) => e.action)).toEqual([
		'team.restore',
		'team.archive',
		'team.rename',
		'team.create',
		'team.create',
	])
	expect(events[2]!.summary).toBe('Renamed the team “Operations” to “Field Operations”.')
	expect(events.every((e) => e.actorName === 'Alex Admin')).toBe(true)

	// Another organisation's admin cannot touch this team.
	const other = await createOrg()
	await expect(renameTeam(other.org.id, other.actor, ops.id, 'Mine')).rejects.toThrow('no such team')
	expect((await listAuditEvents(other.org.id, {})).total).toBe(0)
})

test('moving people is all or nothing, and never reaches outside the organisation or into an archived team', async () => {
	const { org, actor } = await createOrg()
	const ops = await createTeam(org.id, actor, 'Operations')
	const archived = await createTeam(org.id, actor, 'Old team')
	await setTeamArchived(org.id, actor, archived.id, true)
	const [a, b] = [await addMember(org.id, 'Ann Lee'), await addMember(org.id, 'Bo Chen')]
	const stranger = await createTestUser('Stranger')

	await expect(moveMembers(org.id, actor, [a.id, stranger.id], ops.id)).rejects.toThrow('not in your organisation')
	await expect(moveMembers(org.id, actor, [a.id], archived.id)).rejects.toThrow('archived')
	expect(await db.membership.count({ where: { orgId: org.id, teamId: { not: null } } })).toBe(0)

	expect(await moveMembers(org.id, actor, [a.id, b.id, a.id], ops.id)).toBe(2)
	expect(await moveMembers(org.id, actor, [a.id], ops.id)).toBe(0)
	const moves = await listAuditEvents(org.id, { action: 'member.move' })
	expect(moves.events.map((e) => e.summary).sort()).toEqual([
		'Moved Ann Lee to the team “Operations”.',
		'Moved Bo Chen to the team “Operations”.',
	])
	expect(await moveMembers(org.id, actor, [b.id], null)).toBe(1)
	expect((await db.membership.findFirstOrThrow({ where: { userId: b.id, orgId: org.id } })).teamId).toBeNull()
})

test('the members list searches, filters and pages, with the search text taken literally', async () => {
	const { org, actor } = await createOrg()
	const ops = await createTeam(org.id, actor, 'Operations')
	for (let i = 0; i < MEMBERS_PAGE_SIZE + 5; i++) {
		await addMember(org.id, `Learner ${String(i).padStart(3, '0')}`, i % 2 ? ops.id : null)
	}
	await addMember(org.id, 'Zoë 100% Ready', ops.id, 'ADMIN')

	const all = await listMembers(org.id, {})
	expect(all.total).toBe(MEMBERS_PAGE_SIZE + 7)
	expect(all.pages).toBe(2)
	expect(all.members).toHaveLength(MEMBERS_PAGE_SIZE)
	const second = await listMembers(org.id, {}, 2)
	expect(second.members).toHaveLength(7)
	expect(new Set([...all.members, ...second.members].map((m) => m.userId)).size).toBe(MEMBERS_PAGE_SIZE + 7)

	expect((await listMembers(org.id, { q: 'LEARNER 01' })).members.map((m) => m.name)).toEqual(
		Array.from({ length: 10 }, (_, i) => `Learner 01${i}`),
	)
	expect((await listMembers(org.id, { q: '100%' })).members.map((m) => m.name)).toEqual(['Zoë 100% Ready'])
	expect((await listMembers(org.id, { q: '%' })).total).toBe(1)
	expect((await listMembers(org.id, { q: '_' })).total).toBe(0)
	expect((await listMembers(org.id, { q: 'EXAMPLE.TEST' })).total).toBe(MEMBERS_PAGE_SIZE + 7)
	expect((await listMembers(org.id, { team: ops.id })).total).toBe(28)
	expect((await listMembers(org.id, { team: 'none' })).total).toBe(29)
	expect((await listMembers(org.id, { role: 'ADMIN' })).members.map((m) => m.name)).toEqual([
		'Alex Admin',
		'Zoë 100% Ready',
	])
	expect((await listMembers(org.id, { role: 'ADMIN', team: ops.id })).members[0]?.teamName).toBe('Operations')
	// Another organisation sees none of them.
	const other = await createOrg()
	expect((await listMembers(other.org.id, { q: 'Learner' })).total).toBe(0)
})

test('an admin revoking a credential is in the audit log; the log exports as CSV row by row', async () => {
	const { org, actor } = await createOrg()
	const learner = await addMember(org.id, 'Lin Park')
	const { row } = await earnCredential({ userId: learner.id })
	await changeCredentialStatus({
		credentialId: row.id,
		action: 'suspend',
		reason: 'Checking the attempt',
		actorId: actor.id,
		actorName: actor.name,
		orgId: org.id,
	})
	const [event] = (await listAuditEvents(org.id, { action: 'credential.suspend' })).events
	expect(event).toMatchObject({ targetType: 'credential', targetId: row.id, actorName: 'Alex Admin' })
	expect(event!.summary).toContain('Lin Park')
	expect(event!.summary).toContain('Reason: Checking the attempt')

	// More rows than one batch of the stream, with a comma and quotes in a summary.
	await createTeam(org.id, actor, 'Sales, "North"')
	await db.auditEvent.createMany({
		data: Array.from({ length: 1500 }, (_, i) => ({
			orgId: org.id,
			actorId: actor.id,
			actorName: actor.name,
			action: 'team.rename',
			targetType: 'team',
			targetId: `t${i}`,
			summary: `Rename ${i}`,
			createdAt: new Date(Date.now() - i * 1000),
		})),
	})
	const text = await new Response(streamAuditCsv(org.id, {})).text()
	const rows = parse(text, { columns: true }) as Array<Record<string, string>>
	expect(rows).toHaveLength(1502)
	expect(new Set(rows.map((r) => `${r.time}|${r['target id']}`)).size).toBe(1502)
	expect(rows.some((r) => r.summary === 'Created the team “Sales, "North"”.')).toBe(true)
	const times = rows.map((r) => r.time!)
	expect([...times].sort().reverse()).toEqual(times)

	const empty = await new Response(streamAuditCsv(org.id, { action: 'team.archive' })).text()
	expect(empty.trim()).toBe('time,actor,action,target type,target id,summary')
	// The file starts with a UTF-8 byte-order mark (which Response.text() drops), once, so Excel reads “é” right.
	const bytes = Buffer.from(await new Response(streamAuditCsv(org.id, {})).arrayBuffer())
	expect([...bytes.subarray(0, 4)]).toEqual([0xef, 0xbb, 0xbf, 't'.charCodeAt(0)])
	expect(bytes.indexOf(Buffer.from([0xef, 0xbb, 0xbf]), 3)).toBe(-1)
})

test('the audit CSV writes text that starts like a formula as text: a spreadsheet never runs it', async () => {
	const { org, actor } = await createOrg()
	const hostile = ['=HYPERLINK("https://evil.example","Click")', '@SUM(1+1)', '+1+1', '-2+3', '\tTAB']
	await db.auditEvent.createMany({
		data: hostile.map((summary, i) => ({
			orgId: org.id,
			actorId: actor.id,
			actorName: i === 0 ? '=cmd|" /C calc"!A0' : actor.name,
			action: 'team.rename',
			targetType: 'team',
			targetId: `t${i}`,
			summary,
		})),
	})
	const rows = parse(await new Response(streamAuditCsv(org.id, {})).text(), { columns: true }) as Array<
		Record<string, string>
	>
	expect(rows.map((r) => r.summary).sort()).toEqual(hostile.map((text) => `'${text}`).sort())
	expect(rows.map((r) => r.actor)).toContain(`'=cmd|" /C calc"!A0`)
})
