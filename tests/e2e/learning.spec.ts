import type { Response } from '@playwright/test'
import { expectAccessible } from './accessibility'
import { answerAssessment, completeLessons } from './assessment-steps'
import { expect, test } from './fixtures'

const PATH = '/paths/fixture-path'

test('a learner finds a path, learns, checks understanding, resumes, and completes every lesson', async ({
	page,
	createUser,
	signInAs,
	db,
}) => {
	const learner = await createUser({ name: 'Journey Learner' })
	await signInAs(learner)

	// Find the path through the catalogue's filters.
	await page.goto('/paths')
	await page.getByLabel('Search').fill('counting parcels')
	await page.getByLabel('Topic').selectOption('data-literacy')
	await page.getByRole('button', { name: 'Show paths' }).click()
	await expect(page).toHaveURL(/q=counting\+parcels/)
	await page.getByRole('link', { name: 'Counting parcels well' }).click()
	await expect(page.getByRole('heading', { level: 1, name: 'Counting parcels well' })).toBeVisible()
	await page.getByRole('link', { name: 'Start the path' }).click()
	await expect(page.getByRole('heading', { level: 1, name: 'Lesson 1 about counting' })).toBeVisible()

	// A knowledge check: an incomplete answer is refused, a wrong one explained.
	const check = page.getByRole('region', { name: 'Check your understanding' })
	await check.getByRole('button', { name: 'Check my answers' }).click()
	await expect(check.getByRole('alert')).toHaveText('Answer every question before checking your answers.')
	await check.getByRole('radio', { name: 'The first count only' }).check()
	await check.getByRole('checkbox', { name: 'The date and time' }).check()
	await check.getByRole('checkbox', { name: 'Who counted' }).check()
	await check.getByRole('button', { name: 'Check my answers' }).click()
	await expect(check.getByRole('status')).toHaveText(/You got 1 of 2 right/)
	await expect(check.getByText('Answer: Two counts that agree')).toBeVisible()

	// Complete two lessons, open the third, leave, and come back to the same place.
	await page.getByRole('button', { name: 'Mark complete and continue' }).click()
	await expect(page.getByRole('heading', { level: 1, name: 'Lesson 2 about counting' })).toBeVisible()
	await page.getByRole('button', { name: 'Mark complete and continue' }).click()
	await expect(page.getByRole('heading', { level: 1, name: 'Lesson 3 about counting' })).toBeVisible()
	await page.goto('/dashboard')
	const resume = page.getByRole('region', { name: 'Continue where you left off' })
	await expect(resume).toContainText('Counting parcels well')
	await expect(resume).toContainText('Next: Lesson 3 about counting')
	await expect(resume).toContainText(/2 of \d+ lessons done/)
	await expect(resume.getByRole('progressbar', { name: 'Progress in Counting parcels well' })).toHaveAttribute(
		'aria-valuenow',
		/^[1-9]\d?$/,
	)
	await page.getByRole('link', { name: 'Continue', exact: true }).click()
	await expect(page.getByRole('heading', { level: 1, name: 'Lesson 3 about counting' })).toBeVisible()

	// A double submission of "complete" counts once.
	await Promise.all([
		page.request.post(`${PATH}/lesson-3`, {
			form: { intent: 'complete' },
			headers: { Origin: new URL(page.url()).origin },
		}),
		page.request.post(`${PATH}/lesson-3`, {
			form: { intent: 'complete' },
			headers: { Origin: new URL(page.url()).origin },
		}),
	])
	expect(await db.lessonProgress.count({ where: { userId: learner.id, lessonSlug: 'lesson-3' } })).toBe(1)

	for (let lesson = 4; lesson <= 12; lesson++) {
		await page.goto(`${PATH}/lesson-${lesson}`)
		await page.getByRole('button', { name: /^Mark complete/ }).click()
		// Wait for the completion to land before the next lesson is opened.
		await expect(page).toHaveURL(new RegExp(lesson < 12 ? `${PATH}/lesson-${lesson + 1}$` : `${PATH}/assessment$`))
	}
	await expect(page).toHaveURL(new RegExp(`${PATH}/assessment$`))
	await expect(page.getByRole('status')).toContainText('You have completed every lesson of Counting parcels well.')

	// Fail the final assessment once, see what to review, then pass it.
	await expectAccessible(page, 'the assessment page')
	// Every response of the attempt, until it is submitted, is free of answers and explanations.
	const bodies: Array<Promise<{ url: string; body: string }>> = []
	const collect = (response: Response) => {
		bodies.push(
			response.text().then(
				(body) => ({ url: response.url(), body }),
				() => ({ url: response.url(), body: '' }),
			),
		)
	}
	page.on('response', collect)
	await page.getByRole('button', { name: 'Start the assessment' }).click()
	await expect(page.locator('fieldset')).toHaveCount(12)
	await page.reload()
	await expect(page.locator('fieldset')).toHaveCount(12)
	await expectAccessible(page, 'an open attempt')
	page.off('response', collect)
	const responses = await Promise.all(bodies)
	// Pages and their data: no answer fields at all (scripts are code, and name the fields they render).
	const pages = responses.filter((r) => !r.url.endsWith('.js') && !r.url.endsWith('.css'))
	expect(pages.map((r) => r.body).join('\n')).toContain('Submit my answers')
	for (const r of pages) expect(r.body, r.url).not.toMatch(/"answer"\s*:|correctAnswer|explanation/)
	// Nothing at all carries the explanations' text.
	const everything = responses.map((r) => r.body).join('\n')
	expect(everything).not.toContain('Two counts that agree are the reliable ones')
	expect(everything).not.toContain('Count, count again, then record')
	await answerAssessment(page, false)
	await expect(page.getByRole('status')).toContainText('Not passed this time.')
	await expectAccessible(page, 'a result page')
	const review = page.getByRole('region', { name: 'What to review' })
	await expect(review.getByRole('link').first()).toHaveAttribute('href', /\/paths\/fixture-path\/lesson-/)
	await page.getByRole('link', { name: 'Try again' }).click()
	await page.getByRole('button', { name: 'Start the assessment' }).click()
	await answerAssessment(page, true)
	await expect(page.getByRole('status')).toContainText('You passed.')
	expect(await db.pathCompletion.count({ where: { userId: learner.id, pathSlug: 'fixture-path' } })).toBe(1)

	await page.goto('/dashboard')
	await expect(
		page.getByRole('region', { name: 'Completed' }).getByRole('link', { name: 'Counting parcels well' }),
	).toBeVisible()
})

