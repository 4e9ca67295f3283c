/**
 * `npm run bench`: the built site under load, with autocannon on the same machine, on a fresh
 * database with the demo data — SQLite as one process and with one worker process per core,
 * PostgreSQL with one worker per core: the calibration row (/healthz), the catalogue, the
 * signed-in lesson page, a knowledge-check submission, a credential's verification page, a status
 * list and an admin report; then a sustained run of the lesson page at the target rate; the
 * JavaScript a lesson page loads; hostile 1 MB uploads to /verify while /healthz is measured
 * (scripts/bench-verify.ts); and the in-process credential figures (scripts/bench-credentials.ts).
 *
 * A second load tool, wrk (Debian's package, written in C), measures the lesson page and the
 * knowledge-check submission again in every configuration: one tool alone can hide a tail the other
 * shows. Next to the one-process SQLite lesson page, in the same run and with both tools, a bare
 * React Router page (bench/bare-page: as much HTML, none of the site's work) built and served the
 * same way gives the baseline the lesson page's requests/s are compared with.
 *
 * Writes docs/benchmarks.md (the admin area's section, scripts/bench-admin.ts, is kept).
 *
 * BENCH_SECONDS (default 15) per measurement, BENCH_SOAK_SECONDS (default 300) for the sustained
 * run, BENCH_CONFIGS (default "sqlite:1,sqlite:<cores>,postgresql:<cores>").
 * A benchmark measures; it asserts nothing.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import autocannon from 'autocannon'
import type { QuestionsFile } from '../app/content/content-schema'
import { createMigratedDatabase, dropDatabase, type TestProvider } from '../tests/setup/test-databases'
import { hostileUploadLines, hostileUploads, wrkMs, type HostileUploadFigures } from './bench-verify'
import { SERVER_NODE_FLAGS } from './server-flags'

const root = path.resolve(import.meta.dirname, '..')
const PORT = 3200
const BARE_PORT = 3201
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

type Tool = 'autocannon' | 'wrk'

type Row = {
	name: string
	tool: Tool
	rps: number
	p50: number
	p99: number
	errors: number
	non2xx: number
	/** The peak of all the server's processes together, and of the largest one alone. */
	rssPeak: number
	rssPeakProcess: number
}

type Load = { rps: number; p50: number; p99: number; errors: number; non2xx: number }

/** Runs `load` while sampling the memory of the server `pid` and its workers; reports the peaks. */
async function withMemory(name: string, tool: Tool, pid: number, load: () => Promise<Load>): Promise<Row> {
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
		const result = await load()
		sample()
		return { name, tool, ...result, rssPeak, rssPeakProcess }
	} finally {
		clearInterval(sampler)
	}
}

async function autocannonLoad(options: autocannon.Options): Promise<Load> {
	const result = await autocannon(options)
	return {
		rps: Math.round(result.requests.average),
		p50: result.latency.p50,
		p99: result.latency.p99,
		errors: result.errors,
		non2xx: result.non2xx,
	}
}

/**
 * wrk with one thread and CONNECTIONS connections (`wrk -t1 -c32 -d…s --latency`), the request's
 * method, headers and body set by a Lua script. Its percentiles include its correction for
 * coordinated omission: a request that took much longer than the usual interval between a
 * connection's requests counts as the requests that could not be sent meanwhile.
 */
async function wrkLoad(options: autocannon.Options, seconds: number): Promise<Load> {
	const lua = [`wrk.method = ${JSON.stringify(options.method ?? 'GET')}`]
	if (options.body) lua.push(`wrk.body = ${JSON.stringify(String(options.body))}`)
	for (const [name, value] of Object.entries(options.headers ?? {}))
		lua.push(`wrk.headers[${JSON.stringify(name)}] = ${JSON.stringify(value)}`)
	const script = lua.join('\n')
	// JSON's string escapes are Lua's as long as the text is ASCII (forms and cookies are).
	if (!/^[\x20-\x7e\n]*$/.test(script)) throw new Error('A wrk request holds text other than printable ASCII.')
	const file = path.join(dataDir, 'wrk-request.lua')
	fs.writeFileSync(file, `${script}\n`)
	const args = ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--latency', '-s', file, String(options.url)]
	const output = await new Promise<string>((resolve, reject) =>
		execFile('wrk', args, { encoding: 'utf8' }, (error, stdout) => (error ? reject(error) : resolve(stdout))),
	)
	const find = (pattern: RegExp) => pattern.exec(output)?.[1]
	const requests = Number(find(/(\d+) requests in/))
	const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output)
	if (!requests) throw new Error(`wrk measured nothing:\n${output}`)
	return {
		rps: Math.round(Number(find(/Requests\/sec:\s+([\d.]+)/))),
		p50: Math.round(wrkMs(find(/^\s+50%\s+(\S+)/m) ?? '')),
		p99: Math.round(wrkMs(find(/^\s+99%\s+(\S+)/m) ?? '')),
		errors: socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
		non2xx: Number(find(/Non-2xx or 3xx responses: (\d+)/) ?? 0),
	}
}

