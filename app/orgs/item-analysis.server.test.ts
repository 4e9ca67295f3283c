import { parse } from 'csv-parse/sync'
import { expect, test } from 'vitest'
import { passFixtureAssessment } from '../../tests/setup/earn-credential'
import { createTestOrg, createTestUser } from '../../tests/setup/factories'
import { FIXTURE_PATH } from '../../tests/fixtures/content-fixture'
import { getPath } from '../content/catalog.server'
import { db } from '../db/db.server'
import { recordItemResponses } from '../learning/item-responses.server'
import { getItemAnalysis, itemAnalysisCsv } from './item-analysis.server'

const path = getPath(FIXTURE_PATH)!
const QUESTIONS = ['bank-1', 'bank-2', 'bank-3']
/**
 * Five learners' answers (1 right) to three questions. By hand, with y the attempt's other
 * questions right: bank-1 facility 0.6, r = −3/√84 = −0.3273; bank-2 0.6, r = 2/√24 = 0.4082;
 * bank-3 0.6, r = −0.3273.
 */
const PATTERN = [
	[1, 1, 1],
	[1, 1, 0],
	[1, 0, 0],
	[0, 1, 1],
	[0, 0, 1],
]

async function submitted(userId: string, answers: number[], at: Date) {
	const attempt = await db.assessmentAttempt.create({
		data: {
			userId,
			pathSlug: FIXTURE_PATH,
			contentHash: path.contentHash,
			questionIds: JSON.stringify(QUESTIONS),
			startedAt: at,
			submittedAt: at,
			answers: '{}',
			score: answers.reduce((a, b) => a + b, 0) / answers.length,
			passed: false,
		},
		select: { id: true },
	})
	await db.$transaction((tx) =>
		recordItemResponses(tx, {
			attemptId: attempt.id,
			userId,
			pathSlug: FIXTURE_PATH,
			submittedAt: at,
			graded: QUESTIONS.map((questionId, i) => ({ questionId, correct: answers[i] === 1 })),
		}),
	)
}

