/**
 * `npm run bench:org`: the admin area's queries on an organisation of 50,000 learners in 50 teams,
 * on SQLite and on PostgreSQL: skills coverage per team, the members list (first and last
 * page, a search, a team filter), a path's item analysis, and a CSV import. Rows are inserted
 * directly (no signing): the queries read evidence rows, answer rows and memberships, not documents.
 * Writes docs/benchmarks-org.md. A benchmark measures; it asserts nothing.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createRandom } from '../prisma/seed-large/common'
import { measureAdminHome, type HomeFigures } from './bench-org-home'
import { createMigratedDatabase, dropDatabase, type TestProvider } from '../tests/setup/test-databases'

const root = path.resolve(import.meta.dirname, '..')
const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 50_000)
const TEAMS = 50
const RUNS = 30
const IMPORT_ROWS = 10_000
const SKILLS = [
	'esco:1d6c7de4-350e-4868-a47b-333b4b0d9650',
	'esco:db33c0f3-43ee-4ba3-ba47-9269ac837697',
	'esco:1e77e42a-181f-4b48-8e74-201ce50ffc29',
	'esco:7ee4c2ea-b349-4bd2-81a3-ec31475d4833',
	'esco:06670261-ea6b-4b52-a915-c7d4ff837f74',
	'esco:d62d2b4c-a6f8-439e-8a1b-4f29ab5f2c47',
	'esco:33a82b83-c838-4889-ae62-fae1317481eb',
	'platform:prompting-generative-ai',
	'platform:evaluating-ai-output',
	'platform:responsible-ai-use',
]
const PATHS = [SKILLS.slice(0, 7), SKILLS.slice(5, 9), SKILLS.slice(6, 10)]
/** The path whose final assessment every learner sat, for the item analysis page. */
const ITEM_PATH = 'data-literacy'

type Result = {
	provider: TestProvider
	learners: number
	credentials: number
	evidenceRows: number
	seedSeconds: number
	medianMs: number
	p95Ms: number
	resultRows: number
	plan: string
	members: Array<{ label: string; medianMs: number; p95Ms: number; rows: number; total: number }>
	items: {
		attempts: number
		rows: number
		cases: Array<{ label: string; medianMs: number; p95Ms: number; answers: number }>
		gradingMedianMs: number
		gradingP95Ms: number
	}
	home: HomeFigures
	importFigures: {
		rows: number
		previewSeconds: number
		runSeconds: number
		counts: Record<string, number>
		result: Record<string, number>
	}
}

async function run(provider: TestProvider): Promise<Result> {
	const url = await createMigratedDatabase(provider, 'skillproof_bench_org')
	try {
		const output = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/bench-org.ts'], {
			cwd: root,
			env: {
				...process.env,
				DATABASE_URL: url,
				NODE_ENV: 'production',
				LOG_LEVEL: 'warn',
				BENCH_ORG_CHILD: provider,
			},
			encoding: 'utf8',
			maxBuffer: 16 * 1024 * 1024,
		})
		return { provider, ...(JSON.parse(output.trim().split('\n').at(-1)!) as Omit<Result, 'provider'>) }
	} finally {
		if (process.env.BENCH_ORG_KEEP) console.error(`Kept ${url}`)
		else await dropDatabase(url)
	}
}

