import { expect, test } from 'vitest'
import { assignFixturePath } from '../../tests/setup/assign'
import { passFixtureAssessment } from '../../tests/setup/earn-credential'
import { createTestOrg } from '../../tests/setup/factories'
import { FIXTURE_PATH } from '../../tests/fixtures/content-fixture'
import { db } from '../db/db.server'

const DAY = 24 * 3600 * 1000

/**
 * An assignment row's completedAt (the first completion of the path at or after its assignment time) is kept by
 * the database's triggers, whichever order the records are written in and whoever writes them.
 */
test('completedAt follows the completions and the rounds, in either order of writing', async () => {
	const { org, actor } = await createTestOrg('Roundco', { name: 'Rhea Owner', role: 'OWNER' })
	const learner = await db.user.create({
		data: { name: 'Cam Learner', email: `${crypto.randomUUID()}@example.test`, passwordHash: 'x' },
		select: { id: true },
	})
	await db.membership.create({ data: { userId: learner.id, orgId: org.id } })
	const now = Date.now()
	const at = (daysAgo: number) => new Date(now - daysAgo * DAY)
	const completedAt = async () =>
		(await db.learnerAssignment.findFirstOrThrow({ where: { userId: learner.id }, select: { completedAt: true } }))
			.completedAt

	// A completion before the assignment does not count; the row is written after it and reads it.
	const before = await passFixtureAssessment(learner.id, at(50))
	await assignFixturePath(org.id, actor, { userIds: [learner.id] }, { kind: 'days', days: 14 }, at(40))
	expect(await completedAt()).toBeNull()

	// A completion after the assignment counts, and an earlier one written later takes its place.
	await passFixtureAssessment(learner.id, at(20))
	expect(await completedAt()).toEqual(at(20))
	const earlier = await passFixtureAssessment(learner.id, at(30))
	expect(await completedAt()).toEqual(at(30))

	// Removing the first one falls back to the next; removing one before the assignment changes nothing.
	await db.pathCompletion.delete({ where: { attemptId: earlier } })
	expect(await completedAt()).toEqual(at(20))
	await db.pathCompletion.delete({ where: { attemptId: before } })
	expect(await completedAt()).toEqual(at(20))

	// A new round (assigned again after the completion) starts undone, until the next completion.
	await db.learnerAssignment.updateMany({ where: { userId: learner.id }, data: { assignedAt: at(10), round: 2 } })
	expect(await completedAt()).toBeNull()
	await passFixtureAssessment(learner.id, at(5))
	expect(await completedAt()).toEqual(at(5))

	// Another path's completion, or another person's, does not touch it.
	const other = await db.user.create({
		data: { name: 'Oz Other', email: `${crypto.randomUUID()}@example.test`, passwordHash: 'x' },
		select: { id: true },
	})
	await passFixtureAssessment(other.id, at(1))
	expect(await completedAt()).toEqual(at(5))
	expect(
		await db.learnerAssignment.count({ where: { userId: learner.id, pathSlug: FIXTURE_PATH, completedAt: at(5) } }),
	).toBe(1)
})
