/**
 * The queue across operating-system processes: workers in child processes share the test's
 * database (DATABASE_URL), and each run of a handler appends the job's id to that worker's own
 * file, so runs are counted independently of the job table.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { db } from '../db/db.server'
import { enqueueJob } from './queue.server'

const root = path.resolve(import.meta.dirname, '../..')
const script = path.join(import.meta.dirname, 'testing/worker-process.ts')
const kind = () => `test.${crypto.randomUUID().slice(0, 8)}`

type Worker = {
	id: string
	out: string
	child: ChildProcess
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
	stdout: () => string
	stderr: () => string
}

let dir = ''
let workers: Worker[] = []

beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillproof-queue-'))
	workers = []
})

afterEach(async () => {
	// Nothing is left running, whatever the test did.
	for (const worker of workers)
		if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL')
	await Promise.all(workers.map((worker) => worker.exited))
	fs.rmSync(dir, { recursive: true, force: true })
})

function spawnWorker(id: string, k: string, mode: 'record' | 'hang', leaseMs: number): Worker {
	const out = path.join(dir, `${id}.log`)
	const child = spawn(process.execPath, ['--import', 'tsx', script], {
		cwd: root,
		env: {
			...process.env,
			DATABASE_URL: process.env.DATABASE_URL,
			WORKER_KIND: k,
			WORKER_ID: id,
			WORKER_OUT: out,
			WORKER_MODE: mode,
			WORKER_LEASE_MS: String(leaseMs),
			WORKER_POLL_MS: '20',
		},
		stdio: ['ignore', 'pipe', 'pipe'],
	})
	let stdout = ''
	let stderr = ''
	child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
	child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
		child.once('exit', (code, signal) => resolve({ code, signal })),
	)
	const worker: Worker = { id, out, child, exited, stdout: () => stdout, stderr: () => stderr }
	workers.push(worker)
	return worker
}

/** The child prints `ready` once its worker polls. */
const isReady = (worker: Worker) => worker.stdout().includes('ready\n')

/** Waits until `check` holds; fails with the children's stderr after `timeoutMs` or when a child dies unasked. */
async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000, intervalMs = 25) {
	const deadline = Date.now() + timeoutMs
	while (!(await check())) {
		const dead = workers.find((w) => !w.child.killed && (w.child.exitCode !== null || w.child.signalCode !== null))
		if (dead || Date.now() > deadline) {
			const logs = workers.map((w) => `${w.id}: ${w.stderr() || '(no stderr)'}`).join('\n')
			throw new Error(`${dead ? `${dead.id} exited` : 'Timed out'} waiting for ${what}\n${logs}`)
		}
		await new Promise((r) => setTimeout(r, intervalMs))
	}
}

const lines = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : [])

test('two worker processes run each of 1,000 jobs exactly once', { timeout: 120_000 }, async () => {
	const k = kind()
	const a = spawnWorker('worker-a', k, 'record', 60_000)
	const b = spawnWorker('worker-b', k, 'record', 60_000)
	await waitFor('both workers to poll', () => isReady(a) && isReady(b))
	// One statement, so both workers find the whole backlog at once (and 1,000 single inserts would be slow).
	const created = await db.job.createManyAndReturn({
		data: Array.from({ length: 1000 }, (_, i) => ({ kind: k, payload: JSON.stringify({ i }) })),
		select: { id: true },
	})
	const ids = created.map((job) => job.id)
	// The files first, which costs the database nothing while the workers are busy; then the rows.
	await waitFor('1,000 handler runs', () => lines(a.out).length + lines(b.out).length >= 1000, 90_000, 100)
	await waitFor(
		'every job to be done',
		async () => (await db.job.count({ where: { kind: k, status: 'done' } })) === 1000,
	)
	a.child.kill('SIGTERM')
	b.child.kill('SIGTERM')
	expect(await a.exited).toEqual({ code: 0, signal: null })
	expect(await b.exited).toEqual({ code: 0, signal: null })
	expect(a.stderr() + b.stderr()).not.toContain('worker error')

	const ranByA = lines(a.out)
	const ranByB = lines(b.out)
	// Each worker took a share, and together they ran every job once.
	expect(ranByA.length).toBeGreaterThan(0)
	expect(ranByB.length).toBeGreaterThan(0)
	const runs = [...ranByA, ...ranByB].sort()
	expect(runs).toEqual([...ids].sort())
	expect(new Set(runs).size).toBe(1000)

	const rows = await db.job.findMany({
		where: { kind: k },
		select: { id: true, status: true, attempts: true, result: true },
	})
	expect(rows).toHaveLength(1000)
	const inA = new Set(ranByA)
	for (const row of rows) {
		// Recorded by the worker that ran it, on its first claim.
		const by = inA.has(row.id) ? a.id : b.id
		expect(row).toEqual({ id: row.id, status: 'done', attempts: 1, result: JSON.stringify({ worker: by }) })
	}
})

test(
	'a job whose worker process is killed mid-run is taken by another worker once the lease runs out',
	{ timeout: 60_000 },
	async () => {
		const k = kind()
		const { id } = await enqueueJob({ kind: k, payload: {} })
		const a = spawnWorker('worker-a', k, 'hang', 1000)
		await waitFor('the first worker to start the job', () => lines(a.out).includes(id))
		const held = await db.job.findUniqueOrThrow({ where: { id } })
		expect(held).toMatchObject({ status: 'running', lockedBy: a.id, attempts: 1 })

		a.child.kill('SIGKILL')
		expect(await a.exited).toEqual({ code: null, signal: 'SIGKILL' })
		// Killed outright, it could not hand the job back: the job stays claimed until its lease ends.
		expect(await db.job.findUniqueOrThrow({ where: { id } })).toMatchObject({
			status: 'running',
			lockedBy: a.id,
			attempts: 1,
		})

		const b = spawnWorker('worker-b', k, 'record', 1000)
		await waitFor(
			'the second worker to finish the job',
			async () => (await db.job.findUniqueOrThrow({ where: { id } })).status === 'done',
		)
		b.child.kill('SIGTERM')
		expect(await b.exited).toEqual({ code: 0, signal: null })
		expect(b.stderr()).not.toContain('worker error')

		expect(lines(a.out)).toEqual([id])
		expect(lines(b.out)).toEqual([id])
		const done = await db.job.findUniqueOrThrow({ where: { id } })
		expect(done).toMatchObject({
			status: 'done',
			attempts: 2,
			lockedBy: null,
			result: JSON.stringify({ worker: b.id }),
		})
		// Not before the first worker's lease ran out.
		expect(done.finishedAt!.getTime()).toBeGreaterThanOrEqual(held.lockedUntil!.getTime())
	},
)
