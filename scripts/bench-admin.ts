/**
 * The admin area on the large seed (`npm run seed:large`: 50,000 learners in 50 teams), on SQLite
 * and on PostgreSQL, through the built server over HTTP as an owner: the members page, the report
 * page, a team's report, the skills-gap page, a path's item analysis, the CSV export of everyone (time, and the server's
 * memory while it streams), and assigning a path to a team of about 1,000 people.
 * Run by `npm run bench` after the build; alone: `npx tsx scripts/bench-admin.ts`.
 * BENCH_ADMIN_LEARNERS, BENCH_ADMIN_SIGNED and BENCH_ADMIN_ONLY (sqlite|postgresql) narrow it.
 * Writes its section of docs/benchmarks.md. A benchmark measures; it asserts nothing.
 */
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createDatabaseClient } from '../app/db/client.server'
import { createMigratedDatabase, dropDatabase, type TestProvider } from '../tests/setup/test-databases'
import { SERVER_NODE_FLAGS } from './server-flags'

const root = path.resolve(import.meta.dirname, '..')
const LEARNERS = Number(process.env.BENCH_ADMIN_LEARNERS ?? 50_000)
/** A cap on the seed's signed credentials (default none: every completion has its credential). */
const SIGNED = process.env.BENCH_ADMIN_SIGNED ? Number(process.env.BENCH_ADMIN_SIGNED) : null
const RUNS = 15
const PORT = 3391
const origin = `http://127.0.0.1:${PORT}`
const SLUG = 'meridian-freight'
const PASSWORD = 'skillproof-at-scale-2026'
export const SECTION_START = '<!-- bench-admin:start -->'
export const SECTION_END = '<!-- bench-admin:end -->'

type Timing = { label: string; url: string; medianMs: number; p95Ms: number; kb: number }
type Result = {
	provider: TestProvider
	seedSeconds: number
	learners: number
	credentials: number
	pages: Timing[]
	csv: { rows: number; mb: number; seconds: number; rssBeforeMb: number; rssPeakMb: number; rssAfterMb: number }
	bulk: { members: number; seconds: number; written: number }
}

const at = (sorted: number[], q: number) =>
	Number(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!.toFixed(1))

function rssMb(pid: number) {
	try {
		const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
		return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024)
	} catch {
		return 0
	}
}

async function waitForHealth() {
	for (let i = 0; i < 300; i++) {
		try {
			if ((await fetch(`${origin}/healthz`)).ok) return
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 200))
	}
	throw new Error('The server did not start.')
}

async function signIn(email: string) {
	const response = await fetch(`${origin}/sign-in`, {
		method: 'POST',
		redirect: 'manual',
		headers: { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email, password: PASSWORD }),
	})
	const session = response.headers
		.getSetCookie()
		.map((c) => c.split(';')[0]!)
		.find((c) => c.startsWith('skillproof_session='))
	if (!session) throw new Error(`Sign-in failed with ${response.status}`)
	return session
}

async function timePage(cookie: string, label: string, url: string): Promise<Timing> {
	const get = async () => {
		const t0 = performance.now()
		const response = await fetch(`${origin}${url}`, { headers: { Cookie: cookie } })
		const body = await response.arrayBuffer()
		if (response.status !== 200) throw new Error(`${url} answered ${response.status}`)
		return { ms: performance.now() - t0, bytes: body.byteLength }
	}
	for (let i = 0; i < 3; i++) await get()
	const samples: number[] = []
	let bytes = 0
	for (let i = 0; i < RUNS; i++) {
		const s = await get()
		samples.push(s.ms)
		bytes = s.bytes
	}
	samples.sort((a, b) => a - b)
	return { label, url, medianMs: at(samples, 0.5), p95Ms: at(samples, 0.95), kb: Math.round(bytes / 1024) }
}

