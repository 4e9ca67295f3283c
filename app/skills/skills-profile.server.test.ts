import { expect, test } from 'vitest'
import { earnCredential } from '../../tests/setup/earn-credential'
import { createTestUser } from '../../tests/setup/factories'
import { FIXTURE_PATH } from '../../tests/fixtures/content-fixture'
import { getPath, getQuestions, listPaths } from '../content/catalog.server'
import { db } from '../db/db.server'
import { changeCredentialStatus } from '../issuing/status-changes.server'
import { listPathProgress, visitLesson } from '../learning/progress.server'
import { LEVEL_THRESHOLDS, levelFor, skillEvidence } from './skill-level'
import { getSkillsProfile, getTeamSkillCoverage } from './skills-profile.server'

const path = getPath(FIXTURE_PATH)!
const SKILL = path.skills[0]!

/** The learner's own profile, with the paths they have started, as the profile page reads it. */
const profileOf = (userId: string) => getSkillsProfile(userId, listPathProgress(userId, listPaths()))

/** The objectives the drawn questions assess, leaving out the ones answered wrongly. */
function expectedObjectives(questionIds: string[], wrongIds: string[]) {
	const bank = new Map(getQuestions(FIXTURE_PATH).bank.map((q) => [q.id, q]))
	const wrong = new Set(wrongIds)
	return new Set(questionIds.filter((id) => !wrong.has(id)).map((id) => `${FIXTURE_PATH}/${bank.get(id)!.objective}`))
}

test('the level rule counts distinct objectives answered correctly, at the stated thresholds', () => {
	const graded = [
		{ objective: 'a#one', skills: ['s1', 's2'], correct: true },
		{ objective: 'a#one', skills: ['s1'], correct: true },
		{ objective: 'a#two', skills: ['s1'], correct: false },
		{ objective: 'b#three', skills: ['s1', 'unattested'], correct: true },
	]
	const evidence = skillEvidence('p', ['s1', 's2', 's3'], graded)
	expect(Object.fromEntries(evidence)).toEqual({ s1: ['p/a#one', 'p/b#three'], s2: ['p/a#one'], s3: [] })
	expect(levelFor(0).level).toBe(1)
	expect(levelFor(LEVEL_THRESHOLDS.practised - 1).level).toBe(1)
	expect(levelFor(LEVEL_THRESHOLDS.practised).level).toBe(2)
	expect(levelFor(LEVEL_THRESHOLDS.proficient - 1).level).toBe(2)
	expect(levelFor(LEVEL_THRESHOLDS.proficient).level).toBe(3)
})

test('a passed assessment makes its skills verified, with the proof and a level from the objectives answered right', async () => {
	const { learner, row, questionIds, wrongIds } = await earnCredential({ wrong: [0, 1] })
	const objectives = expectedObjectives(questionIds, wrongIds)
	const stored = await db.credentialSkill.findMany({ where: { credentialId: row.id } })
	expect(stored.map((s) => s.skillId)).toEqual(path.skills)
	expect(new Set(JSON.parse(stored[0]!.objectives) as string[])).toEqual(objectives)

	const profile = await profileOf(learner.id)
	expect(profile.lapsed).toEqual([])
	expect(profile.inProgress).toEqual([])
	const [verified] = profile.verified
	expect(verified?.skill.id).toBe(SKILL)
	expect(verified?.objectiveCount).toBe(objectives.size)
	expect(verified?.level).toEqual(levelFor(objectives.size))
	expect(verified?.proofs).toEqual([
		expect.objectContaining({
			credentialId: row.id,
			publicId: row.publicId,
			state: 'valid',
			score: 10 / 12,
			passMark: path.assessment.passMark,
			issuedAt: row.issuedAt.toISOString(),
		}),
	])
})

test('a revoked proof marks the skill as lapsed; a lifted suspension restores it', async () => {
	const { learner, row } = await earnCredential()
	const admin = await createTestUser('Admin')
	await changeCredentialStatus({ credentialId: row.id, action: 'suspend', reason: 'Under review', actorId: admin.id })
	let profile = await profileOf(learner.id)
	expect(profile.verified).toEqual([])
	expect(profile.lapsed[0]?.proofs[0]?.state).toBe('suspended')
	expect(await db.credentialSkill.count({ where: { credentialId: row.id, active: true } })).toBe(0)

	await changeCredentialStatus({ credentialId: row.id, action: 'reinstate', reason: 'Cleared', actorId: admin.id })
	profile = await profileOf(learner.id)
	expect(profile.verified.map((s) => s.skill.id)).toEqual([SKILL])

	await changeCredentialStatus({ credentialId: row.id, action: 'revoke', reason: 'Issued in error', actorId: admin.id })
	profile = await profileOf(learner.id)
	expect(profile.verified).toEqual([])
	expect(profile.lapsed.map((s) => [s.skill.id, s.level, s.proofs[0]?.state])).toEqual([[SKILL, null, 'revoked']])
})

