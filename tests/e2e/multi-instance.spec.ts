/**
 * Two instances of the built site on one PostgreSQL database, behind nginx running the example
 * configuration (docs/deploy/nginx.conf), as docs/deploy.md describes a deployment: the same
 * PUBLIC_ORIGIN (the proxy's), COOKIE_SECRET and ISSUER_KEY_SECRET (the signing keys are in the database),
 * TRUST_PROXY=true, migrations applied by one instance only. Each check is made instance by instance
 * (a request to A, the next to B) and again through the proxy, whose access log says which instance
 * answered. Readiness across a SIGTERM is checked on SQLite as well.
 */
import { spawnSync } from 'node:child_process'
import net from 'node:net'
import fs from 'node:fs'
import path from 'node:path'
import { decodeList } from '@digitalbazaar/vc-bitstring-status-list'
import { expect, test } from '@playwright/test'
import { SERVER_NODE_FLAGS } from '../../scripts/server-flags'
import { uniqueName } from '../setup/test-databases'
import { nginx as nginxProgram, requireTools, setToolSkipper } from '../setup/tools'
import {
	createDatabase,
	createDatabaseClient,
	dropDatabase,
	runDir,
	startServer,
	stopServer,
	type OwnServer,
} from './own-server'
import type { FieldResult } from './field-verifiers'
import { createSelfSignedCertificate, logLineOf, send, startNginx, upstreamIn, type Nginx, type Reply } from './nginx'

// 3600–3699 belong to this test.
const PORT_A = 3600
const PORT_B = 3601
const HTTP_PORT = 3602
const HTTPS_PORT = 3603
const PORT_SQLITE = 3604
const ORIGIN = `https://localhost:${HTTPS_PORT}`
const DEMO_PASSWORD = 'northwind-learns-2026'

function cookiesOf(reply: Reply) {
	return (reply.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!).filter((c) => !c.endsWith('='))
}

/**
 * Begins GET /readyz on `server`, sends it SIGTERM, then completes the request: a request under way
 * when the signal comes is still answered, and its answer is what a proxy's check sees while the
 * instance stops. The raw HTTP answer.
 */
async function readyzAcrossSigterm(server: OwnServer) {
	const socket = net.connect(Number(new URL(server.origin).port), '127.0.0.1')
	await new Promise((resolve) => socket.once('connect', resolve))
	let answer = ''
	socket.setEncoding('utf8').on('data', (chunk: string) => (answer += chunk))
	const closed = new Promise((resolve) => socket.once('close', resolve))
	socket.write('GET /readyz HTTP/1.1\r\nHost: localhost\r\n')
	await new Promise((resolve) => setTimeout(resolve, 200))
	server.child.kill('SIGTERM')
	await expect.poll(() => server.output(), { timeout: 10_000 }).toContain('SIGTERM received')
	socket.write('Connection: close\r\n\r\n')
	await closed
	return answer
}

test('on SQLite too, /readyz answers 200 once an instance has started and 503 from SIGTERM on', async () => {
	const databaseUrl = await createDatabase('sqlite', 'readyz')
	const server = await startServer({
		databaseUrl,
		port: PORT_SQLITE,
		dataDir: path.dirname(databaseUrl.slice('file:'.length)),
		env: { SEED_DEMO_DATA: 'false' },
	})
	try {
		const ready = await send(`${server.origin}/readyz`)
		expect(ready.status).toBe(200)
		expect(ready.headers['cache-control']).toBe('no-store')
		expect(JSON.parse(ready.body)).toEqual({ status: 'ready', database: true, pendingMigrations: [], content: true })
		const answer = await readyzAcrossSigterm(server)
		expect(answer).toMatch(/^HTTP\/1\.1 503 /)
		expect(answer).toContain('"status":"stopping"')
		expect(await server.exited).toEqual({ code: 0, signal: null })
	} finally {
		await stopServer(server)
		await dropDatabase(databaseUrl)
	}
})

setToolSkipper((note) => test.skip(true, note))

