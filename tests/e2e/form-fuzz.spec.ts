/**
 * Every route with an action gets random and malformed requests — wrong types, 200 KB fields, missing
 * and duplicated fields, RTL marks, emoji, NUL bytes, invalid UTF-8 and lone surrogates, random
 * intents, invalid ids, multipart, urlencoded, JSON and broken bodies — as an anonymous visitor, a
 * learner and an admin, with the site's own Origin. No answer may be a 5xx, and an answer of 4xx
 * must leave the database as it was. A run prints its seed; FUZZ_SEED=<seed> repeats it.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { expect, test } from '@playwright/test'
import pg from 'pg'
import { parseIntoClientConfig } from 'pg-connection-string'
import type { RouteConfigEntry } from '@react-router/dev/routes'
import routes from '../../app/routes'
import { getSqliteFilePath } from '../../app/database-url'
import {
	createDatabase,
	createDatabaseClient,
	createSessionCookie,
	createUser,
	dropDatabase,
	ownPort,
	PASSWORD,
	runDir,
	startServer,
	stopServer,
	type Provider,
} from './own-server'

const root = path.resolve(import.meta.dirname, '../..')
const CASES = Number(process.env.FUZZ_CASES ?? 800)
// On a busy machine the run stops early (the same seed repeats the same requests, so a shorter
// run is a prefix of a longer one).
const BUDGET_MS = Number(process.env.FUZZ_BUDGET_MS ?? 45_000)

/** mulberry32: small, fast and the same everywhere, so a seed reproduces a run. */
function createRandom(seed: number) {
	let state = seed >>> 0
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0
		let t = state
		t = Math.imul(t ^ (t >>> 15), t | 1)
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296
	}
	const int = (max: number) => Math.floor(next() * max)
	const pick = <T>(items: readonly T[]): T => items[int(items.length)]!
	const chance = (p: number) => next() < p
	return { next, int, pick, chance }
}
type Random = ReturnType<typeof createRandom>

type ActionRoute = { pattern: string; file: string; fields: string[]; intents: string[] }

/** The routes of app/routes.ts whose module exports an action, with the field names and intents it reads. */
function actionRoutes(): ActionRoute[] {
	const found: ActionRoute[] = []
	const walk = (entries: RouteConfigEntry[], parent: string) => {
		for (const entry of entries) {
			const pattern = [parent, entry.path ?? ''].filter(Boolean).join('/')
			const source = fs.readFileSync(path.join(root, 'app', entry.file), 'utf8')
			if (/export (async )?function action\b|export const action\b/.test(source)) {
				found.push({ pattern: `/${pattern}`, file: entry.file, ...formVocabulary(source) })
			}
			if (entry.children) walk(entry.children, pattern)
		}
	}
	walk(routes, '')
	return found
}

function matches(source: string, pattern: RegExp) {
	return [...source.matchAll(pattern)].map((m) => m[1]!)
}

function formVocabulary(source: string) {
	const fields = new Set([
		...matches(source, /name="([^"{}]+)"/g),
		...matches(source, /\bget(?:All)?\('([^']+)'\)/g),
		...matches(source, /^\s*(\w+): z\./gm),
	])
	const intents = new Set([...matches(source, /intent === '([^']+)'/g), ...matches(source, /value="([^"{}]+)"/g)])
	return { fields: [...fields], intents: [...intents] }
}

/** Field names of the zod schemas shared by several forms. */
const sharedFields = formVocabulary(fs.readFileSync(path.join(root, 'app/auth/account-schemas.ts'), 'utf8')).fields
const genericFields = [
	'intent',
	'id',
	'userId',
	'teamId',
	'email',
	'password',
	'name',
	'token',
	'redirectTo',
	'q:bank-1',
	'q:bank-order:count',
	'q:bank-match:time',
	'q:check-1-a',
	'q:check-1-b',
	'__proto__',
	'constructor',
	'',
]

type Pool = { ids: string[]; slugs: string[] }

const bytes = (value: string) => Buffer.from(value, 'utf8')
const KB = 1024

