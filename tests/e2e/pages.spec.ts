/**
 * Every page as the HTML alone decides it: axe finds nothing in the light and the dark colour scheme, nothing
 * overflows a 360 px screen, and choices keep full-size controls. Run against the SQLite server only
 * (playwright.config.ts): the pages are the same on both databases, and the journeys that run on both check
 * the pages they pass through.
 */
import type { Page } from '@playwright/test'
import { expectAccessible } from './accessibility'
import { expect, test } from './fixtures'

const PATH = '/paths/fixture-path'

async function expectNoHorizontalScroll(page: Page) {
	const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
	expect(overflow, `horizontal scroll on ${page.url()}`).toBeLessThanOrEqual(0)
}

test('every page has no axe violations, in light and dark mode, and fits 360 px', async ({
	page,
	db,
	createUser,
	signInAs,
}) => {
	// Two colour schemes over about twenty pages: more than the default time.
	test.setTimeout(300_000)
	// A long team name: choices of teams must still fit a narrow screen.
	const org = await db.organization.findUniqueOrThrow({ where: { slug: 'northwind' } })
	await db.team.create({
		data: { orgId: org.id, name: `Regional Operations and Customer Care ${crypto.randomUUID().slice(0, 6)}` },
	})
	const anonymousPages = ['/', '/sign-in', '/sign-up', '/no/such/page', '/skills', '/u/priya-natarajan']
	for (const path of anonymousPages) {
		await page.goto(path)
		await expectAccessible(page)
	}
	// A form showing its errors.
	await page.goto('/sign-up')
	await page.getByRole('button', { name: 'Create account' }).click()
	await expect(page.getByText('Enter your name')).toBeVisible()
	await expectAccessible(page)

	const admin = await createUser({ role: 'ADMIN' })
	await signInAs(admin)
	const signedInPages = [
		'/dashboard',
		'/account',
		'/admin',
		'/profile',
		'/admin/people',
		'/admin/teams',
		'/admin/audit',
		'/admin/assignments',
		'/admin/talent?skill=esco%3A1d6c7de4-350e-4868-a47b-333b4b0d9650',
		'/admin/ai-literacy',
		'/admin/ai-literacy/report',
		'/admin/ai-literacy/statement',
	]
	for (const path of signedInPages) {
		await page.goto(path)
		await expectAccessible(page)
	}

	await page.setViewportSize({ width: 360, height: 740 })
	for (const path of [
		...signedInPages,
		'/admin/invitations',
		'/admin/import',
		'/admin/assignments',
		'/admin/outbox',
		'/admin/reports',
		'/admin/reports/teams/none',
		'/admin/skills-gap',
		'/admin/talent?skill=esco%3A1d6c7de4-350e-4868-a47b-333b4b0d9650',
		'/admin/item-analysis',
		'/paths',
		'/credentials',
		'/',
		'/skills',
		'/u/priya-natarajan',
		'/verify',
	]) {
		await page.goto(path)
		await expectNoHorizontalScroll(page)
	}
})

test('catalogue, path, lesson and knowledge-check pages have no axe violations', async ({
	page,
	createUser,
	signInAs,
}) => {
	const learner = await createUser()
	await signInAs(learner)
	for (const url of ['/paths', '/paths?topic=ai-ethics', PATH, `${PATH}/lesson-4`]) {
		await page.goto(url)
		await expectAccessible(page)
	}
	// With feedback showing.
	await page.getByRole('button', { name: 'Check my answers' }).click()
	await expect(page.getByRole('alert')).toBeVisible()
	await expectAccessible(page, 'a knowledge check with an error')

	// On a phone, choices whose text wraps over several lines keep full-size radio buttons and boxes.
	await page.setViewportSize({ width: 360, height: 800 })
	await page.goto('/paths/data-literacy/base-rates-and-false-positives')
	const choices = page
		.getByRole('region', { name: 'Check your understanding' })
		.locator('input[type=radio], input[type=checkbox]')
	// count() does not wait: the check is on the page first.
	await expect(choices.first()).toBeVisible()
	expect(await choices.count()).toBeGreaterThan(6)
	for (const box of await choices.all()) {
		const size = (await box.boundingBox())!
		expect(Math.min(size.width, size.height)).toBeGreaterThanOrEqual(19.5)
	}
})
