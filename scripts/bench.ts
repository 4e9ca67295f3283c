/**
 * `npm run bench`: measures the signed-in lesson page and the knowledge-check submission of the
 * built site (SQLite, a fresh database) with autocannon, and the JavaScript a lesson page loads.
 * Writes the figures to docs/benchmarks.md. A benchmark measures; it asserts nothing.
 */
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import autocannon from 'autocannon'
import type { QuestionsFile } from '../app/content/content-schema'
import { SERVER_NODE_FLAGS } from './server-flags'

const root = path.resolve(import.meta.dirname, '..')
const PORT = 3200
const origin = `http://localhost:${PORT}`
const dataDir = path.join(root, 'data/bench')
const CONNECTIONS = 32
const DURATION = Number(process.env.BENCH_SECONDS ?? 15)
const WARM_UP_SECONDS = 10
const PATH = 'data-literacy'
const LESSON = 'averages-and-spread'

async function waitForHealth() {
	for (let i = 0; i < 120; i++) {
		try {
			if ((await fetch(`${origin}/healthz`)).ok) return
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 500))
	}
	throw new Error('The server did not become healthy')
}

/** Resident memory of the server process and its worker processes, in MB. */
function rssMb(pid: number): number {
	const field = (status: string, name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0)
	let kb = 0
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue
		try {
			const status = fs.readFileSync(`/proc/${entry}/status`, 'utf8')
			if (Number(entry) === pid || field(status, 'PPid') === pid) kb += field(status, 'VmRSS')
		} catch {
			// the process ended while we looked
		}
	}
	return Math.round(kb / 1024)
}

async function signIn(): Promise<string> {
	const response = await fetch(`${origin}/sign-in`, {
		method: 'POST',
		redirect: 'manual',
		headers: { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email: 'learner@northwind.example', password: 'northwind-learns-2026' }),
	})
	const cookies = response.headers.getSetCookie().map((c) => c.split(';')[0]!)
	const session = cookies.find((c) => c.startsWith('skillproof_session='))
	if (!session) throw new Error(`Sign-in failed with ${response.status}`)
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

