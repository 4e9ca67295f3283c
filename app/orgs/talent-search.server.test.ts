import { parse } from 'csv-parse/sync'
import { expect, test } from 'vitest'
import { earnCredential } from '../../tests/setup/earn-credential'
import { createTestOrg } from '../../tests/setup/factories'
import { FIXTURE_PATH } from '../../tests/fixtures/content-fixture'
import { getPath } from '../content/catalog.server'
import { db } from '../db/db.server'
import { changeCredentialStatus } from '../issuing/status-changes.server'
import { levelFor } from '../skills/skill-level'
import { searchTalent, talentCsv, talentQuerySchema } from './talent-search.server'
import { createTeam } from './teams.server'

const query = (input: Record<string, string>) => talentQuerySchema.parse(input)

test('finds the people holding a verified skill at or above a level, in a team, with the proof; CSV of all', async () => {
	const { org, actor } = await createTestOrg('Talentco', { name: 'Tia Owner', role: 'OWNER' })
	const analysts = await createTeam(org.id, actor, 'Analysts')
	const person = async (name: string, teamId: string | null, orgId = org.id) => {
		const user = await db.user.create({
			data: { name, email: `${crypto.randomUUID()}@example.test`, passwordHash: 'x', emailVerifiedAt: new Date() },
			select: { id: true },
		})
		await db.membership.create({ data: { userId: user.id, orgId, teamId } })
		return user
	}
	const strong = await person('Ava Strong', analysts.id)
	const weak = await person('Bea Weak', null)
	const revoked = await person('Cal Revoked', analysts.id)
	const elsewhere = await createTestOrg('Elsewhere', { name: 'Eli Owner', role: 'OWNER' })
	const outsider = await person('Dee Outsider', null, elsewhere.org.id)
	await earnCredential({ userId: strong.id })
	const weakCredential = await earnCredential({ userId: weak.id, wrong: [0, 1] })
	// Set up a holder whose evidence for the skill is one objective (level 1): a credential of a path
	// that touches the skill once.
	const [weakEvidence] = await db.credentialSkill.findMany({ where: { credentialId: weakCredential.row.id } })
	await db.credentialSkill.update({
		where: { credentialId_skillId: { credentialId: weakCredential.row.id, skillId: weakEvidence!.skillId } },
		data: {
			objectives: JSON.stringify((JSON.parse(weakEvidence!.objectives) as string[]).slice(0, 1)),
			objectiveCount: 1,
		},
	})
	const gone = await earnCredential({ userId: revoked.id })
	await earnCredential({ userId: outsider.id })
	await changeCredentialStatus({
		credentialId: gone.row.id,
		action: 'revoke',
		reason: 'Shared answers.',
		actorId: actor.id,
	})

	// The skill where the two learners' evidence differs most.
	const skills = getPath(FIXTURE_PATH)!.skills
	const counts = async (userId: string) =>
		new Map(
			(await db.credentialSkill.findMany({ where: { userId }, select: { skillId: true, objectiveCount: true } })).map(
				(r) => [r.skillId, r.objectiveCount],
			),
		)
	const [strongCounts, weakCounts] = [await counts(strong.id), await counts(weak.id)]
	const skill = skills.reduce((best, s) =>
		levelFor(strongCounts.get(s) ?? 0).level - levelFor(weakCounts.get(s) ?? 0).level >
		levelFor(strongCounts.get(best) ?? 0).level - levelFor(weakCounts.get(best) ?? 0).level
			? s
			: best,
	)
	const strongLevel = levelFor(strongCounts.get(skill)!).level
	expect(strongLevel).toBeGreaterThan(levelFor(weakCounts.get(skill)!).level)

	const all = await searchTalent(org.id, query({ skill }))
	// The revoked credential and the other organisation's holder count for nothing; the strongest first.
	expect(all!.matches.map((m) => m.name)).toEqual(['Ava Strong', 'Bea Weak'])
	expect(all!.matches[0]).toMatchObject({
		team: 'Analysts',
		level: levelFor(strongCounts.get(skill)!),
		objectives: strongCounts.get(skill),
		proofs: [{ name: 'Careful Counting', publicId: expect.any(String) }],
	})
	const top = await searchTalent(org.id, query({ skill, level: String(strongLevel) }))
	expect(top!.matches.map((m) => m.name)).toEqual(['Ava Strong'])
	const noTeam = await searchTalent(org.id, query({ skill, team: 'none' }))
	expect(noTeam!.matches.map((m) => m.name)).toEqual(['Bea Weak'])
	const inTeam = await searchTalent(org.id, query({ skill, team: analysts.id }))
	expect(inTeam!.matches.map((m) => m.name)).toEqual(['Ava Strong'])
	// No skill chosen, or an unknown one: no search.
	expect(await searchTalent(org.id, query({}))).toBeNull()
	expect(await searchTalent(org.id, query({ skill: 'esco:not-a-skill' }))).toBeNull()

	const csv = (await talentCsv(org.id, query({ skill }), (id) => `https://example.test/c/${id}`))!
	expect(csv.charCodeAt(0)).toBe(0xfeff)
	const rows = parse(csv.slice(1), { columns: true }) as Array<Record<string, string>>
	expect(rows.map((r) => r.Name)).toEqual(['Ava Strong', 'Bea Weak'])
	expect(rows[0]).toMatchObject({ Team: 'Analysts', Credentials: 'Careful Counting' })
	expect(rows[0]!.Proof).toMatch(/^https:\/\/example\.test\/c\//)

	// A page at a time, in the same order; a page past the last shows the last.
	const second = await searchTalent(org.id, query({ skill, page: '2' }), new Date(), 1)
	expect(second).toMatchObject({ total: 2, page: 2, pages: 2, matches: [{ name: 'Bea Weak' }] })
	const beyond = await searchTalent(org.id, query({ skill, page: '9' }), new Date(), 1)
	expect(beyond).toMatchObject({ total: 2, page: 2, pages: 2, matches: [{ name: 'Bea Weak' }] })

	// A name that starts like a formula is written as text in the CSV.
	await db.user.update({ where: { id: weak.id }, data: { name: '=HYPERLINK("https://evil.test","Bea")' } })
	const risky = parse((await talentCsv(org.id, query({ skill }), (id) => id))!.slice(1), { columns: true }) as Array<
		Record<string, string>
	>
	expect(risky[1]!.Name).toBe(`'=HYPERLINK("https://evil.test","Bea")`)
})

test('a holder with two credentials for the skill is levelled on their distinct objectives', async () => {
	const { org } = await createTestOrg('Twiceco', { name: 'Tom Owner', role: 'OWNER' })
	const user = await db.user.create({
		data: {
			name: 'Tw Ice',
			email: `${crypto.randomUUID()}@example.test`,
			passwordHash: 'x',
			emailVerifiedAt: new Date(),
		},
		select: { id: true },
	})
	await db.membership.create({ data: { userId: user.id, orgId: org.id } })
	await earnCredential({ userId: user.id, now: new Date(Date.now() - 3 * 24 * 3600 * 1000) })
	await earnCredential({ userId: user.id })
	const rows = await db.credentialSkill.findMany({
		where: { userId: user.id },
		select: { skillId: true, objectives: true },
	})
	const skill = rows[0]!.skillId
	const distinct = new Set(rows.filter((r) => r.skillId === skill).flatMap((r) => JSON.parse(r.objectives) as string[]))
	const result = await searchTalent(org.id, query({ skill }))
	// The same objectives twice count once (the two lists overlap, so their sum would be more).
	const sum = rows
		.filter((r) => r.skillId === skill)
		.reduce((n, r) => n + (JSON.parse(r.objectives) as string[]).length, 0)
	expect(sum).toBeGreaterThan(distinct.size)
	expect(result!.matches[0]).toMatchObject({ objectives: distinct.size, level: levelFor(distinct.size) })
	expect(result!.matches[0]!.proofs).toHaveLength(2)
})
