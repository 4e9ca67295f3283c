import { expectAccessible } from './accessibility'
import { answerAssessment, completeLessons, PATH } from './assessment-steps'
import { expect, PASSWORD, test } from './fixtures'
import { deliveredMail } from './mail'

test('sign-up with a common password explains why and stores nothing', async ({ page, db }) => {
	const email = `${crypto.randomUUID()}@example.test`
	await page.goto('/sign-up')
	await page.getByLabel('Name').fill('Wendy Weak')
	await page.getByLabel('Email').fill(email)
	await page.getByLabel('Password').fill('password123')
	const reply = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/sign-up'))
	await page.getByRole('button', { name: 'Create account' }).click()
	const response = await reply
	expect(response.status()).toBe(400)
	// The server never echoes a password back.
	expect(await response.text()).not.toContain('password123')
	await expect(page.getByText('This password is on a list of commonly used passwords')).toBeVisible()
	await expect(page.getByLabel('Email')).toHaveValue(email)
	expect(await db.user.count({ where: { email } })).toBe(0)
})

test('sign-up with a short password is refused before anything is sent', async ({ page }) => {
	await page.goto('/sign-up')
	await page.getByLabel('Name').fill('Sam Short')
	await page.getByLabel('Email').fill(`${crypto.randomUUID()}@example.test`)
	await page.getByLabel('Password').fill('short')
	await page.getByRole('button', { name: 'Create account' }).click()
	await expect(page.getByText('Use at least 10 characters')).toBeVisible()
	await expect(page).toHaveURL(/\/sign-up$/)
})

test('sign-up asks for the emailed link; until it is opened the learner learns but a passed assessment holds its credential, which the link issues', async ({
	page,
	db,
	baseURL,
}) => {
	const email = `${crypto.randomUUID()}@Example.test`
	const address = email.toLowerCase()
	await page.goto('/sign-up')
	await page.getByLabel('Name').fill('Nadia New')
	await page.getByLabel('Email').fill(`  ${email}  `)
	await page.getByLabel('Password').fill(PASSWORD)
	await page.getByRole('button', { name: 'Create account' }).click()
	await expect(page.getByRole('heading', { name: 'Check your email' })).toBeFocused()
	await expect(page.getByText(`We sent a message to ${address}`)).toBeVisible()
	await expectAccessible(page)
	// Nobody is signed in by the form: the same answer is given for an address that has an account.
	expect((await page.context().cookies()).some((c) => c.name === 'skillproof_session')).toBe(false)
	// The answer comes before the account is written (review L2): wait for it.
	await expect.poll(() => db.user.count({ where: { email: address } })).toBe(1)
	const stored = await db.user.findUniqueOrThrow({ where: { email: address } })
	expect(stored.passwordHash).toMatch(/^\$argon2id\$/)
	expect(stored.emailVerifiedAt).toBeNull()

	// Signed in with the password before confirming: learning is open, credentials wait.
	await page.goto('/sign-in')
	await page.getByLabel('Email').fill(address)
	await page.getByLabel('Password').fill(PASSWORD)
	await page.getByRole('button', { name: 'Sign in' }).click()
	await expect(page).toHaveURL(/\/dashboard$/)
	await expect(page.getByRole('status').filter({ hasText: 'Confirm your address' })).toContainText(address)
	await completeLessons(db, { id: stored.id, name: 'Nadia New', email: address, password: PASSWORD })
	await page.goto(`/paths/${PATH}/assessment`)
	await page.getByRole('button', { name: 'Start the assessment' }).click()
	await answerAssessment(page, true)
	await expect(page.getByText('You passed.')).toBeVisible()
	await expect(page.getByText('Your credential will be issued the moment you confirm your email address')).toBeVisible()
	expect(await db.credential.count({ where: { userId: stored.id } })).toBe(0)

	const mail = await deliveredMail(baseURL, address, 'Confirm your email address')
	const link = /https?:\/\/\S+\/confirm-email\/\S+/.exec(mail)![0]
	await page.goto(new URL(new URL(link).pathname, baseURL).toString())
	await expect(page.getByText(`Confirm that ${address} is your address`)).toBeVisible()
	await expectAccessible(page)
	// Opening the link alone (as a mail scanner does) confirms nothing.
	expect((await db.user.findUniqueOrThrow({ where: { id: stored.id } })).emailVerifiedAt).toBeNull()
	await page.getByRole('button', { name: 'Confirm my address' }).click()
	await expect(page).toHaveURL(/\/credentials$/)
	await expect(page.getByRole('status').first()).toContainText(
		`Your address, ${address}, is confirmed. Your credential that was waiting for it has been issued.`,
	)
	await expect(page.getByRole('heading', { level: 2, name: 'Careful Counting' })).toBeVisible()
	await expect(page.getByText('Confirm your address')).toHaveCount(0)
	const cookie = (await page.context().cookies()).find((c) => c.name === 'skillproof_session')
	expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: true, path: '/' })
	expect(cookie!.expires).toBeGreaterThan(Date.now() / 1000 + 29 * 24 * 3600)
	expect(await db.credential.count({ where: { userId: stored.id } })).toBe(1)
})

