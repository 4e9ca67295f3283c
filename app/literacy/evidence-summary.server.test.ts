import { expect, test } from 'vitest'
import { earnCredential } from '../../tests/setup/earn-credential'
import { createTestOrg, createTestUser } from '../../tests/setup/factories'
import { FIXTURE_PATH } from '../../tests/fixtures/content-fixture'
import { db } from '../db/db.server'
import { changeCredentialStatus } from '../issuing/status-changes.server'
import { createTeam } from '../orgs/teams.server'
import { evidenceGaps } from './evidence-detail.server'
import { getEvidenceReport } from './evidence.server'
import { getEvidenceSummary } from './evidence-summary.server'
import { createAiRole, grantAiRole } from './roles.server'

const DAY = 24 * 3600 * 1000
const HOUR = 3600 * 1000

/** What the report page showed when it was built from every person's record: the figures to agree with. */
function pageFigures(report: Awaited<ReturnType<typeof getEvidenceReport>>) {
	const teams = new Map<string | null, Array<{ holders: number; meeting: number }>>()
	for (const person of report.people)
		for (const role of person.roles) {
			const cells = teams.get(person.teamId) ?? report.roles.map(() => ({ holders: 0, meeting: 0 }))
			const cell = cells[report.roles.findIndex((r) => r.roleId === role.roleId)]!
			cell.holders++
			if (role.meets) cell.meeting++
			teams.set(person.teamId, cells)
		}
	const gaps = evidenceGaps(report, new Map())
	return {
		roles: report.roles,
		teams: [...teams.entries()].map(([teamId, cells]) => ({ teamId, cells })),
		gapCount: gaps.length,
		gaps: gaps.map((g) => ({ userId: g.userId, role: g.role, path: g.path, state: g.state, dueOn: g.dueOn })),
	}
}

const byTeam = (a: { teamId: string | null }, b: { teamId: string | null }) =>
	(a.teamId ?? '').localeCompare(b.teamId ?? '')

test('the page figures counted in the database agree with every person’s record, on any day and for any team', async () => {
	const { org, actor } = await createTestOrg('Countco', { name: 'Cora Owner', role: 'OWNER' })
	const [analysts, builders] = [
		await createTeam(org.id, actor, 'Analysts'),
		await createTeam(org.id, actor, 'Builders'),
	]
	const member = async (name: string, teamId: string | null) => {
		const user = await createTestUser(name)
		await db.membership.create({ data: { userId: user.id, orgId: org.id, teamId } })
		return user
	}
	const ana = await member('Ana', analysts.id)
	const ben = await member('Ben', analysts.id)
	const cat = await member('Cat', analysts.id)
	const dan = await member('Dan', builders.id)
	const eve = await member('Eve', null)
	const fay = await member('Fay', builders.id)
	await member('Gus', null)

	const t0 = new Date(Date.now() + HOUR)
	// Refreshed monthly; given to a team and, two days later, to one person.
	const monthly = await createAiRole(
		org.id,
		actor,
		{
			name: 'Monthly',
			description: 'Refreshed every month.',
			refreshMonths: 1,
			dueDays: 14,
			pathSlugs: [FIXTURE_PATH],
		},
		t0,
	)
	await grantAiRole(org.id, actor, monthly.id, { teamId: analysts.id }, t0)
	await grantAiRole(org.id, actor, monthly.id, { userIds: [eve.id] }, new Date(t0.getTime() + 2 * DAY))
	// Two paths, one of which nobody has passed; no refresh period.
	const twoPaths = await createAiRole(
		org.id,
		actor,
		{ name: 'Two paths', description: 'Needs both.', refreshMonths: null, dueDays: 7, pathSlugs: [FIXTURE_PATH] },
		t0,
	)
	await db.aiRoleRequirement.create({ data: { roleId: twoPaths.id, pathSlug: 'a-path-not-taught', startsAt: t0 } })
	await grantAiRole(org.id, actor, twoPaths.id, { teamId: builders.id }, t0)
	// A role whose only requirement ended: met by everyone who holds it.
	const none = await createAiRole(
		org.id,
		actor,
		{
			name: 'Nothing left',
			description: 'Its path was dropped.',
			refreshMonths: null,
			dueDays: 7,
			pathSlugs: [FIXTURE_PATH],
		},
		t0,
	)
	await db.aiRoleRequirement.updateMany({ where: { roleId: none.id }, data: { endsAt: new Date(t0.getTime() + DAY) } })
	await grantAiRole(org.id, actor, none.id, { teamId: builders.id }, t0)

	// Ana passes on the last day of a month: a month's refresh ends on the last day of the next, shorter one.
	// (In a year whose February has 28 days.)
	let year = new Date(t0.getTime() + 40 * DAY).getUTCFullYear() + 1
	if (new Date(Date.UTC(year, 1, 29)).getUTCMonth() === 1) year++
	const monthEnd = new Date(Date.UTC(year, 0, 31, 12))
	await earnCredential({ userId: ana.id, now: monthEnd })
	const earned = new Date(t0.getTime() + DAY)
	const credential = async (userId: string) => (await earnCredential({ userId, now: earned })).row.id
	const [benCredential, catCredential, fayCredential] = [
		await credential(ben.id),
		await credential(cat.id),
		await credential(fay.id),
	]
	await credential(dan.id)
	const status = (credentialId: string, action: 'revoke' | 'suspend' | 'reinstate', days: number) =>
		changeCredentialStatus({
			credentialId,
			action,
			reason: 'Checked by the test',
			actorId: actor.id,
			now: new Date(t0.getTime() + days * DAY),
		})
	await status(benCredential, 'revoke', 3)
	await status(catCredential, 'suspend', 4)
	await status(catCredential, 'reinstate', 6)
	await status(fayCredential, 'suspend', 2)

	const days = [2, 5, 10, 20, 40].map((d) => new Date(t0.getTime() + d * DAY))
	const aroundRefresh = [
		new Date(Date.UTC(year, 0, 31, 13)),
		new Date(Date.UTC(year, 1, 28, 11)),
		new Date(Date.UTC(year, 1, 28, 13)),
		new Date(Date.UTC(year, 2, 14, 11)),
		new Date(Date.UTC(year, 2, 14, 13)),
	]
	let compared = 0
	for (const asOf of [...days, ...aroundRefresh])
		for (const scope of [{}, { teamId: analysts.id }, { teamId: null }]) {
			const summary = await getEvidenceSummary(org.id, asOf, scope)
			const expected = pageFigures(await getEvidenceReport(org.id, asOf, scope))
			expect({
				roles: summary.roles,
				teams: summary.teams.sort(byTeam),
				gapCount: summary.gapCount,
				gaps: summary.gaps.map((g) => ({
					userId: g.userId,
					role: g.role,
					path: g.path,
					state: g.state,
					dueOn: g.dueOn,
				})),
			}).toEqual({ ...expected, teams: expected.teams.sort(byTeam) })
			compared += expected.gapCount
		}
	// The days chosen show something: gaps due and overdue, and Ana's month-end refresh both met and lapsed.
	expect(compared).toBeGreaterThan(20)
	const ana28 = async (hour: number) =>
		(await getEvidenceSummary(org.id, new Date(Date.UTC(year, 1, 28, hour)), { teamId: analysts.id })).gaps.some(
			(g) => g.userId === ana.id,
		)
	expect([await ana28(11), await ana28(13)]).toEqual([false, true])
	// The first gaps only, when asked for fewer.
	const few = await getEvidenceSummary(org.id, days[3]!, {}, 2)
	expect(few.gaps).toHaveLength(2)
	expect(few.gapCount).toBeGreaterThan(2)
})
