import { setTimeout as sleep } from 'node:timers/promises'
import { expect, test } from 'vitest'
import { startWriter } from '../../tests/setup/concurrent-writer'
import { db } from './db.server'

// The fault was in the SQLite adapter (see sqlite-adapter.server.ts); the property holds for both
// databases, so it is checked on both.
test('writes made while other requests hold transactions open commit on their own, even when those transactions roll back', async () => {
	const tag = crypto.randomUUID()
	let stop = false
	// Other requests: transactions that read, write, wait and roll back.
	const transactions = Array.from({ length: 3 }, async () => {
		while (!stop) {
			await db
				.$transaction(async (tx) => {
					await tx.user.findMany({ take: 1, select: { id: true } })
					await sleep(2)
					await tx.user.create({
						data: { name: 'Rolled back', email: `${crypto.randomUUID()}@example.test`, passwordHash: 'x' },
					})
					await sleep(2)
					throw new Error('rolled back on purpose')
				})
				.catch(() => {})
		}
	})
	let written = 0
	await Promise.all(
		Array.from({ length: 4 }, async () => {
			for (let i = 0; i < 10; i++) {
				await db.user.create({
					data: { name: tag, email: `${crypto.randomUUID()}@example.test`, passwordHash: 'x' },
					select: { id: true },
				})
				written++
			}
		}),
	)
	stop = true
	await Promise.all(transactions)
	expect(written).toBe(40)
	expect(await db.user.count({ where: { name: tag } })).toBe(40)
	expect(await db.user.count({ where: { name: 'Rolled back' } })).toBe(0)
})

test('a transaction that reads, then writes after another connection has committed, commits', async () => {
	// The other connection keeps committing, in a thread of its own (on PostgreSQL, a client of its own).
	const writer = await startWriter(process.env.DATABASE_URL!)
	const tag = crypto.randomUUID()
	try {
		while (writer.committed() === 0) await sleep(1)
		const outcomes = await Promise.allSettled(
			Array.from({ length: 20 }, async () => {
				await db.$transaction(async (tx) => {
					await tx.user.count()
					// Long enough for the other connection to commit in between.
					await sleep(5)
					await tx.user.create({
						data: { name: tag, email: `${crypto.randomUUID()}@example.test`, passwordHash: 'x' },
						select: { id: true },
					})
				})
			}),
		)
		const failed = outcomes.filter((outcome) => outcome.status === 'rejected')
		expect(failed).toEqual([])
	} finally {
		await writer.stop()
	}
	expect(writer.committed()).toBeGreaterThan(0)
	expect(await db.user.count({ where: { name: tag } })).toBe(20)
})