test('a wrong password and an unknown email get the same generic message', async ({ page, createUser }) => {
	const user = await createUser()
	await page.goto('/sign-in')
	await page.getByLabel('Email').fill(user.email)
	await page.getByLabel('Password').fill('not my password')
	await page.getByRole('button', { name: 'Sign in' }).click()
	await expect(page.getByRole('alert')).toHaveText('Email or password is incorrect.')
	await expect(page.getByLabel('Email')).toHaveValue(user.email)

	await page.getByLabel('Email').fill(`${crypto.randomUUID()}@example.test`)
	await page.getByLabel('Password').fill(PASSWORD)
	await page.getByRole('button', { name: 'Sign in' }).click()
	await expect(page.getByRole('alert')).toHaveText('Email or password is incorrect.')
})

test('sign-in, then sign-out ends the session', async ({ page, createUser, db }) => {
	const user = await createUser({ name: 'Iris In' })
	await page.goto('/account')
	await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Faccount$/)
	await page.getByLabel('Email').fill(user.email)
	await page.getByLabel('Password').fill(user.password)
	// While the sign-in is on its way (held back here for a second) the button says so and cannot be pressed again.
	await page.route(/\/sign-in(\.data)?(\?.*)?$/, async (route) => {
		if (route.request().method() === 'POST') await new Promise((resolve) => setTimeout(resolve, 1000))
		await route.continue()
	})
	await page.getByRole('button', { name: 'Sign in' }).click()
	await expect(page.getByRole('button', { name: 'Signing in…' })).toBeDisabled()
	await expect(page).toHaveURL(/\/account$/)
	await page.unrouteAll()
	await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible()
	expect(await db.session.count({ where: { userId: user.id } })).toBe(1)

	await page.getByRole('button', { name: 'Sign out', exact: true }).click()
	await expect(page).toHaveURL(/\/$/)
	await expect(page.getByRole('status')).toContainText('You are signed out.')
	expect(await db.session.count({ where: { userId: user.id } })).toBe(0)
	await page.goto('/dashboard')
	await expect(page).toHaveURL(/\/sign-in/)
})

test('signing out of all devices ends the session in the other browser too', async ({
	page,
	browser,
	createUser,
	signInAs,
}) => {
	const user = await createUser({ name: 'Dev Ices' })
	const otherContext = await browser.newContext()
	const otherPage = await otherContext.newPage()
	await signInAs(user)
	await signInAs(user, otherPage)
	await otherPage.goto('/dashboard')
	await expect(otherPage.getByRole('heading', { name: 'Hello, Dev Ices' })).toBeVisible()

	await page.goto('/account')
	await expect(page.getByText('You are signed in on 2 devices or browsers.')).toBeVisible()
	await page.getByRole('button', { name: 'Sign out of all devices' }).click()
	await expect(page).toHaveURL(/\/sign-in$/)
	await expect(page.getByRole('status')).toContainText('You are signed out on every device.')

	await otherPage.goto('/dashboard')
	await expect(otherPage).toHaveURL(/\/sign-in/)
	await otherContext.close()
})