/** A field value: most are text, some are bytes that are not UTF-8 (lone surrogates, overlong NUL). */
function randomValue(random: Random, pool: Pool, intents: string[]): Buffer {
	const choices: (() => Buffer | string)[] = [
		() => '',
		() => ' \t\n ',
		() => String(random.int(2_000_000_000) - 1_000_000_000),
		() => random.pick(['-1', '0', '1', '1.5', '1e309', 'NaN', 'Infinity', '0x1f', '007', '99999999999999999999']),
		() => random.pick(['true', 'false', 'null', 'undefined', '[]', '{}', '{"a":1}', '[object Object]']),
		() => 'x'.repeat(200 * KB),
		() => 'é'.repeat(random.int(4000)),
		() => '\u202Eكلمة عربية\u202C שלום',
		() => '👩🏽‍💻🚀\u{1F600}\uFE0F',
		() => `a\u0000b\u0000`,
		() => Buffer.from([0xed, 0xa0, 0x80, 0x61]), // a lone surrogate, as CESU-8
		() => Buffer.from([0xff, 0xfe, 0xc0, 0x80]), // invalid UTF-8 and an overlong NUL
		() => '\uD800',
		() => random.pick(pool.ids),
		() => random.pick(pool.slugs),
		() => random.pick(intents.length > 0 ? intents : ['x']),
		() => random.pick(['2026-13-45', '9999-12-31', '0000-00-00', '2026-02-30', '1970-01-01', 'tomorrow']),
		() => random.pick(['a@b', ' Someone@Example.TEST ', 'learner@northwind.example', '@', 'x@y.z,x@y.z']),
		() => random.pick(['<script>alert(1)</script>', "' OR 1=1 --", '../../etc/passwd', '%00', '${7*7}']),
		// Control characters and redirect tricks (a TAB or line break that a browser would drop).
		() => random.pick(['/\t/evil.example', '/\r\n/evil.example', '/dashboard\u0007', '\u0001\u001b[31m', 'a\u0085b']),
		() => random.pick([PASSWORD, 'northwind-learns-2026', 'short']),
		() => Array.from({ length: random.int(40) }, () => String.fromCharCode(32 + random.int(95))).join(''),
	]
	const value = random.pick(choices)()
	return typeof value === 'string' ? bytes(value) : value
}

function percentEncode(value: Buffer) {
	let out = ''
	for (const byte of value) {
		const c = String.fromCharCode(byte)
		out += /[A-Za-z0-9*\-._]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
	}
	return out
}

type Body = { contentType?: string; body?: Buffer; kind: string }