/** A warm-up, then the measurement with autocannon; `alsoWrk` measures it again with wrk. */
async function measure(name: string, options: autocannon.Options, pid: number, alsoWrk = false): Promise<Row[]> {
	await autocannon({ ...options, duration: WARM_UP_SECONDS }) // JIT, caches and the first visits settle
	const rows = [await withMemory(name, 'autocannon', pid, () => autocannonLoad({ ...options, duration: DURATION }))]
	if (alsoWrk) rows.push(await withMemory(name, 'wrk', pid, () => wrkLoad(options, DURATION)))
	return rows
}

/** Starts a server process and waits until `healthUrl` answers. */
async function startProcess(args: string[], env: NodeJS.ProcessEnv, healthUrl: string): Promise<ChildProcess> {
	const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, ...args], {
		cwd: root,
		env: { ...process.env, ...env },
		stdio: ['ignore', 'ignore', 'inherit'],
	})
	for (let i = 0; i < 240; i++) {
		try {
			if ((await fetch(healthUrl)).ok) return child
		} catch {
			// not listening yet
		}
		if (child.exitCode !== null) break
		await new Promise((r) => setTimeout(r, 500))
	}
	child.kill('SIGTERM')
	throw new Error(`${args.join(' ')} did not start`)
}

async function stopProcess(child: ChildProcess) {
	if (child.exitCode !== null) return
	child.kill('SIGTERM')
	await new Promise((resolve) => child.once('exit', resolve))
}

type ServerRun = {
	config: Config
	rows: Row[]
	/** The bare page, measured beside the one-process SQLite lesson page; null in other configurations. */
	bare: Row[] | null
	soak: Row | null
	js: Awaited<ReturnType<typeof javascriptSize>>
	/** Hostile uploads to /verify while /healthz is measured (the one-process SQLite run only). */
	hostile: HostileUploadFigures | null
}

