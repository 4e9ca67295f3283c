/**
 * Learners write concurrently — knowledge checks, completed lessons, final assessments that issue
 * credentials — while the server is SIGKILLed mid-stream. Restarted on the same database, it has
 * every write it had answered with a success, each credential answered still verifies, and the
 * SQLite file passes `PRAGMA integrity_check`.
 */
import Database from 'better-sqlite3'
import { expect, test } from '@playwright/test'
import { getSqliteFilePath } from '../../app/database-url'
import { fixtureAnswers } from '../fixtures/content-fixture'
import {
	createDatabase,
	createDatabaseClient,
	createSessionCookie,
	createUser,
	dropDatabase,
	ownPort,
	runDir,
	startServer,
	stopServer,
	type OwnServer,
} from './own-server'

const PATH = 'fixture-path'
const LESSONS = 12
const LEARNERS = 16

/** What the server answered with a success before it was killed. */
type Acknowledged = {
	checks: { userId: string; lesson: number }[]
	completions: { userId: string; lesson: number }[]
	starts: { userId: string; attemptId: string }[]
	passes: { userId: string; attemptId: string }[]
	/** Attempts answered as started that another connection could not read at once. */
	late: string[]
	/** Anything but a success while the server was still running. */
	unexpected: string[]
	killed: boolean
}

const form = (entries: [string, string][]) => new URLSearchParams(entries)

function checkAnswers(lesson: number) {
	return form([
		['intent', 'check'],
		[`q:check-${lesson}-a`, 'b'],
		[`q:check-${lesson}-b`, 'a'],
		[`q:check-${lesson}-b`, 'b'],
	])
}

/** The attempt row, waiting up to 5 s for it: a late one is noted (and must still survive the kill). */
async function readAttempt(db: ReturnType<typeof createDatabaseClient>, attemptId: string, acknowledged: Acknowledged) {
	const deadline = Date.now() + 5000
	for (;;) {
		const attempt = await db.assessmentAttempt.findUnique({ where: { id: attemptId } })
		if (attempt) return attempt
		if (Date.now() > deadline) throw new Error(`attempt ${attemptId} was answered as started but is not there`)
		if (!acknowledged.late.includes(attemptId)) acknowledged.late.push(attemptId)
		await new Promise((resolve) => setTimeout(resolve, 20))
	}
}

/** One learner's way through the path, from lesson `from`, until the path is done or the server is gone. */
async function learn(
	server: OwnServer,
	db: ReturnType<typeof createDatabaseClient>,
	learner: { id: string; cookie: string },
	from: number,
	acknowledged: Acknowledged,
) {
	const post = (url: string, body: URLSearchParams) =>
		fetch(`${server.origin}${url}`, {
			method: 'POST',
			headers: { Origin: server.origin, Cookie: learner.cookie },
			body,
			redirect: 'manual',
		})
	try {
		for (let lesson = from; lesson <= LESSONS; lesson++) {
			const checked = await post(`/paths/${PATH}/lesson-${lesson}`, checkAnswers(lesson))
			await checked.arrayBuffer()
			if (checked.status !== 200) throw new Error(`check answered ${checked.status}`)
			acknowledged.checks.push({ userId: learner.id, lesson })
			const completed = await post(`/paths/${PATH}/lesson-${lesson}`, form([['intent', 'complete']]))
			await completed.arrayBuffer()
			if (completed.status !== 302) throw new Error(`complete answered ${completed.status}`)
			acknowledged.completions.push({ userId: learner.id, lesson })
		}
		const started = await post(`/paths/${PATH}/assessment`, form([]))
		const location = started.headers.get('location') ?? ''
		const attemptId = location.match(/^\/paths\/[^/]+\/assessment\/([^/?]+)$/)?.[1]
		if (started.status !== 302 || !attemptId)
			throw new Error(`assessment answered ${started.status} ${location} ${await started.text()}`)
		await started.arrayBuffer()
		acknowledged.starts.push({ userId: learner.id, attemptId })
		// The attempt the server answered with is read back (the answers depend on the drawn questions).
		const attempt = await readAttempt(db, attemptId, acknowledged)
		const answers = new URLSearchParams()
		for (const [name, value] of fixtureAnswers(JSON.parse(attempt.questionIds) as string[]))
			answers.append(name, String(value))
		const submitted = await post(`/paths/${PATH}/assessment/${attemptId}`, answers)
		await submitted.arrayBuffer()
		if (submitted.status !== 302) throw new Error(`submission answered ${submitted.status}`)
		acknowledged.passes.push({ userId: learner.id, attemptId })
	} catch (error) {
		// After the kill every request fails; before it, none may.
		if (!acknowledged.killed) acknowledged.unexpected.push(`${learner.id}: ${String(error)}`)
	}
}

