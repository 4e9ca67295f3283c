import fs from 'node:fs'
import { expectAccessible } from './accessibility'
import { answerAssessment, completeLessons, PATH } from './assessment-steps'
import { expect, test } from './fixtures'

const SKILL_LABEL = 'evaluate data, information and digital content'
const SKILL_PAGE = '/skills/esco/1d6c7de4-350e-4868-a47b-333b4b0d9650'

test('a learner proves a skill, publishes a profile anyone verifies in the browser, and a revocation shows on it', async ({
	page,
	browser,
	db,
	createUser,
	signInAs,
}, testInfo) => {
	const learner = await createUser({ name: 'Rosalind Franklin', role: 'LEARNER' })
	await completeLessons(db, learner)
	await signInAs(learner)

	// Before passing, the path's skill is in progress, not verified.
	await page.goto('/profile')
	const inProgress = page.getByRole('region', { name: 'Skills in progress' })
	await expect(inProgress.getByRole('link', { name: SKILL_LABEL })).toBeVisible()
	await expect(inProgress).toContainText('not yet verified')

	await page.goto(`/paths/${PATH}/assessment`)
	await page.getByRole('button', { name: 'Start the assessment' }).click()
	await answerAssessment(page, true)
	await expect(page.getByRole('status')).toContainText('You passed.')

	// The skill is verified at once, with a link to the credential that proves it.
	await page.getByRole('link', { name: 'My skills', exact: true }).click()
	const verified = page.getByRole('region', { name: 'Verified skills' })
	await expect(verified.getByRole('link', { name: SKILL_LABEL })).toBeVisible()
	await expect(verified).toContainText(/Level \d · /)
	const credential = await db.credential.findFirstOrThrow({ where: { userId: learner.id } })
	await expect(verified.getByRole('link', { name: 'Careful Counting' })).toHaveAttribute(
		'href',
		`/c/${credential.publicId}`,
	)
	await expect(page.getByRole('region', { name: 'Skills in progress' })).toContainText('None')
	await expectAccessible(page, 'the skills profile')

	// The whole record exports as one signed file that the verify page accepts.
	const downloading = page.waitForEvent('download')
	await page.getByRole('link', { name: 'Download my skills record (JSON)' }).click()
	const recordFile = testInfo.outputPath('skills-record.json')
	await (await downloading).saveAs(recordFile)
	await page.goto('/verify')
	await page.getByLabel('Credential JSON').fill(fs.readFileSync(recordFile, 'utf8'))
	await page.getByRole('button', { name: 'Verify' }).click()
	await expect(page.getByRole('heading', { name: /Skills record: Verified/ })).toBeVisible()
	await expect(page.getByRole('heading', { name: /Careful Counting: Valid/ })).toBeVisible()

	// Publishing the profile: off by default.
	const handle = `rosalind-${crypto.randomUUID().slice(0, 8)}`
	const visitor = await browser.newContext()
	const anonymous = await visitor.newPage()
	expect((await anonymous.goto(`/u/${handle}`))?.status()).toBe(404)
	await page.goto('/profile')
	await page.getByLabel('Address of your public profile').fill(handle)
	await expect(page.getByRole('checkbox', { name: /Careful Counting/ })).toBeChecked()
	await page.getByRole('checkbox', { name: 'Publish my profile' }).check()
	await page.getByRole('button', { name: 'Save public profile' }).click()
	await expect(page.getByRole('status').first()).toContainText(`published at /u/${handle}`)

	// A signed-out visitor sees every listed credential verified in their browser.
	const response = await anonymous.goto(`/u/${handle}`)
	expect(response?.status()).toBe(200)
	await expect(anonymous.getByRole('heading', { level: 1 })).toHaveText('Rosalind Franklin')
	const inBrowser = anonymous.locator('[data-browser-verification="done"]')
	await expect(inBrowser).toContainText('1 credential, all verified, checked at', { timeout: 20_000 })
	await expect(anonymous.getByRole('region', { name: 'Verified skills' }).getByText(SKILL_LABEL)).toBeVisible()
	await expectAccessible(anonymous, 'the public profile')
	// No private data in the page or its data.
	const html = await response!.text()
	const pageData = await (await anonymous.request.get(`/u/${handle}.data`)).text()
	for (const body of [html, pageData]) {
		expect(body).toContain('Rosalind Franklin')
		expect(body).not.toContain(learner.email)
	}

	// An admin revokes the credential: the profile shows that skill's proof as revoked.
	const admin = await createUser({ name: 'Ada Admin', role: 'ADMIN' })
	const adminContext = await browser.newContext()
	const adminPage = await adminContext.newPage()
	await signInAs(admin, adminPage)
	await adminPage.goto('/admin/credentials')
	const entry = adminPage.getByRole('listitem').filter({ hasText: learner.email })
	await entry.getByLabel(/Reason/).fill('Issued against the wrong account.')
	await entry.getByLabel('I understand that revoking cannot be undone').check()
	await entry.getByRole('button', { name: 'Revoke for good' }).click()
	await expect(adminPage.getByRole('listitem').filter({ hasText: learner.email }).getByText('Revoked')).toBeVisible()
	await adminContext.close()

	await anonymous.reload()
	const lapsed = anonymous.getByRole('region', { name: 'Skills whose proof lapsed' })
	await expect(lapsed.getByText(SKILL_LABEL)).toBeVisible()
	await expect(lapsed.getByText('Revoked', { exact: true })).toBeVisible()
	await expect(anonymous.getByRole('region', { name: 'Verified skills' })).toContainText('No skill is verified')
	await expect(anonymous.locator('[data-browser-verification="done"]')).toContainText('1 credential: 1 revoked', {
		timeout: 20_000,
	})

	// Unpublishing makes the address answer 404 again.
	await page.goto('/profile')
	await page.getByRole('checkbox', { name: 'Publish my profile' }).uncheck()
	await page.getByRole('button', { name: 'Save public profile' }).click()
	await expect(page.getByRole('status').first()).toContainText('Your public profile is off')
	expect((await anonymous.goto(`/u/${handle}`))?.status()).toBe(404)
	await expect(anonymous.locator('body')).not.toContainText('Rosalind Franklin')
	await visitor.close()
})