async function javascriptSize(cookie: string) {
	const html = await (await fetch(`${origin}/paths/${PATH}/${LESSON}`, { headers: { Cookie: cookie } })).text()
	const urls = new Set([...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!))
	for (const m of html.matchAll(/import\("(\/assets\/[^"]+\.js)"\)/g)) urls.add(m[1]!)
	let raw = 0
	let gzip = 0
	for (const url of urls) {
		const body = Buffer.from(await (await fetch(`${origin}${url}`)).arrayBuffer())
		raw += body.length
		gzip += zlib.gzipSync(body).length
	}
	// The lesson's own compiled MDX travels inside the page's data, not as a file.
	return { files: urls.size, rawKb: Math.round(raw / 1024), gzipKb: Math.round(gzip / 1024) }
}

type Row = { name: string; rps: number; p50: number; p99: number; errors: number; non2xx: number; rss: number }

async function measure(name: string, options: autocannon.Options, pid: number): Promise<Row> {
	await autocannon({ ...options, duration: WARM_UP_SECONDS }) // JIT, caches and the first visits settle
	const result = await autocannon(options)
	return {
		name,
		rps: Math.round(result.requests.average),
		p50: result.latency.p50,
		p99: result.latency.p99,
		errors: result.errors,
		non2xx: result.non2xx,
		rss: rssMb(pid),
	}
}

/** Starts the built server with `workers` processes on a fresh database and measures it. */
async function benchServer(workers: number) {
	fs.rmSync(dataDir, { recursive: true, force: true })
	const server = spawn(process.execPath, [...SERVER_NODE_FLAGS, 'server.js'], {
		cwd: root,
		env: {
			...process.env,
			NODE_ENV: 'production',
			PORT: String(PORT),
			HOST: '127.0.0.1',
			PUBLIC_ORIGIN: origin,
			DATABASE_URL: `file:${path.join(dataDir, 'bench.db')}`,
			DATA_DIR: dataDir,
			LOG_LEVEL: 'warn',
			WEB_CONCURRENCY: String(workers),
		},
		stdio: 'inherit',
	})
	try {
		await waitForHealth()
		const cookie = await signIn()
		const headers = { Cookie: cookie, Origin: origin }
		const label = workers === 1 ? 'one process' : `${workers} processes`
		const rows = [
			// The floor of the stack on this machine at this moment (no session, no rendering, one
			// `SELECT 1`): the machines' speed varies from run to run, so read the rows against it.
			await measure(
				`Calibration: /healthz (no session), ${label}`,
				{ url: `${origin}/healthz`, connections: CONNECTIONS, duration: DURATION },
				server.pid!,
			),
			await measure(
				`Lesson page (signed in, GET), ${label}`,
				{ url: `${origin}/paths/${PATH}/${LESSON}`, connections: CONNECTIONS, duration: DURATION, headers },
				server.pid!,
			),
			await measure(
				`Status list (GET, signed, 131,072 entries), ${label}`,
				{ url: `${origin}/credentials/status/1`, connections: CONNECTIONS, duration: DURATION },
				server.pid!,
			),
			await measure(
				`Knowledge-check submission (POST), ${label}`,
				{
					url: `${origin}/paths/${PATH}/${LESSON}`,
					method: 'POST',
					connections: CONNECTIONS,
					duration: DURATION,
					headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
					body: checkFormBody(),
				},
				server.pid!,
			),
		]
		return { rows, js: await javascriptSize(cookie) }
	} finally {
		server.kill('SIGTERM')
		await new Promise((resolve) => server.once('exit', resolve))
	}
}

type CredentialFigures = {
	issue: { median: number; p95: number; samples: number }
	verify: { median: number; p95: number; samples: number; allValid: boolean }
	bulk: { count: number; seconds: number; perSecond: number }
}

/** Runs the in-process credential measurements in their own process (they configure the app). */
function credentialFigures(): CredentialFigures {
	const output = execFileSync(
		process.execPath,
		[...SERVER_NODE_FLAGS, '--import', 'tsx', 'scripts/bench-credentials.ts'],
		{
			cwd: root,
			encoding: 'utf8',
			env: { ...process.env, PUBLIC_ORIGIN: origin },
			maxBuffer: 16 * 1024 * 1024,
		},
	)
	const figures = JSON.parse(output.trim().split('\n').at(-1)!) as CredentialFigures
	if (!figures.verify.allValid) throw new Error('A credential did not verify as valid during the benchmark.')
	return figures
}

async function main() {
	if (!fs.existsSync(path.join(root, 'build/server/index.js'))) throw new Error('Run `npm run build` first.')
	const single = await benchServer(1)
	const perCore = await benchServer(os.availableParallelism())
	const rows = [...single.rows, ...perCore.rows]
	const credentials = credentialFigures()
	const js = single.js
	const cpu = os.cpus()
	const lines = [
		'# Benchmarks',
		'',
		`Measured by \`npm run bench\` (scripts/bench.ts) on ${new Date().toISOString().slice(0, 10)}: the production build on`,
		'SQLite (fresh database with the demo data), first as one server process, then with one worker',
		`process per core (WEB_CONCURRENCY=${os.availableParallelism()}); autocannon on the same machine, ${CONNECTIONS} connections,`,
		`${DURATION} s per run after a ${WARM_UP_SECONDS} s warm-up.`,
		'',
		`Machine: ${cpu.length} × ${cpu[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.type()} ${os.release()}.`,
		'',
		'| what | requests/s | p50 (ms) | p99 (ms) | errors | non-2xx | server RSS after (MB) |',
		'| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
		...rows.map((r) => `| ${r.name} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${r.rss} |`),
		'',
		`JavaScript loaded by a lesson page: ${js.files} files, ${js.rawKb} KB, **${js.gzipKb} KB gzipped**.`,
		'',
		'## Credentials',
		'',
		'Measured in one process on a fresh SQLite database (scripts/bench-credentials.ts): issuing is',
		'signing and storing one credential in its own transaction, as after a passed assessment;',
		'verifying is the server-side verification the verification page runs (signature, issuer key,',
		'dates, both status lists).',
		'',
		'| what | median (ms) | p95 (ms) | samples |',
		'| --- | ---: | ---: | ---: |',
		`| Issue one credential (sign + store) | ${credentials.issue.median} | ${credentials.issue.p95} | ${credentials.issue.samples} |`,
		`| Verify one credential on the server | ${credentials.verify.median} | ${credentials.verify.p95} | ${credentials.verify.samples} |`,
		'',
		`Bulk: ${credentials.bulk.count.toLocaleString('en')} credentials issued one after another in ${credentials.bulk.seconds} s (${credentials.bulk.perSecond} per second).`,
		'',
		'Targets (issue 5): issue < 20 ms and verify < 10 ms (medians); 10,000 credentials in under 3 minutes.',
		'See performance-notes.md for where the time goes.',
		'',
		'Targets (issue 3): lesson page ≥ 450 requests/s with p99 < 150 ms at 32 connections; lesson-page',
		'JavaScript < 200 KB gzipped. See performance-notes.md for where the time goes.',
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