test('an expired proof is lapsed; a newer valid one verifies the skill again', async () => {
	const longAgo = new Date(Date.now() - (path.credential.validForMonths + 1) * 31 * 24 * 3600 * 1000)
	const { learner } = await earnCredential({ now: longAgo })
	let profile = await profileOf(learner.id)
	expect(profile.lapsed[0]?.proofs.map((p) => p.state)).toEqual(['expired'])
	expect(profile.verified).toEqual([])

	await earnCredential({ userId: learner.id })
	profile = await profileOf(learner.id)
	expect(profile.verified[0]?.proofs.map((p) => p.state)).toEqual(['valid', 'expired'])
	expect(profile.lapsed).toEqual([])
})

test('skills of a started path show as in progress, not verified, and only for their learner', async () => {
	const learner = await createTestUser()
	const other = await createTestUser()
	await visitLesson(learner.id, path, path.lessons[0]!.slug)
	const profile = await profileOf(learner.id)
	expect(profile.verified).toEqual([])
	expect(profile.inProgress).toEqual([
		{
			skill: expect.objectContaining({ id: SKILL }),
			paths: [{ slug: FIXTURE_PATH, title: path.title, percent: 0 }],
		},
	])
	expect(await profileOf(other.id)).toEqual({ verified: [], lapsed: [], inProgress: [] })
})

test('team coverage counts learners holding the skill now, per team, and nothing else', async () => {
	const org = await db.organization.create({ data: { name: 'Coverage Org', slug: `cov-${crypto.randomUUID()}` } })
	const [ops, sales] = await Promise.all(
		['Operations', 'Sales'].map((name) => db.team.create({ data: { orgId: org.id, name } })),
	)
	const join = async (teamId: string | null) => {
		const user = await createTestUser()
		await db.membership.create({ data: { userId: user.id, orgId: org.id, teamId } })
		return user
	}
	const [a, b, c, d, e] = await Promise.all([
		join(ops!.id),
		join(ops!.id),
		join(sales!.id),
		join(sales!.id),
		join(null),
	])
	await earnCredential({ userId: a!.id })
	// Two credentials for one learner still count one holder.
	await earnCredential({ userId: a!.id })
	await earnCredential({ userId: b!.id })
	const revoked = await earnCredential({ userId: c!.id })
	await changeCredentialStatus({ credentialId: revoked.row.id, action: 'revoke', reason: 'Error', actorId: a!.id })
	await earnCredential({ userId: d!.id, now: new Date(Date.now() - 30 * 31 * 24 * 3600 * 1000) })
	await earnCredential({ userId: e!.id })
	// A learner of another organisation is not counted.
	await earnCredential()

	const coverage = await getTeamSkillCoverage(org.id)
	expect(coverage.sort((x, y) => String(x.teamId).localeCompare(String(y.teamId)))).toEqual(
		[
			{ teamId: ops!.id, skillId: SKILL, holders: 2 },
			{ teamId: null, skillId: SKILL, holders: 1 },
		].sort((x, y) => String(x.teamId).localeCompare(String(y.teamId))),
	)
})

test('coverage follows people: a move between teams, leaving, rejoining and a deleted team', async () => {
	const org = await db.organization.create({ data: { name: 'Moving Org', slug: `mov-${crypto.randomUUID()}` } })
	const [ops, sales] = await Promise.all(
		['Operations', 'Sales'].map((name) => db.team.create({ data: { orgId: org.id, name } })),
	)
	const people = await Promise.all([0, 1].map(() => createTestUser()))
	for (const person of people) {
		await db.membership.create({ data: { userId: person.id, orgId: org.id, teamId: ops!.id } })
		await earnCredential({ userId: person.id })
	}
	const counts = async () =>
		Object.fromEntries((await getTeamSkillCoverage(org.id)).map((r) => [String(r.teamId), r.holders]))
	expect(await counts()).toEqual({ [ops!.id]: 2 })

	await db.membership.update({
		where: { userId_orgId: { userId: people[1]!.id, orgId: org.id } },
		data: { teamId: sales!.id },
	})
	expect(await counts()).toEqual({ [ops!.id]: 1, [sales!.id]: 1 })

	await db.membership.delete({ where: { userId_orgId: { userId: people[1]!.id, orgId: org.id } } })
	expect(await counts()).toEqual({ [ops!.id]: 1 })
	await db.membership.create({ data: { userId: people[1]!.id, orgId: org.id, teamId: sales!.id } })
	expect(await counts()).toEqual({ [ops!.id]: 1, [sales!.id]: 1 })

	await db.team.delete({ where: { id: ops!.id } })
	expect(await counts()).toEqual({ null: 1, [sales!.id]: 1 })
})
