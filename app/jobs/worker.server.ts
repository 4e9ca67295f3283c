/**
 * A worker loop over the job queue: claims a due job of the kinds it has handlers for, runs it
 * with a lease it keeps extending while the job reports progress, and records the outcome. Stopping
 * (on SIGTERM) claims nothing more, asks the running handler to stop, and hands its job back to the
 * queue if it does not finish within the grace period, so another worker takes it.
 */
import os from 'node:os'
import {
	claimJob,
	completeJob,
	extendLease,
	failJob,
	releaseJob,
	reportProgress,
	type ClaimedJob,
} from './queue.server'

export type JobContext = {
	/** Records progress and extends the lease; false when the job was taken over (stop working on it). */
	progress: (done: number, total: number) => Promise<boolean>
	/** Aborted when the worker is stopping. */
	signal: AbortSignal
}

export type JobHandler = (job: ClaimedJob, context: JobContext) => Promise<unknown>

export type WorkerOptions = {
	handlers: Record<string, JobHandler>
	workerId?: string
	pollMs?: number
	leaseMs?: number
	/** Called with errors of the loop itself (not of jobs, which are recorded on the job). */
	onError?: (error: unknown) => void
}

export function startWorker(options: WorkerOptions) {
	const workerId = options.workerId ?? `${os.hostname()}:${process.pid}:${crypto.randomUUID().slice(0, 8)}`
	const pollMs = options.pollMs ?? 1000
	const leaseMs = options.leaseMs ?? 60_000
	const kinds = Object.keys(options.handlers)
	const stopping = new AbortController()
	let current: ClaimedJob | null = null

	const pause = (ms: number) =>
		new Promise<void>((resolve) => {
			const wake = () => {
				clearTimeout(timer)
				resolve()
			}
			const timer = setTimeout(() => {
				stopping.signal.removeEventListener('abort', wake)
				resolve()
			}, ms)
			stopping.signal.addEventListener('abort', wake, { once: true })
		})

	async function runOne(job: ClaimedJob) {
		const handler = options.handlers[job.kind]!
		// The lease is renewed while the handler runs, so a long job without progress reports is not
		// taken by another worker; a renewal that fails means the job was taken over.
		const heartbeat = setInterval(
			() => void extendLease(job.id, workerId, leaseMs).catch(() => undefined),
			Math.max(50, Math.floor(leaseMs / 3)),
		)
		try {
			const result = await handler(job, {
				progress: (done, total) => reportProgress(job.id, workerId, done, total, leaseMs),
				signal: stopping.signal,
			})
			// A handler that finished its work is complete, even while the worker is stopping.
			await completeJob(job.id, workerId, result)
		} catch (error) {
			if (stopping.signal.aborted) await releaseJob(job.id, workerId)
			else await failJob(job, workerId, error)
		} finally {
			clearInterval(heartbeat)
		}
	}

	const loop = (async () => {
		// While the database is unreachable the worker backs off (up to 30 s) and reports once.
		let failures = 0
		while (!stopping.signal.aborted) {
			try {
				current = await claimJob(workerId, kinds, leaseMs)
				failures = 0
				if (!current) {
					await pause(pollMs)
					continue
				}
				await runOne(current)
				current = null
			} catch (error) {
				if (failures === 0) options.onError?.(error)
				failures += 1
				await pause(Math.min(30_000, pollMs * 2 ** Math.min(failures, 10)))
			}
		}
	})()

	return {
		workerId,
		/** Stops claiming; waits up to `graceMs` for the running job, then hands it back. */
		async stop(graceMs = 10_000) {
			stopping.abort()
			const finished = await Promise.race([
				loop.then(() => true),
				new Promise<false>((r) => setTimeout(() => r(false), graceMs)),
			])
			if (!finished && current) await releaseJob(current.id, workerId)
		},
	}
}
