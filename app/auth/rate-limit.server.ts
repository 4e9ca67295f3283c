/**
 * Fixed-window counters in the database, so that every app instance sees the same counts.
 * Each hit is one atomic upsert; no read-then-write race between instances.
 */
import { db } from '../db/db.server'

export type RateLimitRule = { limit: number; windowMs: number }
export type RateLimitState = { count: number; resetAt: number; blocked: boolean; retryAfterMs: number }

function toState(count: number, resetAt: number, rule: RateLimitRule, now: number): RateLimitState {
	const active = resetAt > now
	const blocked = active && count >= rule.limit
	return { count: active ? count : 0, resetAt, blocked, retryAfterMs: blocked ? resetAt - now : 0 }
}

export async function getRateLimit(key: string, rule: RateLimitRule, now = Date.now()): Promise<RateLimitState> {
	const row = await db.rateLimit.findUnique({ where: { key }, select: { count: true, resetAt: true } })
	return row ? toState(row.count, Number(row.resetAt), rule, now) : toState(0, 0, rule, now)
}

/** Counts one event against `key` and returns the state after it. */
export async function hitRateLimit(key: string, rule: RateLimitRule, now = Date.now()): Promise<RateLimitState> {
	const newReset = BigInt(now + rule.windowMs)
	const nowBig = BigInt(now)
	// A window that has ended starts again at 1; otherwise the count goes up by one.
	const rows = await db.$queryRaw<Array<{ count: number | bigint; resetAt: number | bigint }>>`
		INSERT INTO "RateLimit" ("key", "count", "resetAt") VALUES (${key}, 1, ${newReset})
		ON CONFLICT ("key") DO UPDATE SET
			"count" = CASE WHEN "RateLimit"."resetAt" <= ${nowBig} THEN 1 ELSE "RateLimit"."count" + 1 END,
			"resetAt" = CASE WHEN "RateLimit"."resetAt" <= ${nowBig} THEN ${newReset} ELSE "RateLimit"."resetAt" END
		RETURNING "count", "resetAt"`
	const row = rows[0]
	if (!row) throw new Error(`Rate limit upsert for ${key} returned no row`)
	return toState(Number(row.count), Number(row.resetAt), rule, now)
}

/** Takes back one hit of `key` (an attempt that turned out not to count, such as a correct password). */
export async function undoRateLimitHit(key: string): Promise<void> {
	await db.rateLimit.updateMany({ where: { key, count: { gt: 0 } }, data: { count: { decrement: 1 } } })
}

export async function resetRateLimit(key: string): Promise<void> {
	await db.rateLimit.deleteMany({ where: { key } })
}

/** Removes counters whose window ended; safe to run from any instance at any time. */
export async function pruneRateLimits(now = Date.now()): Promise<number> {
	const { count } = await db.rateLimit.deleteMany({ where: { resetAt: { lte: BigInt(now) } } })
	return count
}
