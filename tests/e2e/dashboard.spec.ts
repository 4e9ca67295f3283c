import { expectAccessible } from './accessibility'
import { expect, PASSWORD, test } from './fixtures'

const DAY = 24 * 60 * 60 * 1000

test('the dashboard puts assignments first, overdue on top, then where to resume and what to learn next', async ({
	page,
	db,
	createUser,
	signInAs,
}) => {
	const learner = await createUser({ name: 'Dana Dashboard', role: 'LEARNER' })
	const admin = await createUser({ name: 'Ari Assigner', role: 'ADMIN' })
	const org = await db.organization.findUniqueOrThrow({ where: { slug: 'northwind' } })
	const now = Date.now()
	// Due in ten days, and one overdue since yesterday: the overdue one is listed first.
	for (const [pathSlug, dueAt] of [
		['ai-proficiency', new Date(now + 10 * DAY)],
		['ai-ethics', new Date(now - DAY)],
	] as const) {
		const assignment = await db.assignment.create({
			data: { orgId: org.id, pathSlug, dueDate: dueAt, createdById: admin.id },
		})
		await db.learnerAssignment.create({
			data: {
				assignmentId: assignment.id,
				userId: learner.id,
				orgId: org.id,
				pathSlug,
				assignedAt: new Date(now - 20 * DAY),
				dueAt,
			},
		})
	}
	await signInAs(learner)
	// Started one lesson of the ethics path.
	await page.goto('/paths/ai-ethics')
	await page
		.getByRole('link', { name: /^Start/ })
		.first()
		.click()
	const complete = page.getByRole('button', { name: 'Mark complete and continue' })
	await expect(complete).toBeVisible()
	const firstLesson = page.url()
	await complete.click()
	// On the next lesson: the completion has been recorded (leaving earlier could cut the form's post short).
	await page.waitForURL((url) => url.href !== firstLesson)
	await expect(page.getByRole('button', { name: /^Mark complete/ })).toBeVisible()

	await page.goto('/dashboard')
	await expect(page.getByRole('paragraph').filter({ hasText: '2 assigned paths to finish · 1 overdue' })).toBeVisible()
	const assigned = page.getByRole('region', { name: 'Assigned to you' }).getByRole('listitem')
	await expect(assigned).toHaveCount(2)
	await expect(assigned.nth(0)).toContainText('AI ethics')
	await expect(assigned.nth(0)).toContainText('Overdue: was due')
	await expect(assigned.nth(0).getByRole('link', { name: /^Continue AI ethics/ })).toBeVisible()
	await expect(assigned.nth(1)).toContainText('Due ')
	await expect(assigned.nth(1).getByRole('link', { name: /^Start / })).toBeVisible()

	const resume = page.getByRole('region', { name: 'Continue where you left off' })
	await expect(resume).toContainText(/AI ethics/)
	await expect(resume).toContainText(/1 of 17 lessons done · about .+ left/)
	await expect(resume).toContainText('Next: ')

	// The recommendation comes from the skills not yet proved, and never names a path already begun.
	const recommended = page.getByRole('region', { name: 'Recommended next' })
	await expect(recommended).toContainText('you have not proved yet:')
	await expect(recommended).not.toContainText('AI ethics')
	await expectAccessible(page, 'the dashboard with assignments, resume and recommendation')

	// With the recommended path started, the recommendation moves on to another one.
	const first = (await recommended.getByRole('paragraph').first().textContent())!.trim()
	await recommended.getByRole('link', { name: 'See the path' }).click()
	await page
		.getByRole('link', { name: /^Start/ })
		.first()
		.click()
	// On the lesson (its visit is recorded when it loads), not still on the path page.
	await expect(page.getByRole('button', { name: 'Mark complete and continue' })).toBeVisible()
	await page.goto('/dashboard')
	await expect(page.getByRole('region', { name: 'Recommended next' })).toBeVisible()
	await expect(page.getByRole('region', { name: 'Recommended next' })).not.toContainText(first)
})

test('the catalogue shows each path with its cover', async ({ page, createUser, signInAs }) => {
	await signInAs(await createUser())
	await page.goto('/paths')
	const cards = page.getByRole('main').getByRole('listitem')
	await expect(cards.first()).toBeVisible()
	expect(await cards.count()).toBeGreaterThanOrEqual(3)
	for (const card of await cards.all()) await expect(card.locator('svg[aria-hidden="true"]').first()).toBeVisible()
})

test('an admin who signs in lands on the admin home; a learner on their dashboard', async ({ page, createUser }) => {
	const admin = await createUser({ name: 'Lana Landing', role: 'ADMIN' })
	await page.goto('/sign-in')
	await page.getByLabel('Email').fill(admin.email)
	await page.getByLabel('Password').fill(PASSWORD)
	await page.getByRole('button', { name: 'Sign in' }).click()
	await expect(page).toHaveURL(/\/admin$/)

	const learner = await createUser({ name: 'Lee Learner', role: 'LEARNER' })
	await page.context().clearCookies()
	await page.goto('/sign-in')
	await page.getByLabel('Email').fill(learner.email)
	await page.getByLabel('Password').fill(PASSWORD)
	await page.getByRole('button', { name: 'Sign in' }).click()
	await expect(page).toHaveURL(/\/dashboard$/)
})

test('on a phone one menu button holds the site and admin navigation, and the page starts in the first screen', async ({
	page,
	createUser,
	signInAs,
}) => {
	await signInAs(await createUser({ role: 'ADMIN' }))
	await page.setViewportSize({ width: 360, height: 740 })
	await page.goto('/admin/people')
	const heading = page.getByRole('heading', { level: 1 })
	await expect(heading).toBeVisible()
	// The header is one row: the page's heading sits in the top fifth of the screen.
	expect((await heading.boundingBox())!.y).toBeLessThan(740 / 5)
	await expect(page.getByRole('navigation', { name: 'Administration' })).toHaveCount(0)
	await expect(page.getByRole('link', { name: 'Dashboard', exact: true })).toHaveCount(0)

	// Opened by keyboard, it lists both; Escape closes it and gives the focus back to the button.
	const menu = page.getByText('Menu', { exact: true })
	await menu.focus()
	await page.keyboard.press('Enter')
	await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' })).toBeVisible()
	const admin = page.getByRole('navigation', { name: 'Administration' })
	await expect(admin.getByRole('link', { name: 'Reports' })).toBeVisible()
	await expectAccessible(page, 'the phone menu, open')
	await page.keyboard.press('Escape')
	await expect(admin).toHaveCount(0)
	await expect(menu).toBeFocused()

	// Choosing a section goes there and closes the menu.
	await menu.click()
	await admin.getByRole('link', { name: 'Reports' }).click()
	await expect(page).toHaveURL(/\/admin\/reports$/)
	await expect(page.getByRole('navigation', { name: 'Administration' })).toHaveCount(0)

	// On a wide screen the bar and the admin sections are back, and the menu button is gone.
	await page.setViewportSize({ width: 1280, height: 800 })
	await expect(page.getByRole('navigation', { name: 'Administration' })).toBeVisible()
	await expect(menu).toBeHidden()
})