/** Starts the built server on a fresh database with the demo data and measures it. */
async function benchServer(config: Config, soak: boolean): Promise<ServerRun> {
	fs.rmSync(dataDir, { recursive: true, force: true })
	fs.mkdirSync(dataDir, { recursive: true })
	const url =
		config.provider === 'sqlite'
			? `file:${path.join(dataDir, 'bench.db')}`
			: await createMigratedDatabase('postgresql', 'skillproof_bench')
	const server = await startProcess(
		['server.js'],
		{
			NODE_ENV: 'production',
			PORT: String(PORT),
			HOST: '127.0.0.1',
			PUBLIC_ORIGIN: origin,
			DATABASE_URL: url,
			DATA_DIR: dataDir,
			WEB_CONCURRENCY: String(config.workers),
		},
		`${origin}/healthz`,
	)
	// The baseline beside the configuration the lesson page's targets are for.
	const withBare = config.provider === 'sqlite' && config.workers === 1
	const bareServer = withBare
		? await startProcess(
				['bench/bare-page/server.js'],
				{ NODE_ENV: 'production', PORT: String(BARE_PORT), HOST: '127.0.0.1' },
				`http://localhost:${BARE_PORT}/`,
			)
		: null
	try {
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
		// The bare page right before the lesson page, each with both tools: the ratio compares like with like.
		const bare = bareServer
			? await measure(
					`Bare React Router page (baseline) — one process`,
					{ url: `http://localhost:${BARE_PORT}/`, connections: CONNECTIONS },
					bareServer.pid!,
					true,
				)
			: null
		const rows = [
			// The floor of the stack on this machine at this moment (no session, no rendering, one
			// `SELECT 1`): the machines' speed varies from run to run, so read the rows against it.
			...(await measure(`Calibration: /healthz (no session) — ${label}`, get('/healthz'), pid)),
			...(await measure(`Lesson page (signed in) — ${label}`, get(lesson, learner), pid, true)),
			...(await measure(`Catalogue (signed in) — ${label}`, get('/paths', learner), pid)),
			...(await measure(
				`Knowledge-check submission (POST) — ${label}`,
				{
					...get(lesson, learner),
					method: 'POST',
					headers: { Cookie: learner, Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' },
					body: checkFormBody(),
				},
				pid,
				true,
			)),
			...(await measure(`Verification page (no session) — ${label}`, get('/c/northwind-demo-valid'), pid)),
			...(await measure(`Status list (signed, 131,072 entries) — ${label}`, get('/credentials/status/1'), pid)),
			...(await measure(`Admin report of a path (admin) — ${label}`, get(`/admin/reports?path=${PATH}`, admin), pid)),
		]
		const sustained = soak
			? await withMemory(
					`Lesson page at ${SOAK_RATE} requests/s for ${SOAK_SECONDS} s — ${label}`,
					'autocannon',
					pid,
					() => autocannonLoad({ ...get(lesson, learner), duration: SOAK_SECONDS, overallRate: SOAK_RATE }),
				)
			: null
		// Last: the uploads use up this address's allowance of verifications for ten minutes.
		const hostile = withBare ? await hostileUploads(origin, Math.max(DURATION, 20)) : null
		return { config, rows, bare, soak: sustained, js: await javascriptSize(learner), hostile }
	} finally {
		if (bareServer) await stopProcess(bareServer)
		await stopProcess(server)
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

/**
 * "wrk debian/4.1.0-3+b2", from the first line wrk --version prints (it exits 1 after it); a clear
 * error when wrk is not installed.
 */
function wrkVersion(): string {
	let output: string
	try {
		output = execFileSync('wrk', ['--version'], { encoding: 'utf8' })
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT')
			throw new Error('The benchmark needs wrk, the second load tool: apt-get install wrk')
		output = String((error as { stdout?: string }).stdout ?? '')
	}
	return output
		.split('\n')[0]!
		.replace(/\s*\[.*$/, '')
		.trim()
}

const table = (rows: Row[]) => [
	'| what | tool | requests/s | p50 (ms) | p99 (ms) | errors | non-2xx | RSS peak, largest process (MB) | RSS peak, all processes (MB) |',
	'| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
	...rows.map(
		(r) =>
			`| ${r.name} | ${r.tool} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${r.rssPeakProcess} | ${r.rssPeak} |`,
	),
]

/** The lesson page against the bare page, and the POST's tail on PostgreSQL, from each tool. */
function headline(runs: ServerRun[]): string[] {
	const lines: string[] = []
	const one = runs.find((r) => r.bare)
	for (const tool of ['autocannon', 'wrk'] as const) {
		const bare = one?.bare?.find((r) => r.tool === tool)
		const lesson = one?.rows.find((r) => r.tool === tool && r.name.startsWith('Lesson page'))
		if (bare && lesson)
			lines.push(
				`- ${tool}: the lesson page served **${(lesson.rps / bare.rps).toFixed(2)} ×** the bare page's requests/s (${lesson.rps} against ${bare.rps}); lesson page p99 **${lesson.p99} ms** (bare page ${bare.p99} ms).`,
			)
	}
	const hostile = runs.find((r) => r.hostile)?.hostile
	if (hostile)
		lines.push(
			`- /healthz during three concurrent ${hostile.documentKb} KB uploads to /verify: p99 **${hostile.underLoad.sampler.p99} ms** sampled, **${hostile.underLoad.wrk.p99} ms** with wrk (idle: ${hostile.idle.sampler.p99} and ${hostile.idle.wrk.p99} ms).`,
		)
	for (const run of runs.filter((r) => r.config.provider === 'postgresql'))
		for (const row of run.rows.filter((r) => r.name.startsWith('Knowledge-check')))
			lines.push(`- ${row.tool}: ${row.name}: p99 **${row.p99} ms** (${row.rps} requests/s).`)
	return lines
}

async function main() {
	if (!fs.existsSync(path.join(root, 'build/server/index.js'))) throw new Error('Run `npm run build` first.')
	const wrk = wrkVersion()
	execFileSync(path.join(root, 'node_modules/.bin/react-router'), ['build', 'bench/bare-page'], {
		cwd: root,
		stdio: 'ignore',
	})
	const runs: ServerRun[] = []
	const list = configs()
	// The sustained run goes to the production setup on SQLite: one worker process per core.
	const soakAt = list.findIndex((c) => c.provider === 'sqlite' && c.workers === cores)
	for (const [i, config] of list.entries()) runs.push(await benchServer(config, SOAK_SECONDS > 0 && i === soakAt))
	const credentials = credentialFigures()
	const js = runs[0]!.js
	const soak = runs.find((r) => r.soak)?.soak
	const hostileRun = runs.find((r) => r.hostile)
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
		`${wrk} measures the lesson page and the knowledge-check submission again: \`wrk -t1 -c${CONNECTIONS} -d${DURATION}s --latency\`,`,
		'right after autocannon. The bare page (bench/bare-page) is React Router alone, rendering as much HTML as the',
		'lesson page, built with the same options and served by Express the same way, measured just before the',
		'lesson page in the one-process SQLite configuration.',
		'',
		'Resident memory (RSS) is sampled four times a second. It is given for the largest process of the',
		'server and for all of them together: with several, the primary (which does not load the',
		'application) and each worker.',
		'',
		'Targets (issue "Resilience and speed under load"), one process on SQLite, same run: the lesson page at',
		'least 0.7 × the bare page’s requests/s and its p99 under 150 ms, with both tools; the knowledge-check',
		'submission on PostgreSQL with a p99 under 250 ms.',
		'',
		...headline(runs),
		'',
		...runs.flatMap((r) => [...table([...(r.bare ?? []), ...r.rows]), '']),
		...(soak
			? [
					'Sustained load: the lesson page at a fixed rate, with the memory of every server process',
					'sampled four times a second.',
					'',
					...table([soak]),
					'',
				]
			: []),
		...(hostileRun?.hostile
			? [
					'## Hostile uploads to /verify',
					'',
					'Target (issue "Trust"): with three worst-case uploads being verified at once, /healthz keeps a p99 under',
					'50 ms. Uploads are verified in worker threads (app/issuing/verify-pool.server.ts); see scripts/bench-verify.ts.',
					'',
					...hostileUploadLines(
						hostileRun.hostile,
						`${hostileRun.config.provider}, ${hostileRun.config.workers === 1 ? 'one process' : `${hostileRun.config.workers} processes`}`,
					),
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