test('after five failed sign-ins this browser waits before the next, with a clear message', async ({
	page,
	createUser,
}) => {
	const user = await createUser()
	await page.goto('/sign-in')
	for (let attempt = 1; attempt <= 5; attempt++) {
		await page.getByLabel('Email').fill(user.email)
		await page.getByLabel('Password').fill(`wrong password ${attempt}`)
		await page.getByRole('button', { name: 'Sign in' }).click()
		await expect(page.getByRole('alert')).toHaveText('Email or password is incorrect.')
	}
	await page.getByLabel('Password').fill('wrong password 6')
	await page.getByRole('button', { name: 'Sign in' }).click()
	const wait = /^Too many failed sign-in attempts\. Try again in (2\d|30) seconds\.$/
	await expect(page.getByRole('alert')).toHaveText(wait)

	// Even the right password waits: it is not checked until then.
	await page.getByLabel('Password').fill(user.password)
	await page.getByRole('button', { name: 'Sign in' }).click()
	await expect(page.getByRole('alert')).toHaveText(wait)
	await expect(page).toHaveURL(/\/sign-in$/)
})

test('changing the password needs the current one and keeps this browser signed in on a new session', async ({
	page,
	db,
	createUser,
	signInAs,
}) => {
	const user = await createUser()
	await signInAs(user)
	const before = await db.session.findFirstOrThrow({ where: { userId: user.id } })
	await page.goto('/account')
	const form = page.locator('#change-password')
	await form.getByLabel('Current password').fill('not it at all')
	await form.getByLabel('New password', { exact: true }).fill('a brand new passphrase')
	await form.getByLabel('Repeat the new password').fill('a brand new passphrase')
	await form.getByRole('button', { name: 'Change password' }).click()
	await expect(form.getByText('Your current password is not correct.')).toBeVisible()

	await form.getByLabel('Current password').fill(user.password)
	await form.getByLabel('New password', { exact: true }).fill('a brand new passphrase')
	await form.getByLabel('Repeat the new password').fill('a brand new passphrase')
	await form.getByRole('button', { name: 'Change password' }).click()
	await expect(page.getByRole('status')).toContainText('Your password is changed.')
	await page.goto('/dashboard')
	await expect(page.getByRole('heading', { name: /^Hello/ })).toBeVisible()
	// The token from before the change no longer exists; the browser holds the new one.
	const after = await db.session.findMany({ where: { userId: user.id } })
	expect(after).toHaveLength(1)
	expect(after[0]!.id).not.toBe(before.id)
})

test('changing name, and email through a link sent to the new address, told to the old one', async ({
	page,
	createUser,
	signInAs,
	db,
	baseURL,
}) => {
	const user = await createUser({ name: 'Old Name' })
	await signInAs(user)
	await page.goto('/account')
	await page.locator('#change-name').getByLabel('Name').fill('New Name')
	await page.getByRole('button', { name: 'Save name' }).click()
	await expect(page.getByRole('status')).toContainText('Your name is updated.')

	const newEmail = `${crypto.randomUUID()}@example.test`
	const emailForm = page.locator('#change-email')
	await emailForm.getByLabel('Email').fill(newEmail)
	await emailForm.getByLabel('Current password').fill(user.password)
	await emailForm.getByRole('button', { name: 'Change email' }).click()
	await expect(page.getByRole('status').first()).toContainText(`We sent a link to ${newEmail}.`)
	await expect(page.getByText(`Waiting for you to open the link sent to ${newEmail}`)).toBeVisible()
	await expectAccessible(page)
	expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
		name: 'New Name',
		email: user.email,
	})
	expect(await deliveredMail(baseURL, user.email, 'A change of your Skillproof email address')).toContain(newEmail)

	const link = /https?:\/\/\S+\/confirm-email\/\S+/.exec(await deliveredMail(baseURL, newEmail, 'Confirm your new'))![0]
	await page.goto(new URL(new URL(link).pathname, baseURL).toString())
	await page.getByRole('button', { name: 'Confirm my address' }).click()
	await expect(page).toHaveURL(/\/dashboard$/)
	await expect(page.getByRole('status').first()).toContainText(
		`Your address, ${newEmail}, is confirmed. Every other device was signed out.`,
	)
	expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(newEmail)
	expect(await deliveredMail(baseURL, user.email, 'Your Skillproof email address was changed')).toContain(newEmail)
})