test('the skills catalogue and a skill page say where a skill is taught and assessed', async ({ page }) => {
	await page.goto('/skills')
	await expect(page.getByRole('heading', { level: 1, name: 'Skills' })).toBeVisible()
	await expect(page.getByRole('heading', { level: 2, name: 'ESCO', exact: true })).toBeVisible()
	await expect(page.getByRole('heading', { level: 2, name: 'DigComp 2.2' })).toBeVisible()
	await expectAccessible(page, 'the skills catalogue')

	await page.getByRole('link', { name: SKILL_LABEL }).first().click()
	await expect(page).toHaveURL(SKILL_PAGE)
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(SKILL_LABEL)
	await expect(page.getByRole('link', { name: /data\.europa\.eu\/esco\/skill\/1d6c7de4/ })).toHaveAttribute(
		'href',
		'http://data.europa.eu/esco/skill/1d6c7de4-350e-4868-a47b-333b4b0d9650',
	)
	const taught = page.getByRole('region', { name: 'Where it is taught' })
	await expect(taught.getByRole('link', { name: 'Lesson 1 about counting' })).toHaveAttribute(
		'href',
		`/paths/${PATH}/lesson-1`,
	)
	await expect(page.getByRole('region', { name: 'Where it is assessed' })).toContainText(
		'The final assessment of Counting parcels well: 60 questions in its bank, on 14 learning objectives.',
	)
	await expect(
		page.getByText('This service uses the ESCO classification of the European Commission').first(),
	).toBeVisible()
	await expectAccessible(page, 'a skill page')

	expect((await page.goto('/skills/esco/not-a-skill'))?.status()).toBe(404)
})