/** Runs in a child process with DATABASE_URL set (the database module reads it once, at import). */
async function seedAndMeasure(provider: TestProvider) {
	const { db } = await import('../app/db/db.server')
	const { getTeamSkillCoverage: coverage } = await import('../app/skills/skills-profile.server')
	const { listMembers } = await import('../app/orgs/members.server')
	const { previewImport, startImport, runImportJob, getImport } = await import('../app/orgs/people-import.server')
	const { claimJob } = await import('../app/jobs/queue.server')
	const { getItemAnalysis } = await import('../app/orgs/item-analysis.server')
	const { getPath, getQuestions } = await import('../app/content/catalog.server')
	const { addToSums, incrementItemStats, itemResponseRows, recordItemResponses } =
		await import('../app/learning/item-responses.server')
	const o = { LEARNERS, TEAMS, RUNS, PATHS, provider }
	const started = performance.now()
	const org = await db.organization.create({ data: { name: 'Bench Org', slug: 'bench-org' }, select: { id: true } })
	const teamIds: string[] = []
	for (let t = 0; t < o.TEAMS; t++) {
		teamIds.push((await db.team.create({ data: { orgId: org.id, name: `Team ${t + 1}` }, select: { id: true } })).id)
	}
	const year = 365 * 24 * 3600 * 1000
	const now = Date.now()
	let credentials = 0
	let evidenceRows = 0
	const BATCH = 2000
	for (let start = 0; start < o.LEARNERS; start += BATCH) {
		const ns = Array.from({ length: Math.min(BATCH, o.LEARNERS - start) }, (_, i) => start + i)
		await db.user.createMany({
			data: ns.map((n) => ({
				id: `u${n}`,
				name: `Learner ${n}`,
				email: `l${n}@bench.test`,
				passwordHash: 'x',
				emailVerifiedAt: new Date(),
			})),
		})
		await db.membership.createMany({
			data: ns.map((n) => ({ userId: `u${n}`, orgId: org.id, teamId: teamIds[n % o.TEAMS] })),
		})
		// About 60% hold one credential and 20% a second one, on another path.
		const earned = ns
			.flatMap((n) => (n % 5 < 3 ? [[n, 0]] : []))
			.concat(ns.flatMap((n) => (n % 5 === 0 ? [[n, 1]] : [])))
		const key = ([n, k]: number[]) => `${n}-${k}`
		await db.assessmentAttempt.createMany({
			data: earned.map((e) => ({
				id: `a${key(e)}`,
				userId: `u${e[0]}`,
				pathSlug: `path-${e[1]}`,
				contentHash: 'x',
				questionIds: '[]',
				passed: true,
				score: 1,
			})),
		})
		await db.pathCompletion.createMany({
			data: earned.map((e) => ({
				id: `pc${key(e)}`,
				userId: `u${e[0]}`,
				pathSlug: `path-${e[1]}`,
				attemptId: `a${key(e)}`,
				contentHash: 'x',
				score: 1,
			})),
		})
		const rows = earned.map(([n, k]) => {
			const index = n! * 2 + k!
			const expired = n! % 20 === 7
			const revoked = n! % 20 === 12
			return {
				credential: {
					id: `c${index}`,
					userId: `u${n}`,
					completionId: `pc${n}-${k}`,
					orgId: org.id,
					pathSlug: `path-${k}`,
					achievementId: `a-${k}`,
					publicId: `p${index}`,
					document: '{}',
					issuedAt: new Date(now - year),
					validUntil: new Date(expired ? now - 1000 : now + year),
					revocationListId: 1,
					revocationIndex: index,
					suspensionListId: 2,
					suspensionIndex: index,
					revokedAt: revoked ? new Date() : null,
				},
				skills: o.PATHS[k! % o.PATHS.length]!.map((skillId) => ({
					credentialId: `c${index}`,
					skillId,
					userId: `u${n}`,
					orgId: org.id,
					teamId: teamIds[n! % o.TEAMS],
					member: true,
					objectives: JSON.stringify([`path-${k}/lesson#one`, `path-${k}/lesson#two`]),
					objectiveCount: 2,
					pathSlug: `path-${k}`,
					validUntil: new Date(expired ? now - 1000 : now + year),
					active: !revoked,
				})),
			}
		})
		await db.credential.createMany({ data: rows.map((r) => r.credential) })
		const skillRows = rows.flatMap((r) => r.skills)
		for (let s = 0; s < skillRows.length; s += BATCH)
			await db.credentialSkill.createMany({ data: skillRows.slice(s, s + BATCH) })
		credentials += rows.length
		evidenceRows += skillRows.length
	}
	// Item analysis: every learner sat the item path's final assessment once and 30% a second time,
	// 12 questions drawn from its bank each time, right with a chance that rises with the learner's
	// ability and falls with the question's difficulty.
	const itemPath = getPath(ITEM_PATH)!
	const bank = getQuestions(ITEM_PATH).bank
	// Seeded, so each run measures the same answers.
	const random = createRandom(2026).next
	const difficulty = bank.map(() => random() * 3 - 1.5)
	let itemAttempts = 0
	let itemRows = 0
	for (let start = 0; start < o.LEARNERS; start += BATCH) {
		const attempts: Array<{ id: string; userId: string; score: number; first: boolean }> = []
		const rows: ReturnType<typeof itemResponseRows> = []
		const sums: Parameters<typeof addToSums>[0] = new Map()
		for (let n = start; n < Math.min(start + BATCH, o.LEARNERS); n++) {
			const ability = (random() + random() + random() - 1.5) * 2
			for (let k = 0; k < (n % 10 < 3 ? 2 : 1); k++) {
				const order = [...bank.keys()]
				for (let i = 0; i < 12; i++) {
					const j = i + Math.floor(random() * (order.length - i))
					;[order[i], order[j]] = [order[j]!, order[i]!]
				}
				const drawn = order.slice(0, 12)
				const graded = drawn.map((q) => ({
					questionId: bank[q]!.id,
					correct: random() < 1 / (1 + Math.exp(difficulty[q]! - ability - k * 0.3)),
				}))
				const id = `ia${n}-${k}`
				attempts.push({ id, userId: `u${n}`, score: graded.filter((g) => g.correct).length / 12, first: k === 0 })
				const attemptRows = itemResponseRows({
					attemptId: id,
					userId: `u${n}`,
					pathSlug: ITEM_PATH,
					submittedAt: new Date(now - (2 - k) * 86_400_000),
					graded,
					firstAttempt: k === 0,
				})
				rows.push(...attemptRows)
				addToSums(sums, attemptRows)
			}
		}
		await db.assessmentAttempt.createMany({
			data: attempts.map((a) => ({
				id: a.id,
				userId: a.userId,
				pathSlug: ITEM_PATH,
				contentHash: itemPath.contentHash,
				questionIds: '[]',
				submittedAt: new Date(now),
				score: a.score,
				passed: a.score >= 0.8,
			})),
		})
		for (let r = 0; r < rows.length; r += BATCH) await db.attemptItem.createMany({ data: rows.slice(r, r + BATCH) })
		await db.$transaction((tx) => incrementItemStats(tx, org.id, sums.values()))
		itemAttempts += attempts.length
		itemRows += rows.length
	}
	// The steady state autovacuum keeps: statistics, and (PostgreSQL) a visibility map that lets the
	// covering index answer alone. Straight after a bulk load PostgreSQL would sort on disk instead.
	await db.$executeRawUnsafe(provider === 'postgresql' ? 'VACUUM ANALYZE' : 'ANALYZE')
	const seedSeconds = (performance.now() - started) / 1000
	for (let i = 0; i < 3; i++) await coverage(org.id)
	const times: number[] = []
	let resultRows = 0
	for (let i = 0; i < o.RUNS; i++) {
		const t0 = performance.now()
		resultRows = (await coverage(org.id)).length
		times.push(performance.now() - t0)
	}
	times.sort((a, b) => a - b)
	const at = (sorted: number[], q: number) => Number(sorted[Math.floor(sorted.length * q)]!.toFixed(1))

	const itemCases: Result['items']['cases'] = []
	for (const attempts of ['all', 'first'] as const) {
		for (let i = 0; i < 3; i++) await getItemAnalysis(org.id, itemPath, attempts)
		const samples: number[] = []
		let answers = 0
		for (let i = 0; i < o.RUNS; i++) {
			const t0 = performance.now()
			answers = (await getItemAnalysis(org.id, itemPath, attempts)).answers
			samples.push(performance.now() - t0)
		}
		samples.sort((a, b) => a - b)
		itemCases.push({
			label: attempts === 'all' ? 'every attempt' : 'first attempts',
			medianMs: at(samples, 0.5),
			p95Ms: at(samples, 0.95),
			answers,
		})
	}
	// What grading adds: one more learner's attempt, its rows and the organisation's sums, in a transaction.
	const gradingSamples: number[] = []
	for (let i = 0; i < o.RUNS + 3; i++) {
		const userId = `u${i}`
		const attemptId = `ib${i}`
		await db.assessmentAttempt.create({
			data: {
				id: attemptId,
				userId,
				pathSlug: ITEM_PATH,
				contentHash: 'x',
				questionIds: '[]',
				submittedAt: new Date(),
			},
		})
		const graded = bank.slice(i % 40, (i % 40) + 12).map((q, k) => ({ questionId: q.id, correct: k % 3 !== 0 }))
		const t0 = performance.now()
		await db.$transaction((tx) =>
			recordItemResponses(tx, { attemptId, userId, pathSlug: ITEM_PATH, submittedAt: new Date(), graded }),
		)
		if (i >= 3) gradingSamples.push(performance.now() - t0)
	}
	gradingSamples.sort((a, b) => a - b)
	const items = {
		attempts: itemAttempts,
		rows: itemRows,
		cases: itemCases,
		gradingMedianMs: at(gradingSamples, 0.5),
		gradingP95Ms: at(gradingSamples, 0.95),
	}

	const pages = Math.ceil(o.LEARNERS / 50)
	const memberCases: Array<[string, Parameters<typeof listMembers>[1], number]> = [
		['members, first page', {}, 1],
		[`members, last page (${pages})`, {}, pages],
		['members, search "learner 4999"', { q: 'learner 4999' }, 1],
		['members, one team', { team: teamIds[7] }, 1],
		['members, one team, search and role', { team: teamIds[7], q: 'learner 1', role: 'LEARNER' }, 1],
	]
	const members: Result['members'] = []
	for (const [label, filter, page] of memberCases) {
		for (let i = 0; i < 3; i++) await listMembers(org.id, filter, page)
		const samples: number[] = []
		let last = { members: [] as unknown[], total: 0 }
		for (let i = 0; i < o.RUNS; i++) {
			const t0 = performance.now()
			last = await listMembers(org.id, filter, page)
			samples.push(performance.now() - t0)
		}
		samples.sort((a, b) => a - b)
		members.push({
			label,
			medianMs: at(samples, 0.5),
			p95Ms: at(samples, 0.95),
			rows: last.members.length,
			total: last.total,
		})
	}
	// A CSV import of 10,000 rows: half people already in the organisation (a third of them moving
	// team), half new (invited), naming a few teams that do not exist yet.
	const admin = await db.user.create({
		data: { name: 'Bench Admin', email: 'admin@bench.test', passwordHash: 'x' },
		select: { id: true },
	})
	await db.membership.create({ data: { userId: admin.id, orgId: org.id, role: 'OWNER' } })
	const csvLines = ['name,email,team,role']
	for (let i = 0; i < IMPORT_ROWS; i++) {
		const existing = i % 2 === 0
		const n = existing ? i : o.LEARNERS + i
		const team = existing ? `Team ${((i % 3 === 0 ? n + 1 : n) % o.TEAMS) + 1}` : `Team ${(i % 60) + 1}`
		csvLines.push(`Learner ${n},${existing ? `l${n}@bench.test` : `new${n}@bench.test`},${team},learner`)
	}
	const actor = { id: admin.id, name: 'Bench Admin', role: 'OWNER' as const }
	const t0 = performance.now()
	const batch = await previewImport({ orgId: org.id, actor, fileName: 'bench.csv', text: csvLines.join('\n') })
	const previewSeconds = (performance.now() - t0) / 1000
	await startImport(org.id, actor, batch.id)
	const job = await claimJob('bench', ['people.import'], 600_000)
	const t1 = performance.now()
	const importResult = await runImportJob(job!, { progress: async () => true })
	const runSeconds = (performance.now() - t1) / 1000
	const counts = (await getImport(org.id, batch.id))!.report.counts
	const importFigures = {
		rows: IMPORT_ROWS,
		previewSeconds: Number(previewSeconds.toFixed(2)),
		runSeconds: Number(runSeconds.toFixed(2)),
		counts,
		result: importResult,
	}

	const home = await measureAdminHome(db, {
		provider: o.provider,
		orgId: org.id,
		adminId: admin.id,
		teamIds,
		learners: o.LEARNERS,
		runs: o.RUNS,
		// Taught by two paths: holders of both credentials have their objectives counted exactly.
		skill: SKILLS[5]!,
	})

	const sql = `SELECT "teamId", "skillId", COUNT(DISTINCT "userId") FROM "CredentialSkill" WHERE "orgId" = '${org.id}' AND "active" = true AND "member" = true AND "validUntil" > ${o.provider === 'postgresql' ? 'now()' : String(now)} GROUP BY "teamId", "skillId"`
	const planRows = (await db.$queryRawUnsafe(
		o.provider === 'postgresql' ? `EXPLAIN ${sql}` : `EXPLAIN QUERY PLAN ${sql}`,
	)) as Array<Record<string, unknown>>
	const plan = planRows.map((r) => String(r['QUERY PLAN'] ?? r.detail)).join('\n')
	await db.$disconnect()
	return {
		learners: o.LEARNERS,
		credentials,
		evidenceRows,
		seedSeconds: Number(seedSeconds.toFixed(1)),
		medianMs: Number(times[Math.floor(times.length / 2)]!.toFixed(1)),
		p95Ms: Number(times[Math.floor(times.length * 0.95)]!.toFixed(1)),
		resultRows,
		plan,
		members,
		items,
		importFigures,
		home,
	}
}

