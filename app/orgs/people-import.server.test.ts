import { expect, test } from 'vitest'
import { createTestOrg, createTestUser } from '../../tests/setup/factories'
import { listAuditEvents } from '../audit/audit.server'
import { db } from '../db/db.server'
import { claimJob } from '../jobs/queue.server'
import {
	getImport,
	ImportError,
	parsePeopleCsv,
	previewImport,
	runImportJob,
	startImport,
} from './people-import.server'
import { createTeam } from './teams.server'

const setup = () => createTestOrg('Initech', { name: 'Peter Admin', role: 'ADMIN' })

const noProgress = { progress: async () => true }

/** Runs the queued import job of this batch to the end, as the worker would. */
async function runQueued(batchId: string) {
	const batch = await db.importBatch.findUniqueOrThrow({ where: { id: batchId } })
	const job = await db.job.findUniqueOrThrow({ where: { id: batch.jobId! } })
	const claimed = (await claimJob('w', [job.kind], 60_000))!
	expect(claimed.id).toBe(job.id)
	return runImportJob(claimed, noProgress)
}

test('every row is checked, with its line number; the header names the columns in any order', () => {
	const csv = [
		'Email,NAME,Role,Team',
		'ann@example.test,Ann,learner,Ops',
		'not-an-email,Bad Row,,',
		'ann@example.test,Ann Again,,',
		',No Email,,',
		'bo@example.test,Bo,boss,',
		'cy@example.test,Cy,admin,',
		'"dee@example.test","Dee, Jr.",,"Sales, North"',
	].join('\r\n')
	const { rows, errors, total } = parsePeopleCsv(csv, { canInviteAdmins: false })
	expect(total).toBe(7)
	expect(rows.map((r) => [r.line, r.email, r.name, r.team, r.role])).toEqual([
		[2, 'ann@example.test', 'Ann', 'Ops', 'LEARNER'],
		[8, 'dee@example.test', 'Dee, Jr.', 'Sales, North', 'LEARNER'],
	])
	expect(errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7])
	expect(errors[1]!.message).toBe('ann@example.test is already on line 2.')
	expect(errors[3]!.message).toContain('learner or admin')
	expect(errors[4]!.message).toBe('Only owners can add administrators.')
	expect(() => parsePeopleCsv('first,last\nA,B', { canInviteAdmins: false })).toThrow(ImportError)
	expect(() => parsePeopleCsv('', { canInviteAdmins: false })).toThrow('empty')
	expect(() => parsePeopleCsv('name,email\n"unclosed,a@b.test', { canInviteAdmins: false })).toThrow('not valid CSV')
})

test('the preview writes nothing but itself; the import invites, moves and creates teams; a second run changes nothing', async () => {
	const { org, actor } = await setup()
	const ops = await createTeam(org.id, actor, 'Ops')
	const existing = await createTestUser('Existing Member')
	const existingEmail = (await db.user.findUniqueOrThrow({ where: { id: existing.id } })).email
	await db.membership.create({ data: { userId: existing.id, orgId: org.id, teamId: null } })
	const csv = [
		'name,email,team',
		`Existing Member,${existingEmail},Ops`,
		'Fay New,fay@initech.test,Sales',
		'Gus New,gus@initech.test,',
		'Broken,broken,',
	].join('\n')

	const preview = await previewImport({ orgId: org.id, actor, fileName: 'people.csv', text: csv })
	const before = {
		invitations: await db.invitation.count({ where: { orgId: org.id } }),
		teams: await db.team.count({ where: { orgId: org.id } }),
	}
	expect(before).toEqual({ invitations: 0, teams: 1 })
	const shown = (await getImport(org.id, preview.id))!
	expect(shown.report.counts).toEqual({ invite: 2, move: 1, unchanged: 0, pending: 0, error: 1 })
	expect(shown.report.newTeams).toEqual(['Sales'])
	expect(shown.report.errors).toEqual([{ line: 5, message: expect.stringContaining('valid email') }])

	await startImport(org.id, actor, preview.id)
	await expect(startImport(org.id, actor, preview.id)).rejects.toThrow(ImportError)
	expect(await runQueued(preview.id)).toEqual({ invited: 2, moved: 1, unchanged: 0, teamsCreated: 1 })
	const sales = await db.team.findFirstOrThrow({ where: { orgId: org.id, name: 'Sales' } })
	expect(
		await db.invitation.findMany({
			where: { orgId: org.id },
			select: { email: true, teamId: true },
			orderBy: { email: 'asc' },
		}),
	).toEqual([
		{ email: 'fay@initech.test', teamId: sales.id },
		{ email: 'gus@initech.test', teamId: null },
	])
	expect(await db.outboxEmail.count({ where: { orgId: org.id } })).toBe(2)
	expect((await db.membership.findFirstOrThrow({ where: { userId: existing.id, orgId: org.id } })).teamId).toBe(ops.id)
	expect((await getImport(org.id, preview.id))?.status).toBe('done')
	expect((await listAuditEvents(org.id, { action: 'people.import' })).events[0]?.summary).toBe(
		'Imported people.csv: 2 invited, 1 moved to a team, 0 already there, 1 team created.',
	)

	// The same file again: everyone is there or invited already.
	const again = await previewImport({ orgId: org.id, actor, fileName: 'people.csv', text: csv })
	expect((await getImport(org.id, again.id))!.report.counts).toEqual({
		invite: 0,
		move: 0,
		unchanged: 1,
		pending: 2,
		error: 1,
	})
	await startImport(org.id, actor, again.id)
	expect(await runQueued(again.id)).toEqual({ invited: 0, moved: 0, unchanged: 3, teamsCreated: 0 })
	expect(await db.invitation.count({ where: { orgId: org.id } })).toBe(2)
	expect(await db.outboxEmail.count({ where: { orgId: org.id } })).toBe(2)
	expect(await db.team.count({ where: { orgId: org.id } })).toBe(2)
})

test('an import is visible only to its organisation, and archived teams are refused in the preview', async () => {
	const { org, actor } = await setup()
	const old = await createTeam(org.id, actor, 'Old')
	await db.team.update({ where: { id: old.id }, data: { archivedAt: new Date() } })
	const preview = await previewImport({
		orgId: org.id,
		actor,
		fileName: 'x.csv',
		text: 'name,email,team\nHal,hal@initech.test,old',
	})
	const report = (await getImport(org.id, preview.id))!.report
	expect(report.errors).toEqual([{ line: 2, message: 'The team “old” is archived.' }])
	const other = await setup()
	expect(await getImport(other.org.id, preview.id)).toBeNull()
	await expect(startImport(other.org.id, other.actor, preview.id)).rejects.toThrow(ImportError)
})