function randomBody(random: Random, fields: [string, Buffer][]): Body {
	const kind = random.pick([
		'urlencoded',
		'urlencoded',
		'urlencoded',
		'multipart',
		'multipart',
		'broken-urlencoded',
		'broken-multipart',
		'json',
		'text',
		'empty',
		'no-type',
	])
	if (kind === 'urlencoded' || kind === 'no-type') {
		const body = bytes(fields.map(([k, v]) => `${percentEncode(bytes(k))}=${percentEncode(v)}`).join('&'))
		return { kind, body, contentType: kind === 'no-type' ? undefined : 'application/x-www-form-urlencoded' }
	}
	if (kind === 'broken-urlencoded') {
		const raw = random.pick(['%', '%zz=1', '&&&=&=', 'a=%E0%A4%A', '=', 'intent', 'a=b=c&a', '\u0000=\u0000'])
		const body = Buffer.concat([bytes(raw), ...fields.map(([k, v]) => Buffer.concat([bytes(`&${k}=`), v]))])
		return { kind, body, contentType: 'application/x-www-form-urlencoded; charset=utf-8' }
	}
	if (kind === 'multipart' || kind === 'broken-multipart') {
		const boundary = `----fuzz${random.int(1e9)}`
		const parts = fields.map(([k, v]) => {
			const file = random.chance(0.2) ? `; filename="${random.pick(['a.csv', 'x".json', 'ü\u202E.txt', ''])}"` : ''
			const type = file ? `\r\nContent-Type: ${random.pick(['text/csv', 'application/json', 'x/y'])}` : ''
			return Buffer.concat([
				bytes(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"${file}${type}\r\n\r\n`),
				v,
				bytes('\r\n'),
			])
		})
		const end = kind === 'multipart' || random.chance(0.3) ? bytes(`--${boundary}--\r\n`) : bytes('--')
		const header =
			kind === 'multipart'
				? `multipart/form-data; boundary=${boundary}`
				: random.pick([
						'multipart/form-data',
						`multipart/form-data; boundary=other`,
						`multipart/form-data; boundary=${boundary}`,
					])
		return { kind, body: Buffer.concat([...parts, end]), contentType: header }
	}
	if (kind === 'json') {
		const object = Object.fromEntries(
			fields.map(([k, v]) => [k, random.chance(0.5) ? v.toString('utf8') : [1, { v: 2 }]]),
		)
		return { kind, body: bytes(JSON.stringify(object)), contentType: 'application/json' }
	}
	if (kind === 'text') return { kind, body: Buffer.concat(fields.map(([, v]) => v)), contentType: 'text/plain' }
	return { kind, contentType: random.pick(['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) }
}

function fillPattern(random: Random, pattern: string, pool: Pool) {
	return pattern
		.split('/')
		.map((segment) => {
			if (segment === '*') return random.pick(['nowhere', 'a/b/c', percentEncode(bytes('ü\u202E'))])
			if (!segment.startsWith(':')) return segment
			const param = segment.slice(1)
			const valid: Record<string, string[]> = {
				pathSlug: ['fixture-path', 'data-literacy'],
				lessonSlug: ['lesson-1', 'lesson-2', 'lesson-12'],
			}
			if (random.chance(0.6) && valid[param]) return random.pick(valid[param])
			if (random.chance(0.5)) return encodeURIComponent(random.pick(pool.ids))
			return random.pick([
				'0',
				'-1',
				'null',
				'x'.repeat(3000),
				'%ED%A0%80',
				'%FF',
				'%00',
				'..',
				encodeURIComponent('👩🏽‍💻'),
				encodeURIComponent("' OR 1=1"),
			])
		})
		.join('/')
}

/** Every table as a digest of its rows, read with the database's own driver in one round trip. */
async function openDigest(url: string) {
	// Sessions slide and are restored before each request here; failed sign-ins are counted in
	// RateLimit on purpose. Neither is a write the refused request should not have made.
	const skipped = new Set(['Session', 'RateLimit', '_prisma_migrations'])
	// The server's job worker updates these rows at any time; a refused request must not add one.
	const countsOnly = new Set(['Job', 'OutboxEmail'])
	// Except the hourly reminders run and the daily removal of old jobs, which the worker queues itself
	// (at start, and after each run for the next: a run on the hour adds one whatever the requests do).
	const workersOwn: Record<string, string> = {
		Job: `WHERE "id" NOT LIKE 'reminders-%' AND "id" NOT LIKE 'prune-jobs-%'`,
	}
	if (url.startsWith('file:')) {
		const db = new Database(getSqliteFilePath(url), { fileMustExist: true })
		const tables = (
			db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[]
		).filter((t) => !skipped.has(t) && !t.startsWith('sqlite_'))
		const statements = tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}" ${workersOwn[t] ?? ''}`).raw()] as const)
		return {
			read: async () =>
				Object.fromEntries(
					statements.map(([t, s]) => {
						const rows = s.all().map((row) => JSON.stringify(row, toJson))
						return [t, countsOnly.has(t) ? String(rows.length) : `${rows.length}:${hash(rows.sort().join('\n'))}`]
					}),
				),
			close: async () => db.close(),
		}
	}
	const client = new pg.Client(parseIntoClientConfig(url))
	await client.connect()
	const tables = (
		await client.query<{ name: string }>(
			"SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
		)
	).rows
		.map((r) => r.name)
		.filter((t) => !skipped.has(t))
	const sql = `SELECT ${tables
		.map((t) =>
			countsOnly.has(t)
				? `(SELECT count(*)::text FROM "${t}" ${workersOwn[t] ?? ''}) AS "${t}"`
				: `(SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM "${t}" t) AS "${t}"`,
		)
		.join(', ')}`
	return {
		read: async () => (await client.query<Record<string, string>>(sql)).rows[0]!,
		close: () => client.end(),
	}
}

function hash(text: string) {
	return crypto.createHash('sha256').update(text).digest('hex')
}

const toJson = (_: string, value: unknown) =>
	Buffer.isBuffer(value) ? value.toString('hex') : typeof value === 'bigint' ? String(value) : value

function changedTables(before: Record<string, string>, after: Record<string, string>) {
	return Object.keys({ ...before, ...after }).filter((t) => before[t] !== after[t])
}

const ports: Record<Provider, number> = { sqlite: ownPort(93), postgresql: ownPort(94) }

for (const provider of ['sqlite', 'postgresql'] as const) {
	test(`every form action refuses random and malformed input without a 5xx or a partial write (${provider})`, async () => {
		test.setTimeout(180_000)
		const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31))
		console.log(`form fuzz on ${provider}: FUZZ_SEED=${seed}`)
		const random = createRandom(seed)
		const databaseUrl = await createDatabase(provider, 'fuzz')
		const server = await startServer({ databaseUrl, port: ports[provider], dataDir: runDir(`fuzz-${provider}`) })
		const db = createDatabaseClient(databaseUrl)
		const digest = await openDigest(databaseUrl)
		try {
			const learner = await createUser(db, { name: 'Fuzz Learner', role: 'LEARNER' })
			const admin = await createUser(db, { name: 'Fuzz Admin', role: 'ADMIN' })
			// The learner has done the fixture path's lessons, so the assessment's actions run too.
			const now = new Date()
			await db.pathProgress.create({
				data: { userId: learner.id, pathSlug: 'fixture-path', lastLessonSlug: 'lesson-12', lessonsCompletedAt: now },
			})
			await db.lessonProgress.createMany({
				data: Array.from({ length: 12 }, (_, i) => ({
					userId: learner.id,
					pathSlug: 'fixture-path',
					lessonSlug: `lesson-${i + 1}`,
					startedAt: now,
					completedAt: now,
				})),
			})
			const sessions = {
				anonymous: null,
				learner: await createSessionCookie(db, learner.id),
				admin: await createSessionCookie(db, admin.id),
			}
			const users = { learner: learner.id, admin: admin.id }

			const readPool = async (): Promise<Pool> => {
				const [people, teams, credentials, attempts, invitations, batches, notifications] = await Promise.all([
					db.user.findMany({ select: { id: true }, take: 20 }),
					db.team.findMany({ select: { id: true } }),
					db.credential.findMany({ select: { id: true, publicId: true }, take: 10 }),
					db.assessmentAttempt.findMany({ select: { id: true } }),
					db.invitation.findMany({ select: { id: true } }),
					db.importBatch.findMany({ select: { id: true } }),
					db.notification.findMany({ select: { id: true }, take: 10 }),
				])
				return {
					ids: [
						...[...people, ...teams, ...attempts, ...invitations, ...batches, ...notifications].map((r) => r.id),
						...credentials.flatMap((c) => [c.id, c.publicId]),
						'none',
						crypto.randomUUID(),
					],
					slugs: [
						'fixture-path',
						'data-literacy',
						'ai-ethics',
						'lesson-1',
						'esco:1d6c7de4-350e-4868-a47b-333b4b0d9650',
					],
				}
			}

			const targets = actionRoutes()
			// Every route with an action is in the run (a new one joins by itself).
			expect(targets.map((t) => t.pattern)).toEqual(
				expect.arrayContaining(['/sign-in', '/paths/:pathSlug/:lessonSlug', '/admin/people']),
			)
			const failures: string[] = []
			const statuses: Record<string, number> = {}
			let pool = await readPool()
			let before = await digest.read()
			const started = Date.now()
			let n = 0
			for (; n < CASES && Date.now() - started < BUDGET_MS; n++) {
				if (n % 40 === 0) pool = await readPool()
				const target = random.pick(targets)
				const who = random.pick(['anonymous', 'learner', 'admin'] as const)
				const intents = target.intents
				const names = [...target.fields, ...sharedFields, ...genericFields]
				const fields: [string, Buffer][] = []
				if (random.chance(0.7) && intents.length > 0) fields.push(['intent', bytes(random.pick(intents))])
				const count = random.int(6)
				for (let i = 0; i < count; i++) {
					const name = random.chance(0.85) ? random.pick(names) : random.pick(['x', 'ü\u202E', 'a[b]', 'q:', 'file'])
					fields.push([name, randomValue(random, pool, intents)])
					// Duplicated fields.
					if (random.chance(0.15)) fields.push([name, randomValue(random, pool, intents)])
				}
				const body = randomBody(random, fields)
				let url = fillPattern(random, target.pattern, pool)
				if (random.chance(0.1)) url += '.data'
				if (random.chance(0.1))
					url += `?redirectTo=${random.pick(['//evil.example', '/admin', '%0d%0a', 'javascript:alert(1)'])}`
				const method = random.chance(0.08) ? random.pick(['PUT', 'PATCH', 'DELETE']) : 'POST'
				const session = sessions[who]
				if (session) {
					// Restores a session the previous request signed out (sign-out, "sign out everywhere").
					await db.session.upsert({
						where: { id: session.sessionId },
						create: {
							id: session.sessionId,
							userId: users[who as 'learner' | 'admin'],
							expiresAt: new Date(Date.now() + 86_400_000),
						},
						update: {},
					})
				}
				const headers: Record<string, string> = { Origin: server.origin }
				if (body.contentType) headers['Content-Type'] = body.contentType
				if (session) headers['Cookie'] = session.cookie
				if (session && !url.includes('.data')) {
					// A page answering a refused form renders with its loaders, which may record a visit
					// (a lesson marks the learner's place) as a plain visit does: that visit comes first.
					const visit = await fetch(`${server.origin}${url}`, {
						headers: { Cookie: session.cookie },
						redirect: 'manual',
					})
					if (visit.status >= 500) failures.push(`#${n} GET ${url.slice(0, 120)} as ${who}: ${visit.status}`)
					await visit.arrayBuffer()
					before = await digest.read()
				}
				const label = `#${n} ${method} ${url.slice(0, 120)} as ${who}, ${body.kind} body, fields ${fields
					.map(([k, v]) => `${k.slice(0, 30)}(${v.length} B)`)
					.join(' ')}`
				let status: number
				let text = ''
				const sent = Date.now()
				try {
					const response = await fetch(`${server.origin}${url}`, {
						method,
						headers,
						body: body.body && new Uint8Array(body.body),
						redirect: 'manual',
					})
					status = response.status
					text = await response.text()
				} catch (error) {
					failures.push(
						`${label} after ${Date.now() - sent} ms: no answer (${String(error)}: ${String((error as Error).cause)})`,
					)
					if (server.child.exitCode !== null || server.child.signalCode !== null) break
					continue
				}
				statuses[status] = (statuses[status] ?? 0) + 1
				const after = await digest.read()
				if (status >= 500) failures.push(`${label}: ${status} ${text.slice(0, 200)}`)
				else if (status >= 400) {
					const changed = changedTables(before, after)
					if (changed.length > 0) failures.push(`${label}: ${status} but wrote to ${changed.join(', ')}`)
				}
				before = after
			}
			console.log(
				`form fuzz on ${provider}: ${n} requests over ${targets.length} action routes in ${Date.now() - started} ms; answers ${JSON.stringify(statuses)}`,
			)
			expect(failures, `FUZZ_SEED=${seed}\n${server.output().slice(-4000)}`).toEqual([])
			expect((await fetch(`${server.origin}/healthz`)).status).toBe(200)
		} finally {
			await digest.close()
			await db.$disconnect()
			await stopServer(server)
			await dropDatabase(databaseUrl)
		}
	})
}
