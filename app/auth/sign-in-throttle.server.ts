/**
 * Throttling of sign-in per account and client address: every attempt is counted, in one atomic
 * statement, before the password is checked, so a burst of simultaneous guesses gets no more checks
 * than one guess after another. The first few failures cost nothing; from then on each attempt
 * makes the next one from that client wait, twice as long each time, up to 15 minutes. A correct
 * password clears the count. Other clients are not held back, so nobody can lock an account's owner
 * out by failing on purpose (ADR 024).
 */
import { Prisma } from '../db/generated/sqlite/client'
import { db } from '../db/db.server'

/** Attempts from one client that cost no wait. */
export const FREE_ATTEMPTS = 4
const FIRST_WAIT_MS = 30_000
const LONGEST_WAIT_MS = 15 * 60_000
/** Failures older than this are forgotten (by the next attempt, and by pruning). */
const FORGET_AFTER_MS = 24 * 60 * 60_000

/** How long the attempt numbered `failures` (counting it) makes the next one wait. */
export function waitAfter(failures: number): number {
	if (failures <= FREE_ATTEMPTS) return 0
	return Math.min(LONGEST_WAIT_MS, FIRST_WAIT_MS * 2 ** (failures - FREE_ATTEMPTS - 1))
}

/** waitAfter as SQL over the expression `failures`: a CASE up to where the wait stops growing. */
function waitOf(failures: Prisma.Sql): Prisma.Sql {
	const steps: Prisma.Sql[] = []
	for (let n = FREE_ATTEMPTS + 1; waitAfter(n - 1) < LONGEST_WAIT_MS; n++)
		steps.push(Prisma.sql`WHEN ${failures} = ${n} THEN ${waitAfter(n)}`)
	return Prisma.sql`(CASE WHEN ${failures} <= ${FREE_ATTEMPTS} THEN 0 ${Prisma.join(steps, ' ')} ELSE ${LONGEST_WAIT_MS} END)`
}

const keyOf = (email: string, ip: string) => `${email}|${ip}`

export type AttemptClaim = { allowed: true } | { allowed: false; retryAfterMs: number }

/**
 * Counts an attempt at `email` from `ip` and says whether it may be checked. One statement: while a
 * wait is on, nothing changes and the attempt is refused; otherwise the failure count goes up (a
 * failure until the password proves otherwise), the next wait is set, and this attempt's id is kept,
 * which is how it learns that it was the one let through.
 */
export async function claimSignInAttempt(email: string, ip: string, now: number): Promise<AttemptClaim> {
	const attempt = crypto.randomUUID()
	const at = BigInt(now)
	const forgetBefore = BigInt(now - FORGET_AFTER_MS)
	// In the update, every column named is the row as it was before this attempt.
	const blocked = Prisma.sql`"SignInThrottle"."blockedUntil" > ${at}`
	const failures = Prisma.sql`(CASE WHEN "SignInThrottle"."updatedAt" <= ${forgetBefore} THEN 1 ELSE "SignInThrottle"."failures" + 1 END)`
	const rows = await db.$queryRaw<Array<{ blockedUntil: bigint | number; lastAttempt: string }>>`
		INSERT INTO "SignInThrottle" ("key", "failures", "blockedUntil", "lastAttempt", "updatedAt")
		VALUES (${keyOf(email, ip)}, 1, ${BigInt(now + waitAfter(1))}, ${attempt}, ${at})
		ON CONFLICT ("key") DO UPDATE SET
			"failures" = CASE WHEN ${blocked} THEN "SignInThrottle"."failures" ELSE ${failures} END,
			"blockedUntil" = CASE WHEN ${blocked} THEN "SignInThrottle"."blockedUntil" ELSE CAST(${at} AS BIGINT) + CAST(${waitOf(failures)} AS BIGINT) END,
			"lastAttempt" = CASE WHEN ${blocked} THEN "SignInThrottle"."lastAttempt" ELSE ${attempt} END,
			"updatedAt" = CASE WHEN ${blocked} THEN "SignInThrottle"."updatedAt" ELSE ${at} END
		RETURNING "blockedUntil", "lastAttempt"`
	const result = rows[0]
	if (!result) throw new Error('The sign-in throttle returned no row.')
	if (result.lastAttempt === attempt) return { allowed: true }
	return { allowed: false, retryAfterMs: Math.max(1000, Number(result.blockedUntil) - now) }
}

/** The password was right: this client's failures at this account are forgotten. */
export async function clearSignInAttempts(email: string, ip: string) {
	await db.signInThrottle.deleteMany({ where: { key: keyOf(email, ip) } })
}

/** Removes rows whose wait is over and whose failures are forgotten; any instance may run it. */
export async function pruneSignInThrottles(now = Date.now()): Promise<number> {
	const { count } = await db.signInThrottle.deleteMany({
		where: { blockedUntil: { lte: BigInt(now) }, updatedAt: { lte: BigInt(now - FORGET_AFTER_MS) } },
	})
	return count
}
