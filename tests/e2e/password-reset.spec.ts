import type { Page } from '@playwright/test'
import { expectAccessible } from './accessibility'
import { expect, PASSWORD, test } from './fixtures'
import { deliveredMail } from './mail'

const SENT = 'If an account exists for that address, we have sent a link to reset its password.'
const NEW_PASSWORD = 'three unrelated words here'

/** Presses Tab until the element labelled `label` has the focus; fails after 40 presses. */
async function tabTo(page: Page, label: string) {
	const target = page.getByLabel(label, { exact: true })
	for (let i = 0; i < 40; i++) {
		await page.keyboard.press('Tab')
		if (await target.evaluate((el) => el === document.activeElement)) return
	}
	throw new Error(`Tab never reached ${label}`)
}

async function signIn(page: Page, email: string, password: string) {
	await page.goto('/sign-in')
	await page.getByLabel('Email').fill(email)
	await page.getByLabel('Password').fill(password)
	await page.getByRole('button', { name: 'Sign in' }).click()
}

test('a forgotten password is reset from the emailed link: every device is signed out, the old password fails, the link works once', async ({
	page,
	browser,
	baseURL,
	db,
	createUser,
	signInAs,
}) => {
	const user = await createUser({ name: 'Rosa Reset' })
	// Signed in on another device too.
	const otherDevice = await browser.newContext()
	const otherPage = await otherDevice.newPage()
	await signInAs(user, otherPage)
	await otherPage.goto('/dashboard')
	await expect(otherPage.getByRole('heading', { name: 'Hello, Rosa Reset' })).toBeVisible()

	await page.goto('/sign-in')
	await page.getByRole('link', { name: 'Forgot your password?' }).click()
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Reset your password')
	await expectAccessible(page, 'the request for a reset link')
	await page.getByLabel('Email').fill(user.email.toUpperCase())
	await page.getByRole('button', { name: 'Send me a link' }).click()
	await expect(page.getByRole('status')).toContainText(SENT)

	// The recipient's copy holds the link; the outbox keeps the message without it.
	const text = await deliveredMail(baseURL, user.email, 'Reset your Skillproof password')
	const stored = await db.outboxEmail.findFirstOrThrow({ where: { to: user.email } })
	expect(stored.text).not.toMatch(/reset-password\/[A-Za-z0-9_-]{43}/)
	const link = /https?:\/\/\S+\/reset-password\/[A-Za-z0-9_-]{43}/.exec(text)?.[0]
	expect(link).toBeDefined()
	const path = new URL(link!).pathname
	const token = path.split('/').at(-1)!

	// The page keeps its address to itself: no Referer on anything it loads, and no caching.
	const referers: string[] = []
	page.on('request', (request) => {
		void request.headerValue('referer').then((value) => {
			if (value) referers.push(value)
		})
	})
	const response = await page.goto(path)
	expect(response?.status()).toBe(200)
	expect(await response?.headerValue('referrer-policy')).toMatch(/(^|,\s*)no-referrer$/)
	expect(await response?.headerValue('cache-control')).toContain('no-store')
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a new password')
	await expectAccessible(page, 'the reset page')
	await page.waitForLoadState('networkidle')
	expect(referers.filter((value) => value.includes(token))).toEqual([])

	// A mismatch is caught, and the form is filled and sent with the keyboard alone.
	await tabTo(page, 'New password')
	await page.keyboard.type(NEW_PASSWORD)
	await tabTo(page, 'New password again')
	await page.keyboard.type('something else entirely')
	await page.keyboard.press('Enter')
	await expect(page.getByText('The two passwords differ')).toBeVisible()
	await expectAccessible(page, 'the reset page with an error')
	await page.getByLabel('New password again').focus()
	await page.keyboard.press('ControlOrMeta+A')
	await page.keyboard.type(NEW_PASSWORD)
	await page.keyboard.press('Enter')
	await expect(page).toHaveURL(/\/dashboard$/)
	await expect(page.getByRole('status')).toContainText('Your password is changed and you are signed in.')
	await expect(page.getByRole('heading', { name: 'Hello, Rosa Reset' })).toBeVisible()

	// The other device is signed out; a confirmation email went out.
	await otherPage.goto('/dashboard')
	await expect(otherPage).toHaveURL(/\/sign-in/)
	await otherDevice.close()
	expect(await db.session.count({ where: { userId: user.id } })).toBe(1)
	expect(
		await db.outboxEmail.count({ where: { to: user.email, subject: 'Your Skillproof password was changed' } }),
	).toBe(1)

	// The new password signs in, the old one no longer does.
	await page.getByRole('button', { name: 'Sign out', exact: true }).click()
	await expect(page.getByRole('status')).toContainText('You are signed out.')
	await signIn(page, user.email, NEW_PASSWORD)
	await expect(page).toHaveURL(/\/dashboard$/)
	await page.getByRole('button', { name: 'Sign out', exact: true }).click()
	await expect(page.getByRole('status')).toContainText('You are signed out.')
	await signIn(page, user.email, PASSWORD)
	await expect(page.getByRole('alert')).toHaveText('Email or password is incorrect.')

	// The link works once.
	const again = await page.goto(path)
	expect(again?.status()).toBe(410)
	await expect(page.getByRole('alert')).toContainText('already been used')
	await expect(page.getByLabel('New password')).toHaveCount(0)
	await expectAccessible(page, 'a used reset link')
})

test('an address with no account gets the same answer and no email', async ({ page, db }) => {
	const email = `nobody.${crypto.randomUUID()}@example.test`
	await page.goto('/forgot-password')
	await page.getByLabel('Email').fill(email)
	await page.getByRole('button', { name: 'Send me a link' }).click()
	await expect(page.getByRole('status')).toContainText(SENT)
	expect(await db.outboxEmail.count({ where: { to: email } })).toBe(0)
	const response = await page.goto('/reset-password/not-a-real-link')
	expect(response?.status()).toBe(404)
	await expect(page.getByRole('alert')).toContainText('not valid')
})

test('asking too often for one address is refused with a clear message', async ({ page, createUser }) => {
	const user = await createUser()
	for (let i = 0; i < 5; i++) {
		await page.goto('/forgot-password')
		await page.getByLabel('Email').fill(user.email)
		await page.getByRole('button', { name: 'Send me a link' }).click()
		await expect(page.getByRole('status')).toContainText(SENT)
	}
	await page.goto('/forgot-password')
	await page.getByLabel('Email').fill(user.email)
	const reply = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/forgot-password'))
	await page.getByRole('button', { name: 'Send me a link' }).click()
	expect((await reply).status()).toBe(429)
	await expect(page.getByRole('alert')).toContainText('Too many requests for a password reset link. Try again in')
	await expectAccessible(page, 'a refused request for a reset link')
})
