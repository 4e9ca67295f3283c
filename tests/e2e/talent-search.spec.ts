import fs from 'node:fs'
import { expectAccessible } from './accessibility'
import { passInBrowser } from './assessment-steps'
import { expect, test } from './fixtures'

test('an admin finds the people who hold a verified skill at a level, with the proof, by team, and exports them', async ({
	page,
	browser,
	db,
	createOrg,
	createUser,
	signInAs,
}) => {
	test.setTimeout(150_000)
	const org = await createOrg('Talent Scouts')
	const admin = await createUser({ name: 'Sam Scout', role: 'ADMIN', orgSlug: org.slug })
	const learner = await createUser({ name: 'Hana Holder', role: 'LEARNER', orgSlug: org.slug })
	await db.team.create({ data: { orgId: org.id, name: 'Finance' } })

	await passInBrowser(browser, signInAs, db, learner)

	await signInAs(admin)
	await page.goto('/admin')
	await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Talent search' }).click()
	await expect(page.getByText('Choose a skill to see who holds it.')).toBeVisible()
	// The skill the fixture path's credential attests.
	await page.getByLabel('Skill').selectOption({ label: 'evaluate data, information and digital content (ESCO)' })
	await page.getByLabel('Level').selectOption({ label: 'Level 1 (Demonstrated) or above' })
	await page.getByRole('button', { name: 'Search' }).click()
	const results = page.getByRole('region', { name: /holds|hold/ })
	await expect(results.getByRole('heading')).toContainText('1 person holds')
	const row = results.getByRole('row', { name: /Hana Holder/ })
	await expect(row).toContainText(learner.email)
	await expect(row).toContainText(/Level \d \((Demonstrated|Practised|Proficient)\)/)
	// The proof: the credential, linked to its public verification page.
	await expect(row.getByRole('link', { name: 'Careful Counting' })).toHaveAttribute('href', /^\/c\//)
	await expectAccessible(page, 'talent search results')

	// The team filter: she is in no team.
	await page.getByLabel('Team').selectOption({ label: 'Finance' })
	await page.getByRole('button', { name: 'Search' }).click()
	await expect(page.getByText('Nobody here holds it at this level yet.')).toBeVisible()
	await page.getByLabel('Team').selectOption({ label: 'No team' })
	await page.getByRole('button', { name: 'Search' }).click()
	await expect(page.getByRole('row', { name: /Hana Holder/ })).toBeVisible()

	// The CSV: a byte-order mark for Excel, and her row with a verification link.
	const download = page.waitForEvent('download')
	await page.getByRole('link', { name: 'Export as CSV' }).click()
	const text = fs.readFileSync((await (await download).path())!, 'utf8')
	expect(text.charCodeAt(0)).toBe(0xfeff)
	expect(text).toContain(learner.email)
	expect(text).toMatch(/https?:\/\/[^,\s]+\/c\/\S+/)
})