test('lesson pages need a sign-in and send no answer key to the browser', async ({ page, createUser, signInAs }) => {
	await page.goto(`${PATH}/lesson-1`)
	await expect(page).toHaveURL(/\/sign-in\?redirectTo=/)

	const learner = await createUser()
	await signInAs(learner)
	// Every answer from the site passes through here and is kept whole before the page gets it. (Read
	// from response events instead, a body the browser did not keep, as with Cache-Control: no-store,
	// could not be read back.)
	const bodies: string[] = []
	await page.route(`${new URL(page.url()).origin}/**`, async (route) => {
		const response = await route.fetch()
		const body = await response.body()
		bodies.push(body.toString('utf8'))
		await route.fulfill({ response, body })
	})
	await page.goto(`${PATH}/lesson-1`)
	await page
		.getByRole('link', { name: /Lesson 2 about counting/ })
		.first()
		.click()
	await expect(page.getByRole('heading', { level: 1, name: 'Lesson 2 about counting' })).toBeVisible()
	// Every request under way is answered (and its body kept) before the check.
	await page.unrouteAll({ behavior: 'wait' })
	const all = bodies.join('\n')
	expect(all).toContain('check-2-a')
	expect(all).not.toContain('Two counts that agree are the reliable ones')
	expect(all).not.toMatch(/"answer"\s*:/)
})

test('unknown paths and lessons answer 404', async ({ page, createUser, signInAs }) => {
	await signInAs(await createUser())
	expect((await page.goto('/paths/no-such-path'))?.status()).toBe(404)
	expect((await page.goto(`${PATH}/no-such-lesson`))?.status()).toBe(404)
})

test('answers in the final assessment are saved as they are given: leaving and coming back finds them', async ({
	page,
	db,
	createUser,
	signInAs,
}) => {
	const learner = await createUser({ name: 'Sal Saver' })
	await completeLessons(db, learner)
	await signInAs(learner)
	await page.goto(`${PATH}/assessment`)
	await page.getByRole('button', { name: 'Start the assessment' }).click()
	const status = page.getByRole('status').filter({ hasText: 'answered' })
	await expect(status).toContainText('0 of 12 answered')
	const questions = page.locator('fieldset')
	const chosen: string[] = []
	for (const question of (await questions.all()).slice(0, 12)) {
		const radio = question.getByRole('radio', { name: 'Two counts that agree' })
		if ((await radio.count()) === 0) continue
		await radio.check()
		chosen.push((await question.locator('legend').textContent())!)
		if (chosen.length === 3) break
	}
	await expect(status).toContainText('3 of 12 answered · Every answer given is saved.')
	await expectAccessible(page)
	const attemptUrl = page.url()
	const attempt = await db.assessmentAttempt.findFirstOrThrow({ where: { userId: learner.id } })
	expect(Object.keys(JSON.parse(attempt.answers!) as object)).toHaveLength(3)

	// Leave by the link, come back by the path's assessment page.
	await page.getByRole('link', { name: 'Back to the path' }).click()
	await expect(page).toHaveURL(new RegExp(`${PATH}$`))
	await page.goto(`${PATH}/assessment`)
	await page.getByRole('link', { name: 'Continue your attempt' }).click()
	await expect(page).toHaveURL(attemptUrl)
	await expect(status).toContainText('3 of 12 answered')
	for (const legend of chosen) {
		await expect(
			page.locator('fieldset', { hasText: legend }).getByRole('radio', { name: 'Two counts that agree' }),
		).toBeChecked()
	}
	// Save and leave keeps them too, and says so.
	await page.getByRole('button', { name: 'Save, leave and come back later' }).click()
	await expect(page.getByRole('status').first()).toContainText('Your 3 of 12 answers are saved.')
})
