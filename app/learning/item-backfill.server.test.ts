import { expect, test } from 'vitest'
import { earnCredential } from '../../tests/setup/earn-credential'
import { createTestOrg, createTestUser } from '../../tests/setup/factories'
import { db } from '../db/db.server'
import { backfillItemResponses } from './item-backfill.server'

test('attempts submitted before item analysis existed get the same rows and sums at start, once', async () => {
	const { org } = await createTestOrg('Backfill', { name: 'Bea Owner', role: 'OWNER' })
	const learner = await createTestUser('Len Learner')
	await db.membership.create({ data: { userId: learner.id, orgId: org.id } })
	const { row } = await earnCredential({ userId: learner.id, wrong: [1, 4] })
	const completion = await db.pathCompletion.findUniqueOrThrow({ where: { id: row.completionId } })
	const where = { attemptId: completion.attemptId }
	const written = await db.attemptItem.findMany({ where, orderBy: { questionId: 'asc' } })
	const stats = await db.itemStat.findMany({ where: { orgId: org.id }, orderBy: { questionId: 'asc' } })
	expect(written.filter((r) => r.correct === 0)).toHaveLength(2)
	// 12 questions and the attempts row.
	expect(stats).toHaveLength(written.length + 1)
	// As a database from before item analysis: neither rows nor sums.
	await db.attemptItem.deleteMany({ where })
	await db.itemStat.deleteMany({ where: { orgId: org.id } })

	expect(await backfillItemResponses()).toBe(1)
	expect(await db.attemptItem.findMany({ where, orderBy: { questionId: 'asc' } })).toEqual(written)
	expect(await db.itemStat.findMany({ where: { orgId: org.id }, orderBy: { questionId: 'asc' } })).toEqual(stats)
	expect(await backfillItemResponses()).toBe(0)
	expect(await db.itemStat.findMany({ where: { orgId: org.id }, orderBy: { questionId: 'asc' } })).toEqual(stats)
})