test('item statistics from the database match a hand-computed example, counting answers given as an active member', async () => {
	const { org } = await createTestOrg('Initech', { name: 'Bill Owner', role: 'OWNER' })
	const other = await createTestOrg('Globex', { name: 'Hank Owner', role: 'OWNER' })
	const day = new Date('2026-11-02T09:00:00Z')
	// Six times the pattern: 30 learners, enough answers to judge.
	for (let k = 0; k < 6; k++) {
		for (const [i, answers] of PATTERN.entries()) {
			const learner = await createTestUser(`Learner ${k}-${i}`)
			await db.membership.create({ data: { userId: learner.id, orgId: org.id } })
			await submitted(learner.id, answers, day)
			// Everyone's second attempt is all right: counted with every attempt, not with first attempts.
			if (k === 0) await submitted(learner.id, [1, 1, 1], new Date(day.getTime() + 86_400_000))
		}
	}
	// Answers that are not the organisation's: another organisation's learner, and a deactivated member.
	const outsider = await createTestUser('Olive Outsider')
	await db.membership.create({ data: { userId: outsider.id, orgId: other.org.id } })
	await submitted(outsider.id, [0, 0, 0], day)
	const gone = await createTestUser('Dee Deactivated')
	await db.membership.create({ data: { userId: gone.id, orgId: org.id, deactivatedAt: day } })
	await submitted(gone.id, [0, 0, 0], day)

	const first = await getItemAnalysis(org.id, path, 'first')
	const byId = new Map(first.items.map((i) => [i.questionId, i]))
	expect(first).toMatchObject({ learners: 30, answers: 90 })
	expect(first.shareRight).toBeCloseTo(0.6, 10)
	expect(byId.get('bank-1')).toMatchObject({ answers: 30, correct: 18, facility: 0.6, judged: true })
	expect(byId.get('bank-1')!.discrimination).toBeCloseTo(-3 / Math.sqrt(84), 10)
	expect(byId.get('bank-1')!.flags).toEqual(['negative-discrimination'])
	expect(byId.get('bank-2')!.discrimination).toBeCloseTo(2 / Math.sqrt(24), 10)
	expect(byId.get('bank-2')!.flags).toEqual([])
	expect(byId.get('bank-3')!.discrimination).toBeCloseTo(-3 / Math.sqrt(84), 10)
	// A bank question nobody was given: no answers, no figures.
	expect(byId.get('bank-4')).toMatchObject({ answers: 0, facility: null, discrimination: null, judged: false })
	expect(first.items).toHaveLength(path.bankSize)

	// Answers to a question no longer in the bank are counted apart, not in the table or the totals.
	await db.itemStat.create({
		data: {
			orgId: org.id,
			pathSlug: FIXTURE_PATH,
			questionId: 'retired-question',
			firstAttempt: true,
			answers: 7,
			sumX: 7,
		},
	})
	expect(await getItemAnalysis(org.id, path, 'first')).toMatchObject({ answers: 90, retiredAnswers: 7 })

	// Every attempt adds the five all-right second attempts.
	const all = await getItemAnalysis(org.id, path, 'all')
	const bank1 = all.items.find((i) => i.questionId === 'bank-1')!
	expect(bank1).toMatchObject({ answers: 35, correct: 23 })
	expect(all).toMatchObject({ learners: 30, answers: 105 })

	// The CSV has a row per bank question, negative numbers as numbers, flags in words.
	const rows = parse(itemAnalysisCsv(first), { bom: true, columns: true }) as Array<Record<string, string>>
	expect(rows).toHaveLength(path.bankSize)
	expect(rows.find((r) => r.Question === 'bank-1')).toMatchObject({
		Answers: '30',
		Right: '18',
		Facility: '0.6',
		Discrimination: '-0.327',
		Flags: 'Negative discrimination',
	})
	expect(rows.find((r) => r.Question === 'bank-4')).toMatchObject({ Answers: '0', Flags: 'Too few answers to judge' })

	// Text that starts like a formula (prompts and objectives come from the content's authors) stays text.
	const risky = {
		...first,
		items: first.items.map((item, i) =>
			i === 0 ? { ...item, prompt: '=HYPERLINK("https://evil.test")', objective: '@SUM(1)' } : item,
		),
	}
	const riskyRows = parse(itemAnalysisCsv(risky), { bom: true, columns: true }) as Array<Record<string, string>>
	expect(riskyRows[0]).toMatchObject({ Prompt: `'=HYPERLINK("https://evil.test")`, Objective: `'@SUM(1)` })
})

test('a submitted attempt leaves one graded row per question, in the grading transaction', async () => {
	const learner = await createTestUser('Rita Rows')
	const firstId = await passFixtureAssessment(learner.id, new Date('2026-11-02T09:00:00Z'))
	const rows = await db.attemptItem.findMany({ where: { attemptId: firstId } })
	const attempt = await db.assessmentAttempt.findUniqueOrThrow({ where: { id: firstId } })
	expect(rows.map((r) => r.questionId).sort()).toEqual((JSON.parse(attempt.questionIds) as string[]).sort())
	const right = rows.reduce((n, r) => n + r.correct, 0)
	expect(right).toBe(Math.round(attempt.score! * rows.length))
	for (const row of rows) {
		expect(row).toMatchObject({ userId: learner.id, pathSlug: FIXTURE_PATH, firstAttempt: true })
		expect(row.restScore).toBe(right - row.correct)
	}
	const secondId = await passFixtureAssessment(learner.id, new Date('2026-11-04T09:00:00Z'))
	const second = await db.attemptItem.findMany({ where: { attemptId: secondId } })
	expect(second).toHaveLength(rows.length)
	expect(second.every((r) => !r.firstAttempt)).toBe(true)
})
