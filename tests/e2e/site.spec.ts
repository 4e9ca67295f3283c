import type { Page } from '@playwright/test'
import { expectAccessible } from './accessibility'
import { expect, test } from './fixtures'

test('a POST from a foreign origin is refused with 403; our own origin is not', async ({ request, baseURL }) => {
	const foreign = await request.post('/sign-in', {
		headers: { Origin: 'https://evil.example' },
		form: { email: 'a@example.test', password: 'whatever-password' },
	})
	expect(foreign.status()).toBe(403)
	const missing = await request.post('/sign-out', { headers: { Origin: '' } })
	expect(missing.status()).toBe(403)
	const own = await request.post('/sign-in', {
		headers: { Origin: baseURL! },
		form: { email: 'a@example.test', password: 'whatever-password' },
	})
	expect(own.status()).toBe(400)
})

test('an unknown address answers a real 404 page', async ({ page }) => {
	const response = await page.goto('/no/such/page')
	expect(response?.status()).toBe(404)
	await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible()
	await expect(page.getByRole('link', { name: 'Go to the home page' })).toBeVisible()
})

test('healthz answers 200 when the database answers', async ({ request }) => {
	const response = await request.get('/healthz')
	expect(response.status()).toBe(200)
	expect(await response.json()).toMatchObject({ status: 'ok', database: { ok: true } })
})

test('the admin area is for admins only, and its data never reaches a learner', async ({
	page,
	createUser,
	signInAs,
}) => {
	const learner = await createUser({ role: 'LEARNER' })
	await signInAs(learner)
	const response = await page.goto('/admin')
	expect(response?.status()).toBe(403)
	await expect(page.getByRole('heading', { name: 'You do not have access' })).toBeVisible()
	await expect(page.getByRole('link', { name: 'Admin' })).toHaveCount(0)
	const body = await page.content()
	expect(body).not.toContain('Customer Service')

	const dataResponse = await page.request.get('/admin.data')
	expect(dataResponse.status()).toBe(403)
	expect(await dataResponse.text()).not.toContain('Customer Service')
})

test('an admin sees the organisation overview from the header', async ({ page, createUser, signInAs }) => {
	const admin = await createUser({ role: 'ADMIN', name: 'Ann Admin' })
	await signInAs(admin)
	await page.goto('/dashboard')
	await page.getByRole('link', { name: 'Admin' }).click()
	await expect(page.getByRole('heading', { name: 'Northwind Logistics' })).toBeVisible()
	await expect(page.getByRole('cell', { name: 'Customer Service' })).toBeVisible()
	// Verified skills per team, from the demo learners' credentials.
	const skills = page.getByRole('region', { name: 'Verified skills by team' })
	await expect(skills.getByRole('columnheader', { name: 'Operations', exact: true })).toBeVisible()
	await expect(skills.getByRole('cell', { name: /^[1-9]\d* of \d+$/ }).first()).toBeVisible()
})

test('the demo accounts from the README sign in', async ({ page }) => {
	await page.goto('/sign-in')
	await page.getByLabel('Email').fill('owner@northwind.example')
	await page.getByLabel('Password').fill('northwind-learns-2026')
	await page.getByRole('button', { name: 'Sign in' }).click()
	// An owner lands on the admin home; their own learning is on the dashboard.
	await expect(page).toHaveURL(/\/admin$/)
	await expect(page.getByRole('heading', { level: 1, name: 'Northwind Logistics' })).toBeVisible()
	await page.goto('/dashboard')
	await expect(page.getByRole('heading', { name: 'Hello, Olivia Okafor' })).toBeVisible()
	await expect(page.getByText('Owner')).toBeVisible()
})

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
