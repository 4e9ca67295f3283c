/**
 * Part of `npm run bench:org`: the admin home ("are we on track?": every current assignment's
 * completed and overdue, now and for each of the last 8 weeks), the talent search and the AI-literacy
 * evidence report, on the benchmark's organisation. Seeds the assignments it reads, then times the real functions.
 */
import type { Database } from '../app/db/client.server'

export type HomeFigures = {
	learnerAssignments: number
	cases: Array<{ label: string; medianMs: number; p95Ms: number; result: string }>
}

const DAY = 86_400_000

async function time<T>(runs: number, run: () => Promise<T>) {
	for (let i = 0; i < 3; i++) await run()
	const samples: number[] = []
	let last: T | undefined
	for (let i = 0; i < runs; i++) {
		const t0 = performance.now()
		last = await run()
		samples.push(performance.now() - t0)
	}
	samples.sort((a, b) => a - b)
	const at = (q: number) => Number(samples[Math.floor(samples.length * q)]!.toFixed(1))
	return { medianMs: at(0.5), p95Ms: at(0.95), last: last as T }
}

export async function measureAdminHome(
	db: Database,
	o: {
		provider: 'sqlite' | 'postgresql'
		orgId: string
		adminId: string
		teamIds: string[]
		learners: number
		runs: number
		skill: string
	},
): Promise<HomeFigures> {
	const { getAssignmentTrends } = await import('../app/orgs/assignment-trends.server')
	const { getOrgOverview } = await import('../app/orgs/membership.server')
	const { getTeamSkillCoverage } = await import('../app/skills/skills-profile.server')
	const { searchTalent, talentQuerySchema } = await import('../app/orgs/talent-search.server')
	const now = Date.now()
	// Two assignments to everyone (path-0 assigned 60 days ago and overdue since 30; path-1 assigned
	// 20 days ago, due in 10) and ten to one team each: the admin home reads the newest twelve.
	const assignments = [
		{ id: 'as-all-0', pathSlug: 'path-0', teamId: null, assignedAt: now - 60 * DAY, dueAt: now - 30 * DAY },
		{ id: 'as-all-1', pathSlug: 'path-1', teamId: null, assignedAt: now - 20 * DAY, dueAt: now + 10 * DAY },
		...o.teamIds.slice(0, 10).map((teamId, t) => ({
			id: `as-team-${t}`,
			pathSlug: `path-${t % 2}`,
			teamId,
			assignedAt: now - (14 + t * 3) * DAY,
			dueAt: now - (t - 4) * DAY,
		})),
	]
	await db.assignment.createMany({
		data: assignments.map((a, i) => ({
			id: a.id,
			orgId: o.orgId,
			pathSlug: a.pathSlug,
			teamId: a.teamId,
			dueDays: Math.round((a.dueAt - a.assignedAt) / DAY),
			createdById: o.adminId,
			createdAt: new Date(a.assignedAt + i),
		})),
	})
	let learnerAssignments = 0
	for (const a of assignments) {
		const members = Array.from({ length: o.learners }, (_, n) => n).filter(
			(n) => a.teamId === null || o.teamIds[n % o.teamIds.length] === a.teamId,
		)
		for (let s = 0; s < members.length; s += 2000) {
			await db.learnerAssignment.createMany({
				data: members.slice(s, s + 2000).map((n) => ({
					assignmentId: a.id,
					userId: `u${n}`,
					orgId: o.orgId,
					pathSlug: a.pathSlug,
					assignedAt: new Date(a.assignedAt),
					dueAt: new Date(a.dueAt),
				})),
			})
		}
		learnerAssignments += members.length
	}
	await db.$executeRawUnsafe(o.provider === 'postgresql' ? 'VACUUM ANALYZE' : 'ANALYZE')

	const cases: HomeFigures['cases'] = []
	const trends = await time(o.runs, () => getAssignmentTrends(o.orgId))
	cases.push({
		label: 'assignment trends (12 assignments, 8 weeks)',
		...trends,
		result: `${trends.last.length} assignments, ${trends.last.reduce((n, a) => n + a.learners, 0).toLocaleString('en-GB')} people`,
	})
	const home = await time(o.runs, () =>
		Promise.all([getOrgOverview(o.orgId), getTeamSkillCoverage(o.orgId), getAssignmentTrends(o.orgId)]),
	)
	cases.push({ label: 'admin home (overview, coverage, trends)', ...home, result: 'the whole page' })
	const searches: Array<[string, Record<string, string>]> = [
		['talent search, level 1, first page', { skill: o.skill, level: '1' }],
		['talent search, level 2, last page', { skill: o.skill, level: '2', page: '100000' }],
		['talent search, level 1, one team', { skill: o.skill, level: '1', team: o.teamIds[7]! }],
	]
	for (const [label, input] of searches) {
		const search = await time(o.runs, () => searchTalent(o.orgId, talentQuerySchema.parse(input)))
		cases.push({
			label,
			...search,
			result: `${search.last!.total.toLocaleString('en-GB')} found, page ${search.last!.page} of ${search.last!.pages}`,
		})
	}
	// AI-literacy evidence (app/literacy/): a role requiring path-0 given to every team 40 days ago, and one
	// requiring path-0 and path-1 given to ten teams 10 days ago; every learner holds one or both.
	const { getEvidenceReport } = await import('../app/literacy/evidence.server')
	const { evidenceCsv } = await import('../app/literacy/evidence-detail.server')
	const roleDefs = [
		{ id: 'role-all', paths: ['path-0'], teams: o.teamIds, daysAgo: 40 },
		{ id: 'role-ten', paths: ['path-0', 'path-1'], teams: o.teamIds.slice(0, 10), daysAgo: 10 },
	]
	for (const r of roleDefs) {
		const since = new Date(now - r.daysAgo * DAY)
		await db.aiRole.create({
			data: {
				id: r.id,
				orgId: o.orgId,
				name: r.id,
				description: 'Benchmark role.',
				// The benchmark's credentials were issued a year ago: within a 24-month refresh, unless expired or revoked.
				refreshMonths: 24,
				dueDays: 30,
				createdAt: new Date(now - 60 * DAY),
				requirements: { create: r.paths.map((pathSlug) => ({ pathSlug, startsAt: new Date(now - 60 * DAY) })) },
				grants: {
					create: r.teams.map((teamId) => ({ orgId: o.orgId, teamId, startsAt: since, createdById: o.adminId })),
				},
			},
		})
	}
	// The benchmark's memberships were written just now: their history starts 90 days ago (each person's first
	// stretch; a later one, after a move between teams, keeps its start, so that no two overlap).
	await db.$executeRaw`UPDATE "MembershipSpan" SET "startsAt" = ${new Date(now - 90 * DAY)}
		WHERE "id" IN (SELECT MIN("id") FROM "MembershipSpan" WHERE "orgId" = ${o.orgId} GROUP BY "userId")`
	await db.$executeRawUnsafe(o.provider === 'postgresql' ? 'VACUUM ANALYZE' : 'ANALYZE')
	// The report page's figures (counted in the database), then every person's record (the CSV and the PDF).
	const { getEvidenceSummary } = await import('../app/literacy/evidence-summary.server')
	const page = await time(o.runs, () => getEvidenceSummary(o.orgId, new Date()))
	cases.push({
		label: 'AI-literacy report page, whole organisation',
		...page,
		result: `${page.last.roles.map((r) => r.holders.toLocaleString('en-GB')).join(' and ')} holding, ${page.last.roles.map((r) => r.meeting.toLocaleString('en-GB')).join(' and ')} meeting, ${page.last.gapCount.toLocaleString('en-GB')} gaps`,
	})
	const pastPage = await time(o.runs, () => getEvidenceSummary(o.orgId, new Date(now - 20 * DAY)))
	cases.push({
		label: 'AI-literacy report page, as of 20 days ago',
		...pastPage,
		result: `${pastPage.last.roles.map((r) => r.holders.toLocaleString('en-GB')).join(' and ')} holding`,
	})
	const teamPage = await time(o.runs, () => getEvidenceSummary(o.orgId, new Date(), { teamId: o.teamIds[3]! }))
	cases.push({
		label: 'AI-literacy report page, one team',
		...teamPage,
		result: `${teamPage.last.roles.reduce((n, r) => n + r.holders, 0)} holding`,
	})
	const report = await time(o.runs, () => getEvidenceReport(o.orgId, new Date()))
	const holdings = (r: typeof report.last) => r.people.reduce((n, p) => n + p.roles.length, 0)
	cases.push({
		label: 'AI-literacy records, whole organisation',
		...report,
		result: `${report.last.people.length.toLocaleString('en-GB')} people, ${holdings(report.last).toLocaleString('en-GB')} role holdings, ${report.last.roles.map((r) => r.meeting).join(' and ')} meeting`,
	})
	const past = await time(o.runs, () => getEvidenceReport(o.orgId, new Date(now - 20 * DAY)))
	cases.push({
		label: 'AI-literacy records, as of 20 days ago',
		...past,
		result: `${past.last.people.length.toLocaleString('en-GB')} people, ${holdings(past.last).toLocaleString('en-GB')} role holdings`,
	})
	const team = await time(o.runs, () => getEvidenceReport(o.orgId, new Date(), { teamId: o.teamIds[3]! }))
	cases.push({ label: 'AI-literacy records, one team', ...team, result: `${team.last.people.length} people` })
	const csv = await time(Math.min(o.runs, 5), async () =>
		evidenceCsv(await getEvidenceReport(o.orgId, new Date()), new Map(), (id) => `https://example.test/c/${id}`),
	)
	cases.push({
		label: 'AI-literacy CSV, whole organisation',
		...csv,
		result: `${(csv.last.csv.length / 1e6).toFixed(1)} MB`,
	})
	return {
		learnerAssignments,
		cases: cases.map(({ label, medianMs, p95Ms, result }) => ({ label, medianMs, p95Ms, result })),
	}
}
