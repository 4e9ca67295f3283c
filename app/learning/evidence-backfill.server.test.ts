import { expect, test } from 'vitest'
import { earnCredential } from '../../tests/setup/earn-credential'
import { FIXTURE_PATH } from '../../tests/fixtures/content-fixture'
import { getQuestions } from '../content/catalog.server'
import { db } from '../db/db.server'
import { backfillSkillEvidence } from './evidence-backfill.server'

/** The objectives the drawn questions assess, leaving out the ones answered wrongly. */
function expectedObjectives(questionIds: string[], wrongIds: string[]) {
	const bank = new Map(getQuestions(FIXTURE_PATH).bank.map((q) => [q.id, q]))
	const wrong = new Set(wrongIds)
	return new Set(questionIds.filter((id) => !wrong.has(id)).map((id) => `${FIXTURE_PATH}/${bank.get(id)!.objective}`))
}

test('credentials issued before evidence rows existed get the same rows at start, once', async () => {
	const { row, questionIds, wrongIds } = await earnCredential({ wrong: [2] })
	const issued = await db.credentialSkill.findMany({ where: { credentialId: row.id }, orderBy: { skillId: 'asc' } })
	await db.credentialSkill.deleteMany({ where: { credentialId: row.id } })

	expect(await backfillSkillEvidence()).toBe(issued.length)
	const rebuilt = await db.credentialSkill.findMany({ where: { credentialId: row.id }, orderBy: { skillId: 'asc' } })
	expect(rebuilt).toEqual(issued)
	expect(new Set(JSON.parse(rebuilt[0]!.objectives) as string[])).toEqual(expectedObjectives(questionIds, wrongIds))
	expect(await backfillSkillEvidence()).toBe(0)
})
