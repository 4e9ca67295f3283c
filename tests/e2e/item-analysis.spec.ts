import fs from 'node:fs'
import { recordItemResponses } from '../../app/learning/item-responses.server'
import { expectAccessible } from './accessibility'
import { PATH } from './assessment-steps'
import { expect, test } from './fixtures'

/**
 * 40 learners' first attempts at three questions, strongest first: bank-1 right for all but the two
 * strongest (too easy, and missed by the strong: negative); bank-2 right for the 20 strongest;
 * bank-3 right for the 8 strongest (too hard).
 */
function answersOf(learner: number) {
	return { 'bank-1': learner < 2 ? 0 : 1, 'bank-2': learner < 20 ? 1 : 0, 'bank-3': learner < 8 ? 1 : 0 }
}

test('owners read each question’s facility, discrimination and flags, and export them', async ({
	page,
	db,
	createOrg,
	createUser,
	signInAs,
}) => {
	const org = await createOrg('Item Analysis Ltd')
	const owner = await createUser({ name: 'Ines Items', role: 'OWNER', orgSlug: org.slug })
	const at = new Date()
	for (let learner = 0; learner < 40; learner++) {
		const user = await db.user.create({
			data: { name: `Item learner ${learner}`, email: `${crypto.randomUUID()}@example.test`, passwordHash: 'x' },
			select: { id: true },
		})
		await db.membership.create({ data: { userId: user.id, orgId: org.id } })
		const answers = answersOf(learner)
		const total = Object.values(answers).reduce((a, b) => a + b, 0)
		const attempt = await db.assessmentAttempt.create({
			data: {
				userId: user.id,
				pathSlug: PATH,
				contentHash: 'item-analysis',
				questionIds: JSON.stringify(Object.keys(answers)),
				startedAt: at,
				submittedAt: at,
				answers: '{}',
				score: total / 3,
				passed: false,
			},
			select: { id: true },
		})
		await db.$transaction((tx) =>
			recordItemResponses(tx, {
				attemptId: attempt.id,
				userId: user.id,
				pathSlug: PATH,
				submittedAt: at,
				graded: Object.entries(answers).map(([questionId, correct]) => ({ questionId, correct: correct === 1 })),
			}),
		)
	}
	await signInAs(owner)
	await page.goto('/admin')
	await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Item analysis' }).click()
	await page.getByLabel('Learning path').selectOption({ label: 'Counting parcels well' })
	await page.getByLabel('Attempts counted').selectOption('first')
	await page.getByRole('button', { name: 'Show' }).click()
	await expect(page).toHaveURL(new RegExp(`path=${PATH}&attempts=first`))
	await expect(page.getByRole('main')).toContainText('40 learners’ first attempts; 120 answers counted')
	const row = (id: string) =>
		page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${id}\\b`) }) })
	await expect(row('bank-2')).toContainText('50%')
	await expect(row('bank-2')).toContainText('None')
	await expect(row('bank-3')).toContainText('20%')
	await expect(row('bank-3')).toContainText('Too hard')
	await expect(row('bank-1')).toContainText('95%')
	await expect(row('bank-1')).toContainText('Too easy')
	await expect(row('bank-1')).toContainText('Negative discrimination')
	await expect(row('bank-4')).toContainText('Too few answers')
	await expectAccessible(page, 'the item analysis page')

	const download = page.waitForEvent('download')
	await page.getByRole('link', { name: 'Export as CSV' }).click()
	const text = fs.readFileSync(await (await download).path(), 'utf8')
	expect(text.split('\n')[0]).toBe(
		'\uFEFFQuestion,Module,Lesson,Objective,Type,Prompt,Answers,Right,Facility,Discrimination,Flags',
	)
	expect(text.split('\n').find((line) => line.startsWith('bank-3,'))).toMatch(/,40,8,0\.2,[0-9.]+,Too hard$/)
})
