/**
 * Measures credential work in-process on a fresh SQLite database: issuing (sign + store, each in
 * its own transaction as after an assessment), verifying on the server, and issuing 10,000 in bulk:
 * one after another as above (the baseline), then with bulk issuing (app/issuing/bulk-issue.server.ts:
 * signing threads, one per core unless BENCH_BULK_THREADS says otherwise, and batched writes).
 * Run by scripts/bench.ts, which sets the environment and writes the figures to docs/benchmarks.md;
 * prints one JSON object. A benchmark measures; it asserts nothing.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const SAMPLES = Number(process.env.BENCH_CREDENTIAL_SAMPLES ?? 200)
const BULK = Number(process.env.BENCH_BULK_CREDENTIALS ?? 10_000)

const dataDir = path.join(root, 'data/bench/credentials')
fs.rmSync(dataDir, { recursive: true, force: true })
fs.mkdirSync(dataDir, { recursive: true })
process.env.DATABASE_URL = `file:${path.join(dataDir, 'bench.db')}`
process.env.DATA_DIR = dataDir
process.env.PUBLIC_ORIGIN ??= 'http://localhost:3200'
process.env.NODE_ENV = 'production'
process.env.LOG_LEVEL = 'warn'

const migrate = spawnSync(path.join(root, 'node_modules/.bin/prisma'), ['migrate', 'deploy'], {
	cwd: root,
	env: { ...process.env, CHECKPOINT_DISABLE: '1' },
	encoding: 'utf8',
})
if (migrate.status !== 0) throw new Error(migrate.stderr)

const { db } = await import('../app/db/db.server')
const { listPaths } = await import('../app/content/catalog.server')
const { issueCredential } = await import('../app/issuing/issue.server')
const { issueCredentials } = await import('../app/issuing/bulk-issue.server')
const { defaultSigningThreads } = await import('../app/issuing/signing-pool.server')
const { prepareIssuer } = await import('../app/issuing/issuer.server')
const { verifyOnServer } = await import('../app/issuing/verify.server')

await db.$queryRawUnsafe('PRAGMA journal_mode = WAL')
await prepareIssuer()
const path0 = listPaths()[0]!

/** Users with passed attempts and completions, created directly: what issuing starts from. */
async function completions(count: number, label: string) {
	const ids: Array<{ userId: string; completionId: string }> = []
	for (let start = 0; start < count; start += 500) {
		const batch = Array.from({ length: Math.min(500, count - start) }, (_, i) => {
			const n = start + i
			return {
				user: {
					id: `bench-${label}-user-${n}`,
					name: `Bench Learner ${n}`,
					email: `bench-${label}-${n}@example.test`,
					passwordHash: 'x',
					emailVerifiedAt: new Date(),
				},
				attempt: {
					id: `bench-${label}-attempt-${n}`,
					userId: `bench-${label}-user-${n}`,
					pathSlug: path0.slug,
					contentHash: path0.contentHash,
					questionIds: '[]',
					answers: '{}',
					score: 1,
					passed: true,
					submittedAt: new Date(),
				},
				completion: {
					id: `bench-${label}-completion-${n}`,
					userId: `bench-${label}-user-${n}`,
					pathSlug: path0.slug,
					attemptId: `bench-${label}-attempt-${n}`,
					contentHash: path0.contentHash,
					score: 1,
				},
			}
		})
		await db.user.createMany({ data: batch.map((b) => b.user) })
		await db.assessmentAttempt.createMany({ data: batch.map((b) => b.attempt) })
		await db.pathCompletion.createMany({ data: batch.map((b) => b.completion) })
		ids.push(...batch.map((b) => ({ userId: b.user.id, completionId: b.completion.id })))
	}
	return ids
}

function summary(samples: number[]) {
	const sorted = [...samples].sort((a, b) => a - b)
	const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
	return { median: Number(at(0.5).toFixed(2)), p95: Number(at(0.95).toFixed(2)), samples: samples.length }
}

const issueInput = (target: { userId: string; completionId: string }) => ({
	...target,
	path: path0,
	score: 1,
	questionCount: path0.assessment.questionCount,
	at: new Date(),
	skillEvidence: new Map<string, string[]>(),
})

async function issue(target: { userId: string; completionId: string }) {
	return db.$transaction((tx) => issueCredential(tx, issueInput(target)))
}

// Issuing one at a time, as after each passed assessment.
const singles = await completions(SAMPLES + 20, 'single')
for (const target of singles.slice(0, 20)) await issue(target) // warm-up
const issueTimes: number[] = []
for (const target of singles.slice(20)) {
	const start = performance.now()
	await issue(target)
	issueTimes.push(performance.now() - start)
}

// Verifying on the server, as the verification page does: the first time for each credential (the
// server remembers verified signatures; the warm-up uses other credentials), then once more.
const documents = (await db.credential.findMany({ take: SAMPLES + 20, select: { document: true } })).map(
	(c) => JSON.parse(c.document) as unknown,
)
for (const document of documents.slice(0, 20)) await verifyOnServer(document)
const verifyTimes: number[] = []
const againTimes: number[] = []
let allValid = true
for (const times of [verifyTimes, againTimes]) {
	for (const document of documents.slice(20)) {
		const start = performance.now()
		const report = await verifyOnServer(document)
		times.push(performance.now() - start)
		allValid &&= report.state === 'valid'
	}
}

// Bulk: 10,000 credentials issued back to back (the baseline)...
const bulk = await completions(BULK, 'bulk')
const bulkStart = performance.now()
for (const target of bulk) await issue(target)
const bulkSeconds = (performance.now() - bulkStart) / 1000

// ... and 10,000 more with bulk issuing, starting its threads included.
const threads = Number(process.env.BENCH_BULK_THREADS ?? defaultSigningThreads())
const pooled = (await completions(BULK, 'pool')).map(issueInput)
const pooledStart = performance.now()
const pooledResult = await issueCredentials(pooled, { workers: threads })
const pooledSeconds = (performance.now() - pooledStart) / 1000
// Each stored document of the pooled run verifies as the verification page checks it (a sample).
let pooledValid = pooledResult.issued.length === BULK
const sample = pooledResult.issued.filter((_, n) => n % Math.max(1, Math.floor(BULK / 100)) === 0)
for (const { credentialId } of sample) {
	const row = await db.credential.findUniqueOrThrow({ where: { id: credentialId }, select: { document: true } })
	pooledValid &&= (await verifyOnServer(JSON.parse(row.document))).state === 'valid'
}

console.log(
	JSON.stringify({
		issue: summary(issueTimes),
		verify: { ...summary(verifyTimes), allValid },
		verifyAgain: summary(againTimes),
		bulk: { count: BULK, seconds: Number(bulkSeconds.toFixed(1)), perSecond: Math.round(BULK / bulkSeconds) },
		bulkPooled: {
			count: pooledResult.issued.length,
			threads: pooledResult.threads,
			seconds: Number(pooledSeconds.toFixed(1)),
			perSecond: Math.round(pooledResult.issued.length / pooledSeconds),
			sampleVerified: sample.length,
			allValid: pooledValid,
		},
	}),
)
await db.$disconnect()
