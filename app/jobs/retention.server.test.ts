import { expect, test } from 'vitest'
import { db } from '../db/db.server'
import { PRUNE_JOBS_JOB, pruneFinishedJobs, schedulePruning } from './retention.server'

const DAY = 24 * 60 * 60 * 1000
const now = new Date('2026-12-06T12:00:00Z')
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY)

test('finished jobs past the retention are removed, in batches; recent, queued and running ones stay', async () => {
	const kind = `test.${crypto.randomUUID()}`
	const old = Array.from({ length: 2300 }, (_, i) => ({
		kind,
		payload: '{}',
		status: i % 2 ? 'done' : 'failed',
		finishedAt: daysAgo(31 + (i % 50)),
	}))
	await db.job.createMany({ data: old })
	const kept = await Promise.all(
		[
			{ status: 'done', finishedAt: daysAgo(29) },
			{ status: 'failed', finishedAt: daysAgo(1) },
			{ status: 'queued', runAt: daysAgo(90), finishedAt: null },
			{ status: 'running', runAt: daysAgo(90), lockedUntil: daysAgo(89), finishedAt: null },
		].map((job) => db.job.create({ data: { kind, payload: '{}', ...job }, select: { id: true } })),
	)
	// 2,300 rows in five statements of at most 500, so that no delete holds the write lock for long.
	expect(await pruneFinishedJobs(now, 30)).toEqual({ removed: 2300, batches: 5 })
	const left = await db.job.findMany({ where: { kind }, select: { id: true } })
	expect(left.map((job) => job.id).sort()).toEqual(kept.map((job) => job.id).sort())
	// Nothing more to do: a second run removes nothing.
	expect(await pruneFinishedJobs(now, 30)).toEqual({ removed: 0, batches: 0 })
})

test('the daily removal is queued once per day, however many instances ask', async () => {
	const at = new Date('2031-01-02T08:30:00Z')
	await Promise.all([schedulePruning(at), schedulePruning(at), schedulePruning(new Date('2031-01-02T23:00:00Z'))])
	const jobs = await db.job.findMany({
		where: { kind: PRUNE_JOBS_JOB, runAt: { gte: new Date('2031-01-01T00:00:00Z') } },
		select: { id: true, runAt: true },
	})
	expect(jobs).toEqual([{ id: 'prune-jobs-2031-01-02', runAt: new Date('2031-01-02T00:00:00Z') }])
})
