import { decodeBase32IgnorePadding } from '@oslojs/encoding'
import { generateHOTP } from '@oslojs/otp'
import type { Page } from '@playwright/test'
import { expectAccessible } from './accessibility'
import { expect, test } from './fixtures'

/** The code an authenticator app shows for `key`, `offset` 30-second steps from now. */
const codeFor = (key: string, offset = 0) =>
	generateHOTP(decodeBase32IgnorePadding(key.replace(/\s+/g, '')), BigInt(Math.floor(Date.now() / 30_000) + offset), 6)

/** Signs out and waits until the site says so, so that the next page is opened signed out. */
async function signOut(page: Page) {
	await page.getByRole('button', { name: 'Sign out', exact: true }).click()
	await expect(page.getByRole('status').first()).toContainText('You are signed out.')
}

async function signInWithPassword(page: Page, email: string, password: string) {
	await page.goto('/sign-in?redirectTo=%2Fadmin')
	await page.getByLabel('Email').fill(email)
	await page.getByLabel('Password').fill(password)
	await page.getByRole('button', { name: 'Sign in' }).click()
}

test('an owner turns on two-factor sign-in and requires it of administrators; sign-in then asks for a code, or a recovery code once', async ({
	page,
	browser,
	db,
	createUser,
	createOrg,
	signInAs,
}) => {
	// Its own organisation: requiring two-factor sign-in must not reach the other tests' administrators.
	const org = await createOrg('Fourth Coffee')
	const owner = await createUser({ name: 'Tove Totp', role: 'OWNER', orgSlug: org.slug })
	await signInAs(owner)
	// Requiring it before having it is refused.
	await page.goto('/admin/access')
	await page.getByRole('button', { name: 'Require it' }).click()
	await expect(page.getByRole('alert')).toContainText('Turn on two-factor sign-in for yourself first')

	await page.goto('/account')
	await page.getByRole('link', { name: 'Turn on two-factor sign-in' }).click()
	await expect(page).toHaveURL(/\/account\/two-factor$/)
	await expect(page.getByRole('img', { name: 'QR code of your two-factor key' })).toBeVisible()
	await expectAccessible(page)
	const key = (await page.locator('code').textContent())!
	const codeField = page.getByLabel('Enter the 6-digit code the app shows')
	await codeField.fill('000000')
	await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click()
	await expect(page.getByRole('alert')).toContainText('This code does not match')
	// The key does not change after a mistyped code.
	await expect(page.locator('code')).toHaveText(key)
	await codeField.fill(codeFor(key))
	await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click()
	await expect(page.getByRole('heading', { name: 'Your recovery codes' })).toBeFocused()
	const recoveryCodes = await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').allTextContents()
	expect(recoveryCodes).toHaveLength(10)
	await expectAccessible(page)

	await page.goto('/admin/access')
	await page.getByRole('button', { name: 'Require it' }).click()
	await expect(page.getByRole('status').first()).toContainText('only with two-factor sign-in on')

	// An administrator without it keeps learning but is sent to turn it on for the admin area.
	const admin = await createUser({ name: 'Abe Admin', role: 'ADMIN', orgSlug: org.slug })
	const adminContext = await browser.newContext()
	const adminPage = await adminContext.newPage()
	await signInAs(admin, adminPage)
	await adminPage.goto('/admin/people')
	await expect(adminPage).toHaveURL(/\/account\/two-factor$/)
	await expect(adminPage.getByRole('status').first()).toContainText(
		'asks owners and administrators to sign in with two factors',
	)
	await adminPage.goto('/dashboard')
	await expect(adminPage.getByRole('heading', { name: /^Hello/ })).toBeVisible()
	await adminContext.close()

	// Signing in again: the password alone opens nothing.
	await signOut(page)
	await signInWithPassword(page, owner.email, owner.password)
	await expect(page).toHaveURL(/\/sign-in\/two-factor\?redirectTo=%2Fadmin$/)
	await expectAccessible(page)
	await page.goto('/account')
	await expect(page).toHaveURL(/\/sign-in\/two-factor\?redirectTo=%2Faccount$/)
	await page.getByLabel('6-digit code').fill(codeFor(key, 1))
	await page.getByRole('button', { name: 'Sign in', exact: true }).click()
	await expect(page).toHaveURL(/\/account$/)
	await expect(page.getByText('On: signing in asks for a code')).toBeVisible()

	// A recovery code works once.
	await signOut(page)
	await signInWithPassword(page, owner.email, owner.password)
	await page.getByText('Lost your phone? Use a recovery code').click()
	await page.getByLabel('Recovery code').fill(recoveryCodes[0]!)
	await page.getByRole('button', { name: 'Sign in with a recovery code' }).click()
	await expect(page).toHaveURL(/\/admin$/)
	await expect(page.getByRole('status').first()).toContainText('9 remain')
	await signOut(page)
	await signInWithPassword(page, owner.email, owner.password)
	await page.getByText('Lost your phone? Use a recovery code').click()
	await page.getByLabel('Recovery code').fill(recoveryCodes[0]!)
	await page.getByRole('button', { name: 'Sign in with a recovery code' }).click()
	await expect(page.getByRole('alert')).toContainText('This recovery code is not right, or was used already.')
	expect(await db.recoveryCode.count({ where: { userId: owner.id, usedAt: null } })).toBe(9)
})
