import { expect, test } from 'vitest'
import { db } from '../db/db.server'
import { claimJob, completeJob, enqueueJob, failJob, getJob, releaseJob, reportProgress } from './queue.server'
import { startWorker } from './worker.server'

const kind = () => `test.${crypto.randomUUID().slice(0, 8)}`

test('concurrent workers claim each job exactly once', async () => {
	const k = kind()
	const ids = new Set<string>()
	for (let i = 0; i < 30; i++) ids.add((await enqueueJob({ kind: k, payload: { i } })).id)
	// Eight claimers at once, each claiming until the queue is empty.
	const claimed: string[] = []
	await Promise.all(
		Array.from({ length: 8 }, async (_, w) => {
			for (;;) {
				const job = await claimJob(`worker-${w}`, [k], 60_000)
				if (!job) return
				claimed.push(job.id)
			}
		}),
	)
	expect(claimed).toHaveLength(30)
	expect(new Set(claimed)).toEqual(ids)
	expect(await db.job.count({ where: { kind: k, status: 'running' } })).toBe(30)
})

test('a job whose worker died is taken again once its lease runs out, and the old worker can no longer report', async () => {
	const k = kind()
	const { id } = await enqueueJob({ kind: k, payload: {} })
	const start = new Date()
	const first = await claimJob('dead-worker', [k], 1000, start)
	expect(first?.id).toBe(id)
	expect(await claimJob('other', [k], 1000, new Date(start.getTime() + 500))).toBeNull()
	const second = await claimJob('other', [k], 60_000, new Date(start.getTime() + 2000))
	expect(second).toMatchObject({ id, attempts: 2 })
	expect(await reportProgress(id, 'dead-worker', 1, 2, 60_000)).toBe(false)
	expect(await completeJob(id, 'dead-worker', 'late')).toBe(false)
	expect(await completeJob(id, 'other', { ok: true })).toBe(true)
	expect(await getJob(id, null)).toMatchObject({ status: 'done', result: '{"ok":true}' })
})

test('a failing job is retried later, then marked failed when its attempts run out', async () => {
	const k = kind()
	const { id } = await enqueueJob({ kind: k, payload: {}, maxAttempts: 2 })
	const now = new Date()
	const job = (await claimJob('w', [k], 60_000, now))!
	await failJob(job, 'w', new Error('the file was empty'), now)
	const queued = await db.job.findUniqueOrThrow({ where: { id } })
	expect(queued).toMatchObject({ status: 'queued', error: 'the file was empty', lockedBy: null })
	expect(queued.runAt.getTime()).toBe(now.getTime() + 60_000)
	// Not before its time.
	expect(await claimJob('w', [k], 60_000, now)).toBeNull()
	const again = (await claimJob('w', [k], 60_000, new Date(now.getTime() + 61_000)))!
	await failJob(again, 'w', new Error('still empty'))
	expect(await getJob(id, null)).toMatchObject({ status: 'failed', error: 'still empty' })
	expect(await claimJob('w', [k], 60_000, new Date(now.getTime() + 3600_000))).toBeNull()
})

test('a released job goes back to the queue without using up an attempt; other kinds are left alone', async () => {
	const k = kind()
	const { id } = await enqueueJob({ kind: k, payload: {} })
	expect(await claimJob('w', [kind()], 60_000)).toBeNull()
	await claimJob('w', [k], 60_000)
	await releaseJob(id, 'w')
	expect(await db.job.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'queued', attempts: 0 })
})

test('a worker runs jobs with progress, records results and errors, and hands back its job when stopped', async () => {
	const k = kind()
	const seen: number[] = []
	let release: () => void = () => {}
	const worker = startWorker({
		pollMs: 20,
		handlers: {
			[k]: async (job, { progress, signal }) => {
				const { n } = JSON.parse(job.payload) as { n: number }
				if (n === 3) throw new Error('three is refused')
				if (n === 4) {
					// Runs until the worker stops, then gives up part-way.
					await new Promise<void>((resolve, reject) => {
						release = resolve
						signal.addEventListener('abort', () => reject(new Error('stopped part-way')))
					})
					return 'stopped'
				}
				await progress(1, 1)
				seen.push(n)
				return { n }
			},
		},
	})
	const ok = await enqueueJob({ kind: k, payload: { n: 1 } })
	const bad = await enqueueJob({ kind: k, payload: { n: 3 }, maxAttempts: 1 })
	const waitFor = async (check: () => Promise<boolean>) => {
		for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 25))
	}
	await waitFor(async () => (await getJob(bad.id, null))?.status === 'failed')
	await waitFor(async () => (await getJob(ok.id, null))?.status === 'done')
	expect(await getJob(ok.id, null)).toMatchObject({ status: 'done', done: 1, total: 1, result: '{"n":1}' })
	expect(await getJob(bad.id, null)).toMatchObject({ status: 'failed', error: 'three is refused' })
	expect(seen).toEqual([1])

	const long = await enqueueJob({ kind: k, payload: { n: 4 } })
	await waitFor(async () => (await getJob(long.id, null))?.status === 'running')
	await worker.stop(1000)
	release()
	expect(await db.job.findUniqueOrThrow({ where: { id: long.id } })).toMatchObject({
		status: 'queued',
		lockedBy: null,
		attempts: 0,
	})
})

test('a job whose worker died on its last attempt is marked failed, not run again', async () => {
	const k = kind()
	const { id } = await enqueueJob({ kind: k, payload: {}, maxAttempts: 1 })
	const start = new Date()
	expect(await claimJob('dead-worker', [k], 1000, start)).toMatchObject({ id, attempts: 1 })
	expect(await claimJob('other', [k], 1000, new Date(start.getTime() + 2000))).toBeNull()
	expect(await getJob(id, null)).toMatchObject({ status: 'failed', error: expect.stringContaining('last attempt') })
})

test('a long job keeps its lease without reporting progress, and finishing while stopping completes it', async () => {
	const k = kind()
	let finish: () => void = () => {}
	const worker = startWorker({
		pollMs: 20,
		leaseMs: 300,
		handlers: {
			[k]: () =>
				new Promise((resolve) => {
					finish = () => resolve('finished')
				}),
		},
	})
	const { id } = await enqueueJob({ kind: k, payload: {} })
	for (let i = 0; i < 100 && (await getJob(id, null))?.status !== 'running'; i++)
		await new Promise((r) => setTimeout(r, 20))
	// Three leases later another worker still cannot take it.
	await new Promise((r) => setTimeout(r, 900))
	expect(await claimJob('other', [k], 1000)).toBeNull()
	const stopped = worker.stop(2000)
	finish()
	await stopped
	expect(await getJob(id, null)).toMatchObject({ status: 'done', result: '"finished"' })
})