const child = process.env.BENCH_ORG_CHILD as TestProvider | undefined
if (child) {
	console.log(JSON.stringify(await seedAndMeasure(child)))
	process.exit(0)
}

const results: Result[] = []
for (const provider of (process.env.BENCH_ORG_ONLY
	? [process.env.BENCH_ORG_ONLY]
	: ['sqlite', 'postgresql']) as TestProvider[]) {
	results.push(await run(provider))
	console.log(JSON.stringify(results.at(-1)))
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
const lines = [
	'# Benchmark: the admin area at 50,000 learners',
	'',
	'Command: `npm run bench:org` (scripts/bench-org.ts). It measures; it asserts nothing.',
	'',
	`Machine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}. Run ${new Date().toISOString()}.`,
	'',
	`An organisation of ${LEARNERS.toLocaleString('en-GB')} learners in ${TEAMS} teams; about 60% hold one credential and 20% a second;`,
	'5% of learners hold only an expired credential and 5% only a revoked one. The query counts, per team and skill, the learners',
	`holding the skill verified now (\`getTeamSkillCoverage\`, one grouped query); ${RUNS} runs after 3 warm-up runs,`,
	'after `ANALYZE` (SQLite) or `VACUUM ANALYZE` (PostgreSQL, the state autovacuum keeps; straight after a bulk load,',
	'before any vacuum, PostgreSQL cannot use the index alone and sorts on disk: about 300 ms on this machine).',
	'',
	'## Skills coverage per team',
	'',
	'| database | credentials | evidence rows | median | p95 | result rows |',
	'| --- | --- | --- | --- | --- | --- |',
	...results.map(
		(r) =>
			`| ${r.provider} | ${r.credentials.toLocaleString('en-GB')} | ${r.evidenceRows.toLocaleString('en-GB')} | ${r.medianMs} ms | ${r.p95Ms} ms | ${r.resultRows} |`,
	),
	'',
	'## Members list',
	'',
	'`listMembers`: a page of 50 with the total, ordered by name; the search is a case-insensitive substring of name or email.',
	'',
	'| database | query | median | p95 | rows | total |',
	'| --- | --- | --- | --- | --- | --- |',
	...results.flatMap((r) =>
		r.members.map((m) => `| ${r.provider} | ${m.label} | ${m.medianMs} ms | ${m.p95Ms} ms | ${m.rows} | ${m.total} |`),
	),
	'',
	'## Item analysis of one path',
	'',
	`\`getItemAnalysis\` (all the item analysis page reads): every learner sat ${ITEM_PATH}'s final assessment once and 30% a`,
	"second time, 12 questions from its bank each time, answers right with a chance that rises with the learner's ability and",
	"falls with the question's difficulty. The page reads the organisation's running sums (at most two rows per question);",
	'grading adds to them: "grading" is one more attempt\'s 12 rows and sums, written in a transaction, at this size.',
	'',
	'| database | attempts | answer rows | attempts counted | median | p95 | answers counted |',
	'| --- | --- | --- | --- | --- | --- | --- |',
	...results.flatMap((r) =>
		r.items.cases.map(
			(c) =>
				`| ${r.provider} | ${r.items.attempts.toLocaleString('en-GB')} | ${r.items.rows.toLocaleString('en-GB')} | ${c.label} | ${c.medianMs} ms | ${c.p95Ms} ms | ${c.answers.toLocaleString('en-GB')} |`,
		),
	),
	'',
	'| database | grading: rows and sums of one attempt, median | p95 |',
	'| --- | --- | --- |',
	...results.map((r) => `| ${r.provider} | ${r.items.gradingMedianMs} ms | ${r.items.gradingP95Ms} ms |`),
	'',
	'## Admin home, talent search and AI-literacy evidence',
	'',
	"The admin home reads the overview, the skills coverage and every current assignment's completed and overdue now and at",
	'the end of each of the last 8 weeks (`getAssignmentTrends`): two assignments to everyone and ten to one team each, read',
	"from an index of the people's assignment rows, which keep their first completion after being assigned. The talent search",
	'(`searchTalent`) finds the holders of a skill two paths teach, sorted by level and name in the database, one page of 50',
	'with its proofs. The AI-literacy evidence report reads two roles, one given to every team 40 days ago and one (two paths)',
	'to ten teams 10 days ago, from the membership history and the credentials, today, as of 20 days ago and for one team:',
	'its page (`getEvidenceSummary`: per role and team who held it, met it and was overdue, and the first 100 gaps, counted',
	"in the database) and every person's record, which the CSV and the PDF carry (`getEvidenceReport`); the CSV",
	'(`evidenceCsv`) adds each meeting credential and the SHA-256.',
	'',
	'| database | assignment rows | query | median | p95 | result |',
	'| --- | --- | --- | --- | --- | --- |',
	...results.flatMap((r) =>
		r.home.cases.map(
			(c) =>
				`| ${r.provider} | ${r.home.learnerAssignments.toLocaleString('en-GB')} | ${c.label} | ${c.medianMs} ms | ${c.p95Ms} ms | ${c.result} |`,
		),
	),
	'',
	'## CSV import of 10,000 people',
	'',
	'Half the rows are people already in the organisation (a third of those move team), half are new and get an invitation',
	'(with its email queued); a few of the teams named do not exist yet and are created. The preview checks and classifies every row and stores the',
	'report; the run is the background job, in chunks of 400 rows, each in one transaction.',
	'',
	'| database | rows | preview | run | invited | moved | unchanged | teams created |',
	'| --- | --- | --- | --- | --- | --- | --- | --- |',
	...results.map(
		(r) =>
			`| ${r.provider} | ${r.importFigures.rows.toLocaleString('en-GB')} | ${r.importFigures.previewSeconds} s | ${r.importFigures.runSeconds} s | ${r.importFigures.result.invited} | ${r.importFigures.result.moved} | ${r.importFigures.result.unchanged} | ${r.importFigures.result.teamsCreated} |`,
	),
	'',
	'## Query plans of the coverage query',
	'',
	...results.flatMap((r) => [`On ${r.provider}:`, '', '```', r.plan, '```', '']),
]
fs.writeFileSync(path.join(root, 'docs/benchmarks-org.md'), lines.join('\n'))
execFileSync('npx', ['prettier', '--write', 'docs/benchmarks-org.md'], { cwd: root, stdio: 'ignore' })
console.log('Wrote docs/benchmarks-org.md')
