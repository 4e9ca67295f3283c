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
