/**
 * One job worker in its own process, for tests of the queue across processes:
 * `node --import tsx app/jobs/testing/worker-process.ts` with DATABASE_URL and
 * WORKER_KIND (the one kind it handles), WORKER_ID, WORKER_OUT (a file), WORKER_MODE, and
 * optionally WORKER_LEASE_MS and WORKER_POLL_MS.
 * Every run of the handler appends the job's id as a line to WORKER_OUT, so the runs can be
 * counted without the job table. Mode `record` then completes the job with `{ worker: WORKER_ID }`;
 * mode `hang` never finishes (the test kills the process). Prints `ready` once it is polling;
 * SIGTERM stops the worker and exits with 0. Loop errors go to stderr as `worker error: …`.
 */
import fs from 'node:fs'
import { db } from '../../db/db.server'
import { startWorker } from '../worker.server'

function required(name: string) {
	const value = process.env[name]
	if (!value) throw new Error(`${name} is required`)
	return value
}

const kind = required('WORKER_KIND')
const workerId = required('WORKER_ID')
const out = required('WORKER_OUT')
const mode = required('WORKER_MODE')
if (mode !== 'record' && mode !== 'hang') throw new Error(`WORKER_MODE must be record or hang, not ${mode}`)

// Connect before saying ready, so the test's clock does not include opening the database.
await db.job.count({ where: { kind } })

const worker = startWorker({
	workerId,
	pollMs: Number(process.env.WORKER_POLL_MS ?? 20),
	leaseMs: Number(process.env.WORKER_LEASE_MS ?? 60_000),
	handlers: {
		[kind]: async (job) => {
			// Synchronous, so the line is on disk before the job can be recorded as done.
			fs.appendFileSync(out, `${job.id}\n`)
			if (mode === 'hang') await new Promise(() => {})
			return { worker: workerId }
		},
	},
	onError: (error) => process.stderr.write(`worker error: ${error instanceof Error ? error.stack : String(error)}\n`),
})

process.once('SIGTERM', () => {
	void worker
		.stop(2000)
		.then(() => db.$disconnect())
		.then(() => process.exit(0))
})

process.stdout.write('ready\n')
