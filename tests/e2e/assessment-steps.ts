/** Shared steps of the fixture path's final assessment in the browser. */
import { expect, type Browser, type Page } from '@playwright/test'
import type { Database } from '../../app/db/client.server'
import type { TestUser } from './fixtures'

export const PATH = 'fixture-path'

/** Answers every drawn question of the fixture bank, rightly or wrongly. */
export async function answerAssessment(page: Page, right: boolean) {
	const questions = page.locator('fieldset')
	await expect(questions).toHaveCount(12)
	for (const question of await questions.all()) {
		const legend = (await question.locator('legend').textContent()) ?? ''
		if (legend.includes('Put the steps')) {
			const order = right
				? ['Count the parcels', 'Count them again', 'Write down the agreed number']
				: ['Write down the agreed number', 'Count the parcels', 'Count them again']
			for (const [i, label] of order.entries()) await question.getByLabel(label).selectOption(String(i + 1))
		} else if (legend.includes('Match each record')) {
			const targets = right
				? ['When it happened', 'Who to ask', 'What was found']
				: ['Who to ask', 'When it happened', 'What was found']
			const labels = ['The time of the count', 'The name of the counter', 'The total']
			for (const [i, label] of labels.entries()) await question.getByLabel(label).selectOption({ label: targets[i]! })
		} else {
			await question.getByRole('radio', { name: right ? 'Two counts that agree' : 'The first count only' }).check()
		}
	}
	await page.getByRole('button', { name: 'Submit my answers' }).click()
}

/** Every lesson of the fixture path done, so the final assessment is open. */
export async function completeLessons(db: Database, user: TestUser) {
	const path = await db.lessonProgress.findMany({ where: { userId: user.id }, select: { id: true } })
	expect(path).toEqual([])
	const now = new Date()
	await db.pathProgress.create({
		data: { userId: user.id, pathSlug: PATH, lastLessonSlug: 'lesson-12', lessonsCompletedAt: now },
	})
	await db.lessonProgress.createMany({
		data: Array.from({ length: 12 }, (_, i) => ({
			userId: user.id,
			pathSlug: PATH,
			lessonSlug: `lesson-${i + 1}`,
			startedAt: now,
			completedAt: now,
		})),
	})
}

/**
 * The learner, in a browser context of their own, has every lesson done and passes the final assessment;
 * the context is closed afterwards.
 */
export async function passInBrowser(
	browser: Browser,
	signInAs: (user: TestUser, page?: Page) => Promise<void>,
	db: Database,
	learner: TestUser,
) {
	const context = await browser.newContext()
	const page = await context.newPage()
	await signInAs(learner, page)
	await completeLessons(db, learner)
	await page.goto(`/paths/${PATH}/assessment`)
	await page.getByRole('button', { name: 'Start the assessment' }).click()
	await answerAssessment(page, true)
	await expect(page.getByRole('status')).toContainText('You passed.')
	await context.close()
}
