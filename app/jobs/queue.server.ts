/**
 * A small job queue kept in the database, the same on SQLite and PostgreSQL. A worker claims one
 * job with a single UPDATE … RETURNING: on PostgreSQL the candidate row is locked with
 * FOR UPDATE SKIP LOCKED, so concurrent workers on several instances never take the same job; on
 * SQLite the statement runs under the database's single write lock, which gives the same
 * guarantee. A claim is a lease: a worker that dies leaves a job whose lease runs out, and another
 * worker takes it again (so handlers must be idempotent: imports are upserts, reminders are keyed).
 */
import { config } from '../config.server'
import { db } from '../db/db.server'
import { Prisma } from '../db/generated/sqlite/client'

export type JobStatus = 'queued' | 'running' | 'done' | 'failed'

export type ClaimedJob = {
	id: string
	kind: string
	payload: string
	orgId: string | null
	attempts: number
	maxAttempts: number
}

export type EnqueueInput = {
	/** A fixed id makes the job unique: enqueueing it again (another instance, a retry) adds nothing. */
	id?: string
	kind: string
	payload: unknown
	orgId?: string | null
	createdById?: string | null
	runAt?: Date
	maxAttempts?: number
}

/** Adds a job; pass the caller's transaction so that the job exists only if the work that asks for it commits. */
export async function enqueueJob(input: EnqueueInput, tx: Prisma.TransactionClient = db) {
	return tx.job.create({
		data: {
			...(input.id ? { id: input.id } : {}),
			kind: input.kind,
			payload: JSON.stringify(input.payload),
			orgId: input.orgId ?? null,
			createdById: input.createdById ?? null,
			runAt: input.runAt ?? new Date(),
			maxAttempts: input.maxAttempts ?? 3,
		},
		select: { id: true },
	})
}

type ClaimRow = ClaimedJob

/**
 * Claims the next due job of one of `kinds` for `workerId` for `leaseMs`: a queued job whose time
 * has come, or a running one whose lease ran out (its worker died). Null when there is none.
 */
export async function claimJob(workerId: string, kinds: readonly string[], leaseMs: number, now = new Date()) {
	if (kinds.length === 0) return null
	const until = new Date(now.getTime() + leaseMs)
	const lock = Prisma.raw(config.databaseProvider === 'postgresql' ? 'FOR UPDATE SKIP LOCKED' : '')
	// A job whose worker died on its last attempt is not run again: it has failed.
	await db.$executeRaw`
		UPDATE "Job" SET "status" = 'failed', "lockedBy" = NULL, "lockedUntil" = NULL, "finishedAt" = ${now},
			"error" = 'The worker running it stopped before finishing, on its last attempt.'
		WHERE "status" = 'running' AND "lockedUntil" < ${now} AND "attempts" >= "maxAttempts"
			AND "kind" IN (${Prisma.join(kinds)})`
	const rows = await db.$queryRaw<ClaimRow[]>`
		UPDATE "Job" SET "status" = 'running', "lockedBy" = ${workerId}, "lockedUntil" = ${until}, "attempts" = "attempts" + 1
		WHERE "id" = (
			SELECT "id" FROM "Job"
			WHERE "kind" IN (${Prisma.join(kinds)})
				AND (("status" = 'queued' AND "runAt" <= ${now}) OR ("status" = 'running' AND "lockedUntil" < ${now} AND "attempts" < "maxAttempts"))
			ORDER BY "runAt", "id"
			LIMIT 1 ${lock}
		)
		RETURNING "id", "kind", "payload", "orgId", "attempts", "maxAttempts"`
	return rows[0] ?? null
}

/** Only the lease holder may report on a job: a worker whose lease was taken over changes nothing. */
const held = (id: string, workerId: string) => ({ id, lockedBy: workerId, status: 'running' })

/** Reports progress and extends the lease; false when this worker no longer holds the job. */
export async function reportProgress(id: string, workerId: string, done: number, total: number, leaseMs: number) {
	const { count } = await db.job.updateMany({
		where: held(id, workerId),
		data: { done, total, lockedUntil: new Date(Date.now() + leaseMs) },
	})
	return count > 0
}

/** Renews the lease of a running job; false when this worker no longer holds it. */
export async function extendLease(id: string, workerId: string, leaseMs: number) {
	const { count } = await db.job.updateMany({
		where: held(id, workerId),
		data: { lockedUntil: new Date(Date.now() + leaseMs) },
	})
	return count > 0
}

export async function completeJob(id: string, workerId: string, result: unknown, now = new Date()) {
	const { count } = await db.job.updateMany({
		where: held(id, workerId),
		data: {
			status: 'done',
			result: JSON.stringify(result ?? null),
			lockedBy: null,
			lockedUntil: null,
			finishedAt: now,
		},
	})
	return count > 0
}

/** Retries later (1 min, 4 min, 9 min…) until the attempts run out, then marks the job failed. */
export async function failJob(job: ClaimedJob, workerId: string, error: unknown, now = new Date()) {
	const message = error instanceof Error ? error.message : String(error)
	const retry = job.attempts < job.maxAttempts
	const { count } = await db.job.updateMany({
		where: held(job.id, workerId),
		data: retry
			? {
					status: 'queued',
					error: message,
					lockedBy: null,
					lockedUntil: null,
					runAt: new Date(now.getTime() + job.attempts * job.attempts * 60_000),
				}
			: { status: 'failed', error: message, lockedBy: null, lockedUntil: null, finishedAt: now },
	})
	return count > 0
}

/** Hands a job back untouched (a worker shutting down): another worker may take it at once. */
export async function releaseJob(id: string, workerId: string) {
	await db.job.updateMany({
		where: held(id, workerId),
		data: { status: 'queued', lockedBy: null, lockedUntil: null, attempts: { decrement: 1 } },
	})
}

export function getJob(id: string, orgId: string | null) {
	return db.job.findFirst({
		where: { id, orgId },
		select: {
			id: true,
			kind: true,
			status: true,
			done: true,
			total: true,
			result: true,
			error: true,
			finishedAt: true,
		},
	})
}
