/**
 * `npm run bench`: the built site under load, with autocannon on the same machine, on a fresh
 * database with the demo data — SQLite as one process and with one worker process per core,
 * PostgreSQL with one worker per core: the calibration row (/healthz), the catalogue, the
 * signed-in lesson page, a knowledge-check submission, a credential's verification page, a status
 * list and an admin report; then a sustained run of the lesson page at the target rate; the
 * JavaScript a lesson page loads; and the in-process credential figures (scripts/bench-credentials.ts).
 * Writes docs/benchmarks.md (the admin area's section, scripts/bench-admin.ts, is kept).
 *
 * BENCH_SECONDS (default 15) per measurement, BENCH_SOAK_SECONDS (default 300) for the sustained
 * run, BENCH_CONFIGS (default "sqlite:1,sqlite:<cores>,postgresql:<cores>").
 * A benchmark measures; it asserts nothing.
 */
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import autocannon from 'autocannon'
import type { QuestionsFile } from '../app/content/content-schema'
import { createMigratedDatabase, dropDatabase, type TestProvider } from '../tests/setup/test-databases'
import { SERVER_NODE_FLAGS } from './server-flags'

const root = path.resolve(import.meta.dirname, '..')
const PORT = 3200
const origin = `http://localhost:${PORT}`
const dataDir = path.join(root, 'data/bench')
const CONNECTIONS = 32
const DURATION = Number(process.env.BENCH_SECONDS ?? 15)
const SOAK_SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 300)
const SOAK_RATE = 450
const WARM_UP_SECONDS = 10
const PATH = 'data-literacy'
const LESSON = 'averages-and-spread'
const PASSWORD = 'northwind-learns-2026'
const cores = os.availableParallelism()

type Config = { provider: TestProvider; workers: number }

function configs(): Config[] {
	const spec = process.env.BENCH_CONFIGS ?? `sqlite:1,sqlite:${cores},postgresql:${cores}`
	return spec.split(',').map((item) => {
		const [provider, workers] = item.split(':')
		if ((provider !== 'sqlite' && provider !== 'postgresql') || !(Number(workers) >= 1))
			throw new Error(`BENCH_CONFIGS: "${item}" is not <sqlite|postgresql>:<workers>`)
		return { provider, workers: Number(workers) }
	})
}

async function waitForHealth() {
	for (let i = 0; i < 240; i++) {
		try {
			if ((await fetch(`${origin}/healthz`)).ok) return
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 500))
	}
	throw new Error('The server did not become healthy')
}

/** Resident memory of the server process and each of its worker processes, in MB. */
function rssMb(pid: number): { total: number; largest: number } {
	const field = (status: string, name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0)
	let total = 0
	let largest = 0
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue
		try {
			const status = fs.readFileSync(`/proc/${entry}/status`, 'utf8')
			if (Number(entry) !== pid && field(status, 'PPid') !== pid) continue
			const kb = field(status, 'VmRSS')
			total += kb
			largest = Math.max(largest, kb)
		} catch {
			// the process ended while we looked
		}
	}
	return { total: Math.round(total / 1024), largest: Math.round(largest / 1024) }
}

async function signIn(email: string): Promise<string> {
	const response = await fetch(`${origin}/sign-in`, {
		method: 'POST',
		redirect: 'manual',
		headers: { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email, password: PASSWORD }),
	})
	const cookies = response.headers.getSetCookie().map((c) => c.split(';')[0]!)
	const session = cookies.find((c) => c.startsWith('skillproof_session='))
	if (!session) throw new Error(`Sign-in as ${email} failed with ${response.status}`)
	return session
}

function checkFormBody(): string {
	const questions = JSON.parse(
		fs.readFileSync(path.join(root, 'build/content/questions', `${PATH}.json`), 'utf8'),
	) as QuestionsFile
	const form = new URLSearchParams({ intent: 'check' })
	for (const q of questions.knowledgeChecks[LESSON] ?? []) {
		if (q.type === 'matching')
			for (const [option, target] of Object.entries(q.answer)) form.append(`q:${q.id}:${option}`, target)
		else if (q.type === 'ordering') q.answer.forEach((id, i) => form.append(`q:${q.id}:${id}`, String(i + 1)))
		else for (const id of q.answer) form.append(`q:${q.id}`, id)
	}
	return form.toString()
}