async function run(provider: TestProvider): Promise<Result> {
	const url = await createMigratedDatabase(provider, 'skillproof_bench_admin')
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillproof-bench-admin-'))
	const env = {
		...process.env,
		DATABASE_URL: url,
		DATA_DIR: dataDir,
		PUBLIC_ORIGIN: origin,
		LOG_LEVEL: 'warn',
		SEED_DEMO_DATA: 'false',
	}
	const db = createDatabaseClient(url)
	try {
		const t0 = performance.now()
		execFileSync(
			process.execPath,
			[
				'--import',
				'tsx',
				'scripts/seed-large.ts',
				'--learners',
				String(LEARNERS),
				...(SIGNED === null ? [] : ['--signed', String(SIGNED)]),
			],
			{ cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'] },
		)
		const seedSeconds = Number(((performance.now() - t0) / 1000).toFixed(0))
		const org = await db.organization.findUniqueOrThrow({ where: { slug: SLUG }, select: { id: true } })
		// Targets for the skills gap: three skills in every team.
		const skills = (
			await db.credentialSkill.groupBy({ by: ['skillId'], where: { orgId: org.id }, _count: { _all: true } })
		)
			.sort((a, b) => b._count._all - a._count._all)
			.slice(0, 3)
		const teams = await db.team.findMany({
			where: { orgId: org.id },
			select: { id: true, _count: { select: { memberships: true } } },
		})
		await db.teamSkillTarget.createMany({
			data: teams.flatMap((t) =>
				skills.map((s, i) => ({ teamId: t.id, orgId: org.id, skillId: s.skillId, targetPercent: 20 + 20 * i })),
			),
		})
		await db.$executeRawUnsafe(provider === 'postgresql' ? 'VACUUM ANALYZE' : 'ANALYZE')
		const credentials = await db.credential.count({ where: { orgId: org.id } })
		const biggest = teams.sort((a, b) => b._count.memberships - a._count.memberships)[0]!
		// The team closest to 1,000 people, for the bulk assignment.
		const thousand = [...teams].sort(
			(a, b) => Math.abs(a._count.memberships - 1000) - Math.abs(b._count.memberships - 1000),
		)[0]!
		const pathSlug = (await db.learnerAssignment.findFirst({ where: { orgId: org.id }, select: { pathSlug: true } }))!
			.pathSlug

		// The server migrates at start; on SQLite that needs no other connection holding the file.
		await db.$disconnect()
		const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, 'server.js'], {
			cwd: root,
			env: { ...env, NODE_ENV: 'production', PORT: String(PORT), HOST: '127.0.0.1' },
			stdio: ['ignore', 'ignore', 'inherit'],
		})
		try {
			await waitForHealth()
			const cookie = await signIn(`owner@${SLUG}.example`)
			const pages: Timing[] = []
			for (const [label, page] of [
				['Members, first page', '/admin/people'],
				['Members, search "son"', '/admin/people?q=son'],
				['Members, largest team', `/admin/people?team=${biggest.id}`],
				['Report of a path, by team', `/admin/reports?path=${pathSlug}`],
				['Report of a path, largest team', `/admin/reports/teams/${biggest.id}?path=${pathSlug}`],
				['Skills gap (50 teams × 3 targets)', '/admin/skills-gap'],
				['Item analysis of a path', `/admin/item-analysis?path=${pathSlug}`],
			] as const)
				pages.push(await timePage(cookie, label, page))

			// The CSV export of everyone, read as it streams, with the server's memory sampled.
			const rssBeforeMb = rssMb(server.pid!)
			let rssPeakMb = rssBeforeMb
			const sampler = setInterval(() => (rssPeakMb = Math.max(rssPeakMb, rssMb(server.pid!))), 50)
			const c0 = performance.now()
			const response = await fetch(`${origin}/admin/reports.csv?path=${pathSlug}`, { headers: { Cookie: cookie } })
			let bytes = 0
			let lines = 0
			const reader = response.body!.getReader()
			for (let part = await reader.read(); !part.done; part = await reader.read()) {
				bytes += part.value.byteLength
				for (const byte of part.value) if (byte === 10) lines++
			}
			const csvSeconds = (performance.now() - c0) / 1000
			clearInterval(sampler)
			const csv = {
				rows: lines - 1,
				mb: Number((bytes / 2 ** 20).toFixed(1)),
				seconds: Number(csvSeconds.toFixed(2)),
				rssBeforeMb,
				rssPeakMb,
				rssAfterMb: rssMb(server.pid!),
			}

			// Assigning a path to the team of about 1,000 people, as the form does.
			const b0 = performance.now()
			const assigned = await fetch(`${origin}/admin/assignments`, {
				method: 'POST',
				redirect: 'manual',
				headers: { Cookie: cookie, Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({ pathSlug, teamId: thousand.id, dueKind: 'days', dueDays: '30' }),
			})
			const bulkSeconds = (performance.now() - b0) / 1000
			if (assigned.status !== 302) throw new Error(`The assignment answered ${assigned.status}`)
			const latest = await db.assignment.findFirstOrThrow({
				where: { orgId: org.id, teamId: thousand.id },
				orderBy: { createdAt: 'desc' },
				select: { _count: { select: { learners: true } } },
			})
			return {
				provider,
				seedSeconds,
				learners: LEARNERS,
				credentials,
				pages,
				csv,
				bulk: {
					members: thousand._count.memberships,
					seconds: Number(bulkSeconds.toFixed(2)),
					written: latest._count.learners,
				},
			}
		} finally {
			if (server.exitCode === null && server.signalCode === null) {
				const exited = new Promise((r) => server.once('exit', r))
				server.kill('SIGTERM')
				await exited
			}
		}
	} finally {
		await db.$disconnect()
		fs.rmSync(dataDir, { recursive: true, force: true })
		await dropDatabase(url)
	}
}