test('two instances behind nginx share sessions, the sign-in throttle, the job queue and credential status', async () => {
	requireTools(nginxProgram)
	test.setTimeout(360_000)
	const dir = runDir(uniqueName('multi-instance'))
	fs.mkdirSync(dir, { recursive: true })
	const certificate = createSelfSignedCertificate(dir)
	const databaseUrl = await createDatabase('postgresql', 'multi')
	const db = createDatabaseClient(databaseUrl)
	const shared = {
		PUBLIC_ORIGIN: ORIGIN,
		TRUST_PROXY: 'true',
		COOKIE_SECRET: 'multi-instance-cookie-secret-of-at-least-32-characters',
		ISSUER_KEY_SECRET: 'multi-instance-issuer-key-secret-of-at-least-32-characters',
		// The flags of `npm run serve`.
		NODE_OPTIONS: SERVER_NODE_FLAGS.join(' '),
		// Info: each email kept in the outbox is a line naming its address, counted below.
		LOG_LEVEL: 'info',
	}
	const servers: OwnServer[] = []
	let nginx: Nginx | null = null
	try {
		// One instance migrates and seeds; the other starts once it has (as a release would do it).
		const a = await startServer({
			databaseUrl,
			port: PORT_A,
			dataDir: path.join(dir, 'data'),
			env: { ...shared, MIGRATE_ON_START: 'true', SEED_DEMO_DATA: 'true' },
		})
		servers.push(a)
		const b = await startServer({
			databaseUrl,
			port: PORT_B,
			dataDir: path.join(dir, 'data'),
			env: { ...shared, MIGRATE_ON_START: 'false', SEED_DEMO_DATA: 'false' },
		})
		servers.push(b)
		const proxy = await startNginx({
			dir: path.join(dir, 'nginx'),
			upstreams: [PORT_A, PORT_B],
			httpPort: HTTP_PORT,
			httpsPort: HTTPS_PORT,
			certificate,
		})
		nginx = proxy
		const upstreamA = `127.0.0.1:${PORT_A}`
		const upstreamB = `127.0.0.1:${PORT_B}`

		/** Straight to one instance, with the headers nginx adds (the instances trust them). */
		const direct = (server: OwnServer, pathname: string, init: Parameters<typeof send>[1] = {}) =>
			send(`${server.origin}${pathname}`, {
				...init,
				headers: { ...init.headers, 'X-Forwarded-Proto': 'https', 'X-Forwarded-Host': `localhost:${HTTPS_PORT}` },
			})
		/** Through nginx; the probe in the address finds the request in its access log. */
		const viaProxy = async (pathname: string, init: Parameters<typeof send>[1] = {}) => {
			const probe = crypto.randomUUID()
			const url = `${ORIGIN}${pathname}${pathname.includes('?') ? '&' : '?'}probe=${probe}`
			const reply = await send(url, { ...init, ca: certificate.pem })
			const logLine = await logLineOf(proxy, probe)
			return { ...reply, logLine, upstream: upstreamIn(logLine) }
		}
		const form = (fields: Record<string, string>, cookie?: string) => ({
			method: 'POST',
			headers: {
				Origin: ORIGIN,
				'Content-Type': 'application/x-www-form-urlencoded',
				...(cookie ? { Cookie: cookie } : {}),
			},
			body: new URLSearchParams(fields).toString(),
		})

		await test.step('the proxy: HTTP moves to HTTPS, text is compressed, assets are cached, bodies are limited', async () => {
			const plain = await send(`http://127.0.0.1:${HTTP_PORT}/paths?page=1`, {
				headers: { Host: `localhost:${HTTP_PORT}` },
			})
			expect(plain.status).toBe(301)
			expect(plain.headers.location).toBe(`https://localhost:${HTTPS_PORT}/paths?page=1`)

			const home = await viaProxy('/', { headers: { 'Accept-Encoding': 'gzip' } })
			expect(home.status).toBe(200)
			expect(home.headers['content-encoding']).toBe('gzip')
			// The app's own headers pass through; HSTS because the public origin is https.
			expect(home.headers['strict-transport-security']).toContain('max-age=')
			expect(home.headers['content-security-policy']).toContain("script-src 'self'")
			// The app kept nginx's request id: the two logs join up.
			expect(home.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/)
			expect(home.logLine).toContain(`rid=${home.headers['x-request-id']} `)

			const page = await viaProxy('/')
			const asset = page.body.match(/\/assets\/[\w.-]+\.js/)?.[0]
			expect(asset, 'the home page links a script under /assets').toBeTruthy()
			// Without a probe: the query string is part of the cache key.
			const first = await send(`${ORIGIN}${asset}`, { ca: certificate.pem })
			const second = await send(`${ORIGIN}${asset}`, { ca: certificate.pem })
			expect(first.status).toBe(200)
			expect(first.headers['cache-control']).toContain('immutable')
			expect(second.headers['x-cache-status']).toBe('HIT')
			expect(second.body).toBe(first.body)

			const big = 'x'.repeat(2 * 1024 * 1024)
			// Over the 1 MB of a form: nginx refuses it without bothering an instance.
			const signIn = await viaProxy('/sign-in', form({ email: big }))
			expect(signIn.status).toBe(413)
			expect(signIn.upstream).toBe('-')
			// /verify takes up to 4 MB: passed on, and the app answers (on the page) about the pasted credential.
			const verify = await viaProxy('/verify', form({ credential: big }))
			expect(verify.upstream).toMatch(/^127\.0\.0\.1:/)
		})

		await test.step('the verifiers of the field resolve the organisation’s did:web over HTTPS and accept its credential', async () => {
			// An employer's machine: a process of its own that trusts the certificate as a public one.
			const valid = `${ORIGIN}/c/northwind-demo-valid/credential.json`
			const revoked = `${ORIGIN}/c/northwind-demo-revoked/credential.json`
			// And a wallet receives its copy of the valid one over an exchange, as the wallet page starts it.
			const demo = await db.credential.findUniqueOrThrow({ where: { publicId: 'northwind-demo-valid' } })
			const exchangeId = crypto.randomUUID().replace(/-/g, '')
			await db.walletExchange.create({
				data: {
					id: exchangeId,
					credentialId: demo.id,
					userId: demo.userId,
					challenge: crypto.randomUUID(),
					expiresAt: new Date(Date.now() + 15 * 60_000),
				},
			})
			const exchange = `${ORIGIN}/exchanges/${exchangeId}`
			const args = ['--import', 'tsx', 'tests/e2e/field-verifiers.ts', valid, revoked, '--wallet', exchange]
			const run = spawnSync(process.execPath, args, {
				encoding: 'utf8',
				env: { ...process.env, NODE_EXTRA_CA_CERTS: certificate.cert },
				timeout: 120_000,
			})
			expect(run.status, run.stderr).toBe(0)
			const results = JSON.parse(run.stdout) as Record<string, FieldResult>
			const served = await viaProxy('/c/northwind-demo-valid/credential.json')
			expect((JSON.parse(served.body) as { issuer: { id: string } }).issuer.id).toBe(
				`did:web:localhost%3A${HTTPS_PORT}:orgs:northwind`,
			)
			const dcc = (url: string, which: 'served' | 'tampered' = 'served') =>
				Object.fromEntries(
					(which === 'served' ? results[url]! : results[url]!.tampered).dcc.map((entry) => [entry.id, entry.valid]),
				)
			// Every check but the registry (this site is in none of the DCC's) passes, with both libraries.
			expect(dcc(valid)).toEqual({
				valid_signature: true,
				revocation_status: true,
				suspension_status: true,
				expiration: true,
				registered_issuer: false,
			})
			expect(results[valid]!.digitalBazaar).toEqual({
				verified: true,
				error: null,
				status: [
					{ purpose: 'revocation', set: false },
					{ purpose: 'suspension', set: false },
				],
			})
			// The revoked one reads revoked to both; a copy changed after signing fails both.
			expect(dcc(revoked)).toMatchObject({ valid_signature: true, revocation_status: false })
			expect(results[revoked]!.digitalBazaar.status).toContainEqual({ purpose: 'revocation', set: true })
			expect(results[valid]!.tampered.dccError).toContain('invalid_signature')
			expect(results[valid]!.tampered.digitalBazaar.verified).toBe(false)
			// The wallet's copy is bound to the DID it proved, and both verifiers accept it; altered, neither.
			const copy = results['wallet copy'] as FieldResult & { holder: string; subject: string }
			expect(copy.subject).toBe(copy.holder)
			expect(dcc('wallet copy')).toEqual(dcc(valid))
			expect(copy.digitalBazaar).toEqual(results[valid]!.digitalBazaar)
			expect(copy.tampered.digitalBazaar.verified).toBe(false)
			expect(copy.tampered.dccError).toContain('invalid_signature')
		})

		await test.step('(a) a session made on A works on B, and signing out on B ends it on A', async () => {
			const signIn = await direct(a, '/sign-in', form({ email: 'learner@northwind.example', password: DEMO_PASSWORD }))
			expect(signIn.status).toBe(302)
			const cookie = cookiesOf(signIn).join('; ')
			expect(cookie).toContain('skillproof_session=')
			// The flash message was signed by A with the shared COOKIE_SECRET; B reads it.
			const landing = await direct(b, signIn.headers.location!, { headers: { Cookie: cookie } })
			expect(landing.status).toBe(200)
			expect(landing.body).toContain('You are signed in.')
			const session = cookiesOf(signIn).find((c) => c.startsWith('skillproof_session='))!
			const onB = await direct(b, '/account', { headers: { Cookie: session } })
			expect(onB.status).toBe(200)
			expect(onB.body).toContain('learner@northwind.example')

			const proxied = []
			for (let i = 0; i < 4; i++) proxied.push(await viaProxy('/account', { headers: { Cookie: session } }))
			expect(proxied.map((r) => r.status)).toEqual([200, 200, 200, 200])
			expect(new Set(proxied.map((r) => r.upstream))).toEqual(new Set([upstreamA, upstreamB]))

			const signOut = await direct(b, '/sign-out', form({}, session))
			expect(signOut.status).toBe(302)
			const onA = await direct(a, '/account', { headers: { Cookie: session } })
			expect(onA.status).toBe(302)
			expect(onA.headers.location).toMatch(/^\/sign-in/)
			const after = []
			for (let i = 0; i < 4; i++) after.push(await viaProxy('/account', { headers: { Cookie: session } }))
			expect(after.map((r) => r.status)).toEqual([302, 302, 302, 302])
			expect(new Set(after.map((r) => r.upstream))).toEqual(new Set([upstreamA, upstreamB]))
		})

		await test.step('(b) wrong passwords on A and on B count together: after five, this client waits', async () => {
			const email = 'mateo.rossi@northwind.example'
			const statuses = []
			for (let i = 0; i < 6; i++) {
				const reply = await direct(i % 2 === 0 ? a : b, '/sign-in', form({ email, password: `wrong-${i}` }))
				statuses.push(reply.status)
			}
			expect(statuses).toEqual([...Array(5).fill(400), 429])
			for (const server of [a, b]) {
				const right = await direct(server, '/sign-in', form({ email, password: DEMO_PASSWORD }))
				expect(right.status).toBe(429)
				expect(right.body).toContain('Too many failed sign-in attempts.')
			}

			// Through the proxy, for another account; a client's own X-Forwarded-For is not believed.
			const other = 'priya.natarajan@northwind.example'
			const proxied = []
			for (let i = 0; i < 6; i++) {
				proxied.push(
					await viaProxy('/sign-in', {
						...form({ email: other, password: `wrong-${i}` }),
						headers: { ...form({}).headers, 'X-Forwarded-For': `203.0.113.${i}` },
					}),
				)
			}
			expect(proxied.map((r) => r.status)).toEqual([...Array(5).fill(400), 429])
			expect(new Set(proxied.map((r) => r.upstream))).toEqual(new Set([upstreamA, upstreamB]))
			const refused = []
			for (let i = 0; i < 4; i++)
				refused.push(await viaProxy('/sign-in', form({ email: other, password: DEMO_PASSWORD })))
			expect(refused.map((r) => r.status)).toEqual([429, 429, 429, 429])
			expect(new Set(refused.map((r) => r.upstream))).toEqual(new Set([upstreamA, upstreamB]))
			const keys = (await db.rateLimit.findMany({ select: { key: true } })).map((r) => r.key)
			expect(keys.filter((k) => k.includes('203.0.113.'))).toEqual([])
			expect(keys).toContain('sign-in:ip:127.0.0.1')
			const pairs = (await db.signInThrottle.findMany({ select: { key: true } })).map((r) => r.key)
			expect(pairs.sort()).toEqual([`${email}|127.0.0.1`, `${other}|127.0.0.1`])
		})

		// Signed in through the proxy: the admin's session serves on both instances.
		const adminSignIn = await viaProxy('/sign-in', form({ email: 'admin@northwind.example', password: DEMO_PASSWORD }))
		expect(adminSignIn.status).toBe(302)
		const admin = cookiesOf(adminSignIn).find((c) => c.startsWith('skillproof_session='))!

		await test.step('(c) emails queued on both instances are each sent once while both workers poll', async () => {
			const batches = [a, b, a, b].map((_, i) =>
				Array.from({ length: 25 }, (_, j) => `multi-${i}-${j}-${crypto.randomUUID().slice(0, 6)}@example.test`),
			)
			for (const [i, emails] of batches.entries()) {
				const server = i % 2 === 0 ? a : b
				const invited = await direct(
					server,
					'/admin/invitations',
					form({ intent: 'invite', emails: emails.join('\n'), teamId: '', role: 'LEARNER' }, admin),
				)
				expect(invited.status).toBe(302)
			}
			const addresses = batches.flat()
			const outbox = () =>
				db.outboxEmail.findMany({ where: { to: { in: addresses } }, select: { id: true, loggedAt: true } })
			await expect.poll(async () => (await outbox()).filter((e) => e.loggedAt).length, { timeout: 60_000 }).toBe(100)
			const emails = await outbox()
			expect(emails).toHaveLength(100)
			const jobs = async () =>
				(
					await db.job.findMany({
						where: { kind: 'email.send' },
						select: { payload: true, status: true, attempts: true, result: true },
					})
				)
					.filter((job) => emails.some((e) => job.payload.includes(e.id)))
					.map(({ payload, status, attempts, result }) => ({
						status,
						attempts,
						// Written to a file (no SMTP_URL here); its sealed copy, with the link, forgotten.
						delivered: Object.keys(JSON.parse(result ?? '{}') as object),
						sealed: payload.includes('sealed'),
					}))
			// A job claimed twice would show two attempts; a second run of a sent email, `skipped`.
			const once = Array(100).fill({ status: 'done', attempts: 1, delivered: ['written'], sealed: false })
			expect(await jobs()).toEqual(once)
			// Counted apart from the job table: each instance logs every email its worker handled.
			const handledBy = (server: OwnServer) =>
				server
					.output()
					.split('\n')
					.flatMap((line) => {
						const to = line.startsWith('{') ? (JSON.parse(line) as { outbox?: { to?: string } }).outbox?.to : null
						return to && addresses.includes(to) ? [to] : []
					})
			await expect.poll(() => handledBy(a).length + handledBy(b).length, { timeout: 10_000 }).toBe(100)
			expect([...handledBy(a), ...handledBy(b)].sort()).toEqual([...addresses].sort())
			// Several more polls of both workers change nothing.
			await new Promise((resolve) => setTimeout(resolve, 3000))
			expect(await jobs()).toEqual(once)
			expect(handledBy(a).length + handledBy(b).length).toBe(100)
			test.info().annotations.push({
				type: 'jobs',
				description: `emails handled: ${handledBy(a).length} by A, ${handledBy(b).length} by B`,
			})
		})

		await test.step('(d) a credential revoked through A shows revoked on B at once, and in B’s status list', async () => {
			const credential = await db.credential.findUniqueOrThrow({
				where: { publicId: 'northwind-demo-valid' },
				select: { id: true, revocationListId: true, revocationIndex: true },
			})
			const revokedBit = async (server: OwnServer) => {
				const list = await direct(server, `/credentials/status/${credential.revocationListId}`)
				expect(list.status).toBe(200)
				const document = JSON.parse(list.body) as { credentialSubject: { encodedList: string } }
				return (await decodeList({ encodedList: document.credentialSubject.encodedList })).getStatus(
					credential.revocationIndex,
				)
			}
			const before = await direct(b, '/c/northwind-demo-valid')
			expect(before.body).toContain('data-verdict="valid"')
			expect(await revokedBit(b)).toBe(false)

			const reason = 'Issued in error, found in an audit'
			const revoked = await direct(
				a,
				'/admin/credentials',
				form({ credentialId: credential.id, action: 'revoke', reason, confirmRevoke: 'yes' }, admin),
			)
			expect(revoked.status).toBe(302)

			const after = await direct(b, '/c/northwind-demo-valid')
			expect(after.body).toContain('data-verdict="revoked"')
			expect(after.body).toContain(reason)
			expect(await revokedBit(b)).toBe(true)
			expect(await revokedBit(a)).toBe(true)
			const proxied = [await viaProxy('/c/northwind-demo-valid'), await viaProxy('/c/northwind-demo-valid')]
			for (const page of proxied) expect(page.body).toContain('data-verdict="revoked"')
			expect(new Set(proxied.map((r) => r.upstream))).toEqual(new Set([upstreamA, upstreamB]))
		})

		await test.step('SIGTERM: B answers /readyz with 503 while it finishes, and the proxy sends everything to A', async () => {
			expect((await send(`${ORIGIN}/readyz`, { ca: certificate.pem })).status).toBe(200)
			expect(JSON.parse((await direct(b, '/readyz')).body)).toEqual({
				status: 'ready',
				database: true,
				pendingMigrations: [],
				content: true,
			})
			const answer = await readyzAcrossSigterm(b)
			expect(answer).toMatch(/^HTTP\/1\.1 503 /)
			expect(answer).toContain('"status":"stopping"')
			expect(await b.exited).toEqual({ code: 0, signal: null })

			const pages = []
			for (let i = 0; i < 4; i++) pages.push(await viaProxy('/paths'))
			expect(pages.map((r) => r.status)).toEqual([200, 200, 200, 200])
			expect(new Set(pages.map((r) => r.upstream.split(', ').at(-1)))).toEqual(new Set([upstreamA]))
		})
	} finally {
		await nginx?.stop()
		await Promise.all(servers.map((server) => stopServer(server)))
		await db.$disconnect()
		await dropDatabase(databaseUrl)
	}
})