for (const [provider, port] of [
	['sqlite', ownPort(95)],
	['postgresql', ownPort(96)],
] as const) {
	test(`every write answered before a SIGKILL is there after the restart (${provider})`, async () => {
		test.setTimeout(150_000)
		const databaseUrl = await createDatabase(provider, 'crash')
		const dataDir = runDir(`crash-${provider}`)
		let server = await startServer({ databaseUrl, port, dataDir, env: { SEED_DEMO_DATA: 'false' } })
		let db = createDatabaseClient(databaseUrl)
		try {
			// Learners start at different lessons, so assessments (and credentials) are issued all along.
			const learners = []
			for (let i = 0; i < LEARNERS; i++) {
				const user = await createUser(db, { name: `Crash Learner ${i + 1}` })
				const { cookie } = await createSessionCookie(db, user.id)
				const from = 1 + ((i * 5) % LESSONS)
				if (from > 1) {
					const now = new Date()
					await db.lessonProgress.createMany({
						data: Array.from({ length: from - 1 }, (_, l) => ({
							userId: user.id,
							pathSlug: PATH,
							lessonSlug: `lesson-${l + 1}`,
							startedAt: now,
							completedAt: now,
						})),
					})
				}
				learners.push({ id: user.id, cookie, from })
			}
			const acknowledged: Acknowledged = {
				checks: [],
				completions: [],
				starts: [],
				passes: [],
				late: [],
				unexpected: [],
				killed: false,
			}
			const total = () => acknowledged.checks.length + acknowledged.completions.length + acknowledged.passes.length
			const running = Promise.all(learners.map((l) => learn(server, db, l, l.from, acknowledged)))

			// Killed mid-stream: once a fair share of the writes, and some credentials, were answered.
			await expect
				.poll(() => acknowledged.passes.length >= 3 && total() >= 120, { timeout: 90_000, intervals: [20] })
				.toBe(true)
			acknowledged.killed = true
			server.child.kill('SIGKILL')
			expect((await server.exited).signal).toBe('SIGKILL')
			await running
			console.log(
				`crash test on ${provider}: killed after ${acknowledged.checks.length} checks, ` +
					`${acknowledged.completions.length} completions, ${acknowledged.starts.length} assessment starts and ` +
					`${acknowledged.passes.length} passes were answered; attempts not readable at once: ${acknowledged.late.length}`,
			)
			expect(acknowledged.unexpected).toEqual([])
			// An answered write is committed: another connection reads it at once (see sqlite-adapter.server.ts).
			expect(acknowledged.late).toEqual([])
			// Not every learner got through: the kill came mid-stream.
			expect(acknowledged.passes.length).toBeLessThan(LEARNERS)

			if (provider === 'sqlite') {
				const file = new Database(getSqliteFilePath(databaseUrl), { fileMustExist: true })
				try {
					expect(file.pragma('integrity_check', { simple: true })).toBe('ok')
				} finally {
					file.close()
				}
			}
			// `prisma migrate deploy` at start cannot lock an SQLite file another connection has open.
			await db.$disconnect()
			server = await startServer({ databaseUrl, port, dataDir, env: { SEED_DEMO_DATA: 'false' } })
			db = createDatabaseClient(databaseUrl)

			for (const { userId, lesson } of acknowledged.checks) {
				const responses = await db.checkResponse.count({
					where: { userId, pathSlug: PATH, questionId: { in: [`check-${lesson}-a`, `check-${lesson}-b`] } },
				})
				expect(responses, `the knowledge check of lesson ${lesson} of ${userId}`).toBe(2)
			}
			for (const { userId, lesson } of acknowledged.completions) {
				const row = await db.lessonProgress.findFirst({
					where: { userId, pathSlug: PATH, lessonSlug: `lesson-${lesson}` },
					select: { completedAt: true },
				})
				expect(row?.completedAt, `lesson ${lesson} of ${userId} completed`).toBeTruthy()
			}
			for (const { userId, attemptId } of acknowledged.starts) {
				const attempt = await db.assessmentAttempt.findUnique({ where: { id: attemptId }, select: { userId: true } })
				expect(attempt?.userId, `attempt ${attemptId} started`).toBe(userId)
			}
			for (const { userId, attemptId } of acknowledged.passes) {
				const attempt = await db.assessmentAttempt.findUniqueOrThrow({ where: { id: attemptId } })
				expect(attempt.passed, `attempt ${attemptId} passed`).toBe(true)
				expect(await db.pathCompletion.count({ where: { userId, pathSlug: PATH } })).toBe(1)
				const credential = await db.credential.findFirstOrThrow({ where: { userId, pathSlug: PATH } })
				// The credential the learner downloads verifies on the restarted server.
				const { cookie } = await createSessionCookie(db, userId)
				const json = await fetch(`${server.origin}/credentials/${credential.id}/credential.json`, {
					headers: { Cookie: cookie },
				})
				expect(json.status).toBe(200)
				const verified = await fetch(`${server.origin}/verify`, {
					method: 'POST',
					headers: { Origin: server.origin },
					body: form([['credential', await json.text()]]),
				})
				expect(verified.status).toBe(200)
				expect(await verified.text()).toContain('>Valid<')
			}
		} finally {
			await db.$disconnect()
			await stopServer(server)
			await dropDatabase(databaseUrl)
		}
	})
}
