/**
 * Finished jobs (done or failed) are kept for JOB_RETENTION_DAYS, long enough to read what an
 * import or a reminder run did, then removed by a daily job, a batch at a time so that no delete
 * holds the database's write lock for long. Queued and running jobs are never touched.
 */
import { config } from '../config.server'
import { db } from '../db/db.server'
import { isUniqueViolation } from '../db/errors.server'
import { enqueueJob } from './queue.server'

export const PRUNE_JOBS_JOB = 'jobs.prune'
const DAY_MS = 24 * 60 * 60 * 1000
/** Under SQLite's 999 parameters a statement, as Prisma counts them. */
const BATCH = 500

/** Removes jobs finished before `now` minus the retention, `BATCH` a statement; says how many went, in how many. */
export async function pruneFinishedJobs(
	now = new Date(),
	retentionDays = config.JOB_RETENTION_DAYS,
): Promise<{ removed: number; batches: number }> {
	const before = new Date(now.getTime() - retentionDays * DAY_MS)
	let removed = 0
	let batches = 0
	for (;;) {
		const batch = await db.job.findMany({
			where: { status: { in: ['done', 'failed'] }, finishedAt: { lt: before } },
			orderBy: { finishedAt: 'asc' },
			take: BATCH,
			select: { id: true },
		})
		if (batch.length === 0) return { removed, batches }
		const { count } = await db.job.deleteMany({ where: { id: { in: batch.map((job) => job.id) } } })
		removed += count
		batches++
		if (batch.length < BATCH) return { removed, batches }
	}
}

/**
 * Queues the pruning for the start of the day of `at`, once: the job's id is its day, so every
 * instance asking at start, and the run before it, add a single job.
 */
export async function schedulePruning(at = new Date()) {
	const day = new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS)
	try {
		await enqueueJob({
			id: `prune-jobs-${day.toISOString().slice(0, 10)}`,
			kind: PRUNE_JOBS_JOB,
			payload: {},
			runAt: day,
		})
	} catch (error) {
		if (!isUniqueViolation(error)) throw error
	}
}

/** The daily job: prune, then queue tomorrow's run. */
export async function pruneJobsHandler() {
	const now = new Date()
	const result = await pruneFinishedJobs(now)
	await schedulePruning(new Date(now.getTime() + DAY_MS))
	return result
}
