import { expect, test } from 'vitest'
import { getRateLimit, hitRateLimit, pruneRateLimits, resetRateLimit } from './rate-limit.server'

const rule = { limit: 3, windowMs: 60_000 }
const key = () => `test:${crypto.randomUUID()}`

test('counts hits and blocks once the limit is reached, until the window ends', async () => {
	const k = key()
	const now = 1_700_000_000_000
	expect((await hitRateLimit(k, rule, now)).count).toBe(1)
	expect((await hitRateLimit(k, rule, now + 1)).blocked).toBe(false)
	const third = await hitRateLimit(k, rule, now + 2)
	expect(third).toMatchObject({ count: 3, blocked: true, retryAfterMs: 60_000 - 2 })
	expect((await getRateLimit(k, rule, now + 59_999)).blocked).toBe(true)
	expect((await getRateLimit(k, rule, now + 60_000)).blocked).toBe(false)
	// The next hit after the window starts a new one.
	expect(await hitRateLimit(k, rule, now + 60_001)).toMatchObject({ count: 1, blocked: false })
})

test('concurrent hits are all counted (one atomic statement per hit)', async () => {
	const k = key()
	const now = Date.now()
	await Promise.all(Array.from({ length: 25 }, () => hitRateLimit(k, { limit: 100, windowMs: 60_000 }, now)))
	expect((await getRateLimit(k, { limit: 100, windowMs: 60_000 }, now)).count).toBe(25)
})

test('reset and prune remove counters', async () => {
	const k = key()
	const old = key()
	await hitRateLimit(k, rule)
	await hitRateLimit(old, rule, 1000)
	await resetRateLimit(k)
	expect((await getRateLimit(k, rule)).count).toBe(0)
	expect(await pruneRateLimits()).toBeGreaterThanOrEqual(1)
	expect((await getRateLimit(old, rule, 1000)).count).toBe(0)
})