const results: Result[] = []
for (const provider of (process.env.BENCH_ADMIN_ONLY
	? [process.env.BENCH_ADMIN_ONLY]
	: ['sqlite', 'postgresql']) as TestProvider[]) {
	results.push(await run(provider))
	console.log(JSON.stringify(results.at(-1)))
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
const section = [
	SECTION_START,
	'',
	'## The admin area at 50,000 learners',
	'',
	`Measured by \`npx tsx scripts/bench-admin.ts\` (part of \`npm run bench\`) on ${new Date().toISOString().slice(0, 10)}.`,
	`Machine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
	'',
	`Each database gets \`npm run seed:large -- --learners ${LEARNERS}${SIGNED === null ? '' : ` --signed ${SIGNED}`}\` (50 teams of uneven size, progress,`,
	'team assignments, a signed credential for every completion with its evidence rows), three skill targets per team, then',
	'`ANALYZE`. The built server runs in production mode; an owner',
	`signs in and requests each page ${RUNS} times after 3 warm-up requests, one at a time: the time is the whole response on`,
	'localhost (server time plus a negligible transfer). Target: under 300 ms each.',
	'',
	'| database | page | median | p95 | size |',
	'| --- | --- | --- | --- | --- |',
	...results.flatMap((r) =>
		r.pages.map((p) => `| ${r.provider} | ${p.label} | ${p.medianMs} ms | ${p.p95Ms} ms | ${p.kb} KB |`),
	),
	'',
	'The CSV export of everyone in the organisation (`/admin/reports.csv`, one row per active member, streamed in batches of',
	'1,000): target under 10 s with flat memory. Memory is the server process’s resident set, sampled every 50 ms while the',
	'client reads the file.',
	'',
	'| database | rows | size | time | RSS before | RSS peak | RSS after |',
	'| --- | --- | --- | --- | --- | --- | --- |',
	...results.map(
		(r) =>
			`| ${r.provider} | ${r.csv.rows.toLocaleString('en-GB')} | ${r.csv.mb} MB | ${r.csv.seconds} s | ${r.csv.rssBeforeMb} MB | ${r.csv.rssPeakMb} MB | ${r.csv.rssAfterMb} MB |`,
	),
	'',
	'Assigning a path to the team closest to 1,000 people through the assignments form (one transaction: the assignment,',
	'one row per learner, the audit entry): target under 5 s.',
	'',
	'| database | team size | rows written | time |',
	'| --- | --- | --- | --- |',
	...results.map((r) => `| ${r.provider} | ${r.bulk.members} | ${r.bulk.written} | ${r.bulk.seconds} s |`),
	'',
	'Seeding took ' +
		results
			.map((r) => `${r.seedSeconds} s on ${r.provider} (${r.credentials.toLocaleString('en-GB')} credentials)`)
			.join(' and ') +
		'.',
	'',
	SECTION_END,
].join('\n')

const file = path.join(root, 'docs/benchmarks.md')
const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n'
const start = current.indexOf(SECTION_START)
const end = current.indexOf(SECTION_END)
const next =
	start >= 0 && end > start
		? `${current.slice(0, start)}${section}${current.slice(end + SECTION_END.length)}`
		: `${current.trimEnd()}\n\n${section}\n`
fs.writeFileSync(file, next)
execFileSync('npx', ['prettier', '--write', 'docs/benchmarks.md'], { cwd: root, stdio: 'ignore' })