/**
 * Every script a lesson page loads from this site: script and modulepreload links, static
 * `import "…"` and dynamic `import("…")` in its inline scripts (the route manifest, the route
 * modules, the lesson's own compiled MDX).
 */
async function javascriptSize(cookie: string) {
	const html = await (await fetch(`${origin}/paths/${PATH}/${LESSON}`, { headers: { Cookie: cookie } })).text()
	const urls = new Set<string>()
	const patterns = [/(?:src|href)="(\/[^"]+\.js(?:\?[^"]*)?)"/g, /import\s*\(?\s*"(\/[^"]+\.js(?:\?[^"]*)?)"/g]
	for (const pattern of patterns) for (const m of html.matchAll(pattern)) urls.add(m[1]!.replaceAll('&amp;', '&'))
	let raw = 0
	let gzip = 0
	for (const url of urls) {
		const response = await fetch(`${origin}${url}`, { headers: { Cookie: cookie } })
		if (!response.ok) throw new Error(`${url} answered ${response.status}`)
		const body = Buffer.from(await response.arrayBuffer())
		raw += body.length
		gzip += zlib.gzipSync(body).length
	}
	return { files: urls.size, rawKb: Math.round(raw / 1024), gzipKb: Math.round(gzip / 1024) }
}

type Row = {
	name: string
	rps: number
	p50: number
	p99: number
	errors: number
	non2xx: number
	/** The peak of all the server's processes together, and of the largest one alone. */
	rssPeak: number
	rssPeakProcess: number
}

/** Runs autocannon while sampling the server's memory; reports the peaks. */
async function run(name: string, options: autocannon.Options, pid: number): Promise<Row> {
	let rssPeak = 0
	let rssPeakProcess = 0
	const sample = () => {
		const { total, largest } = rssMb(pid)
		rssPeak = Math.max(rssPeak, total)
		rssPeakProcess = Math.max(rssPeakProcess, largest)
	}
	sample()
	const sampler = setInterval(sample, 250)
	try {
		const result = await autocannon(options)
		sample()
		return {
			name,
			rps: Math.round(result.requests.average),
			p50: result.latency.p50,
			p99: result.latency.p99,
			errors: result.errors,
			non2xx: result.non2xx,
			rssPeak,
			rssPeakProcess,
		}
	} finally {
		clearInterval(sampler)
	}
}

async function measure(name: string, options: autocannon.Options, pid: number): Promise<Row> {
	await autocannon({ ...options, duration: WARM_UP_SECONDS }) // JIT, caches and the first visits settle
	return run(name, { ...options, duration: DURATION }, pid)
}

type ServerRun = { config: Config; rows: Row[]; soak: Row | null; js: Awaited<ReturnType<typeof javascriptSize>> }

/** Starts the built server on a fresh database with the demo data and measures it. */
async function benchServer(config: Config, soak: boolean): Promise<ServerRun> {
	fs.rmSync(dataDir, { recursive: true, force: true })
	fs.mkdirSync(dataDir, { recursive: true })
	const url =
		config.provider === 'sqlite'
			? `file:${path.join(dataDir, 'bench.db')}`
			: await createMigratedDatabase('postgresql', 'skillproof_bench')
	const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, 'server.js'], {
		cwd: root,
		env: {
			...process.env,
			NODE_ENV: 'production',
			PORT: String(PORT),
			HOST: '127.0.0.1',
			PUBLIC_ORIGIN: origin,
			DATABASE_URL: url,
			DATA_DIR: dataDir,
			WEB_CONCURRENCY: String(config.workers),
		},
		stdio: ['ignore', 'ignore', 'inherit'],
	})
	try {
		await waitForHealth()
		const learner = await signIn('learner@northwind.example')
		const admin = await signIn('admin@northwind.example')
		const pid = server.pid!
		const get = (page: string, cookie?: string): autocannon.Options => ({
			url: `${origin}${page}`,
			connections: CONNECTIONS,
			headers: cookie ? { Cookie: cookie } : {},
		})
		const label = `${config.provider}, ${config.workers === 1 ? 'one process' : `${config.workers} processes`}`
		const lesson = `/paths/${PATH}/${LESSON}`
		const rows = [
			// The floor of the stack on this machine at this moment (no session, no rendering, one
			// `SELECT 1`): the machines' speed varies from run to run, so read the rows against it.
			await measure(`Calibration: /healthz (no session) — ${label}`, get('/healthz'), pid),
			await measure(`Catalogue (signed in) — ${label}`, get('/paths', learner), pid),
			await measure(`Lesson page (signed in) — ${label}`, get(lesson, learner), pid),
			await measure(
				`Knowledge-check submission (POST) — ${label}`,
				{
					...get(lesson, learner),
					method: 'POST',
					headers: { Cookie: learner, Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' },
					body: checkFormBody(),
				},
				pid,
			),
			await measure(`Verification page (no session) — ${label}`, get('/c/northwind-demo-valid'), pid),
			await measure(`Status list (signed, 131,072 entries) — ${label}`, get('/credentials/status/1'), pid),
			await measure(`Admin report of a path (admin) — ${label}`, get(`/admin/reports?path=${PATH}`, admin), pid),
		]
		const sustained = soak
			? await run(
					`Lesson page at ${SOAK_RATE} requests/s for ${SOAK_SECONDS} s — ${label}`,
					{ ...get(lesson, learner), duration: SOAK_SECONDS, overallRate: SOAK_RATE },
					pid,
				)
			: null
		return { config, rows, soak: sustained, js: await javascriptSize(learner) }
	} finally {
		server.kill('SIGTERM')
		await new Promise((resolve) => server.once('exit', resolve))
		if (config.provider === 'postgresql') await dropDatabase(url)
	}
}

type CredentialFigures = {
	issue: { median: number; p95: number; samples: number }
	verify: { median: number; p95: number; samples: number; allValid: boolean }
	verifyAgain: { median: number; p95: number; samples: number }
	bulk: { count: number; seconds: number; perSecond: number }
	bulkPooled: { count: number; threads: number; seconds: number; perSecond: number; allValid: boolean }
}

/** Runs the in-process credential measurements in their own process (they configure the app). */
function credentialFigures(): CredentialFigures {
	const output = execFileSync(
		process.execPath,
		[...SERVER_NODE_FLAGS, '--import', 'tsx', 'scripts/bench-credentials.ts'],
		{ cwd: root, encoding: 'utf8', env: { ...process.env, PUBLIC_ORIGIN: origin }, maxBuffer: 16 * 1024 * 1024 },
	)
	const figures = JSON.parse(output.trim().split('\n').at(-1)!) as CredentialFigures
	if (!figures.verify.allValid || !figures.bulkPooled.allValid)
		throw new Error('A credential did not verify as valid during the benchmark.')
	return figures
}

const table = (rows: Row[]) => [
	'| what | requests/s | p50 (ms) | p99 (ms) | errors | non-2xx | RSS peak, largest process (MB) | RSS peak, all processes (MB) |',
	'| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
	...rows.map(
		(r) =>
			`| ${r.name} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${r.rssPeakProcess} | ${r.rssPeak} |`,
	),
]

async function main() {
	if (!fs.existsSync(path.join(root, 'build/server/index.js'))) throw new Error('Run `npm run build` first.')
	const runs: ServerRun[] = []
	const list = configs()
	// The sustained run goes to the production setup on SQLite: one worker process per core.
	const soakAt = list.findIndex((c) => c.provider === 'sqlite' && c.workers === cores)
	for (const [i, config] of list.entries()) runs.push(await benchServer(config, SOAK_SECONDS > 0 && i === soakAt))
	const credentials = credentialFigures()
	const js = runs[0]!.js
	const soak = runs.find((r) => r.soak)?.soak
	const cpu = os.cpus()
	const lines = [
		'# Benchmarks',
		'',
		`Measured by \`npm run bench\` (scripts/bench.ts) on ${new Date().toISOString().slice(0, 10)}: the production build`,
		`(\`node ${SERVER_NODE_FLAGS.join(' ')} server.js\`, as \`npm run serve\` runs it) on a fresh database with`,
		`the demo data, for each of ${list.map((c) => `${c.provider} × ${c.workers}`).join(', ')} (database × server processes);`,
		`autocannon on the same machine, ${CONNECTIONS} connections, ${DURATION} s per measurement after a ${WARM_UP_SECONDS} s warm-up.`,
		'',
		`Machine: ${cpu.length} × ${cpu[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.type()} ${os.release()}.`,
		'',
		'Resident memory (RSS) is sampled four times a second. It is given for the largest process of the',
		'server and for all of them together: with several, the primary (which does not load the',
		'application) and each worker.',
		'',
		...runs.flatMap((r) => [...table(r.rows), '']),
		...(soak
			? [
					'Sustained load: the lesson page at a fixed rate, with the memory of every server process',
					'sampled four times a second.',
					'',
					...table([soak]),
					'',
				]
			: []),
		`JavaScript loaded by a lesson page: ${js.files} files, ${js.rawKb} KB, **${js.gzipKb} KB gzipped** (the route`,
		'manifest, the route modules and the lesson’s compiled MDX included).',
		'',
		'## Credentials',
		'',
		'Measured in one process on a fresh SQLite database (scripts/bench-credentials.ts, same V8 flags as',
		'the server): issuing is signing and storing one credential in its own transaction, as after a',
		'passed assessment; verifying is the server-side verification the verification page runs',
		'(signature, issuer key, dates, both status lists); the median target is for the first time.',
		'',
		'| what | median (ms) | p95 (ms) | samples |',
		'| --- | ---: | ---: | ---: |',
		`| Issue one credential (sign + store) | ${credentials.issue.median} | ${credentials.issue.p95} | ${credentials.issue.samples} |`,
		`| Verify one credential on the server, first time | ${credentials.verify.median} | ${credentials.verify.p95} | ${credentials.verify.samples} |`,
		`| Verify it again (signature remembered; dates and status checked) | ${credentials.verifyAgain.median} | ${credentials.verifyAgain.p95} | ${credentials.verifyAgain.samples} |`,
		'',
		`Bulk: ${credentials.bulk.count.toLocaleString('en')} credentials issued one after another in ${credentials.bulk.seconds} s (${credentials.bulk.perSecond} per second);`,
		`${credentials.bulkPooled.count.toLocaleString('en')} with bulk issuing (${credentials.bulkPooled.threads} signing threads, batched writes) in ${credentials.bulkPooled.seconds} s (${credentials.bulkPooled.perSecond} per second).`,
		'',
		'Targets (issue 5): issue < 20 ms and verify < 10 ms (medians); 10,000 credentials in under 3 minutes',
		'one after another, and in under 60 s with bulk issuing on 2 cores.',
		'Targets (issues 3 and 8): lesson page ≥ 450 requests/s with p99 < 150 ms at 32 connections on',
		'SQLite, PostgreSQL within 30 % of that, no errors during 5 minutes at that rate, RSS under 400 MB',
		'(per process);',
		'lesson-page JavaScript < 200 KB gzipped. See performance-notes.md for where the time goes.',
		'',
	]
	// The admin area's section (scripts/bench-admin.ts) is kept as it is.
	const file = path.join(root, 'docs/benchmarks.md')
	const previous = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : ''
	const kept = /<!-- bench-admin:start -->[\s\S]*<!-- bench-admin:end -->/.exec(previous)?.[0]
	fs.writeFileSync(file, [...lines, ...(kept ? ['', kept, ''] : [])].join('\n'))
	execFileSync('npx', ['prettier', '--write', 'docs/benchmarks.md'], { cwd: root, stdio: 'ignore' })
	console.log(lines.join('\n'))
}

await main()
