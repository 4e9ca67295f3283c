import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { extractText } from '../setup/pdf-reading'
import { expectAccessible } from './accessibility'
import { passInBrowser } from './assessment-steps'
import { expect, test } from './fixtures'

test('an owner defines an AI-use role, gives it to a team, a member passes the required path, and the evidence report moves', async ({
	page,
	browser,
	db,
	createOrg,
	createUser,
	signInAs,
}) => {
	test.setTimeout(150_000)
	const org = await createOrg('Literate Logistics')
	const owner = await createUser({ name: 'Oona Owner', role: 'OWNER', orgSlug: org.slug })
	const learner = await createUser({ name: 'Lars Learner', role: 'LEARNER', orgSlug: org.slug })
	const team = await db.team.create({ data: { orgId: org.id, name: 'Recruitment' } })
	await db.membership.updateMany({ where: { userId: learner.id, orgId: org.id }, data: { teamId: team.id } })

	await signInAs(owner)
	await page.goto('/admin')
	await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'AI literacy' }).click()
	await expect(page.getByRole('heading', { name: 'No roles yet' })).toBeVisible()
	await expectAccessible(page, 'the AI literacy page')

	// A role refused for a missing path says why and makes nothing.
	const define = page.getByRole('region', { name: 'Define a role' })
	await define.getByLabel('Name').fill('Screens candidates with AI')
	await define
		.getByLabel('What people in this role do with AI')
		.fill('Uses an AI ranking tool to shortlist applicants.')
	await define.getByLabel('Refresh every (months)').fill('12')
	await define.getByLabel('Days to complete').fill('14')
	await define.getByRole('button', { name: 'Define the role' }).click()
	await expect(page.getByRole('alert').first()).toContainText('Choose at least one path this role requires.')
	expect(await db.aiRole.count({ where: { orgId: org.id } })).toBe(0)
	await page
		.getByRole('region', { name: 'Define a role' })
		.getByRole('checkbox', { name: 'Counting parcels well' })
		.check()
	await page.getByRole('region', { name: 'Define a role' }).getByRole('button', { name: 'Define the role' }).click()
	await expect(page.getByRole('status').first()).toContainText('The role “Screens candidates with AI” is defined.')

	const role = page.getByRole('region', { name: 'Screens candidates with AI' })
	await role.getByLabel('Give “Screens candidates with AI” to a team').selectOption({ label: 'Recruitment' })
	await role.getByRole('button', { name: 'Give to the team' }).click()
	await expect(page.getByRole('status').first()).toContainText('its training assigned to everyone who holds it')
	await expect(page.getByRole('region', { name: 'Screens candidates with AI' })).toContainText('Team Recruitment')
	// The training followed the role.
	expect(await db.learnerAssignment.count({ where: { userId: learner.id, orgId: org.id } })).toBe(1)

	// The report: one holder, not trained yet, due in 14 days.
	await page.goto('/admin/ai-literacy/report')
	const roles = page.getByRole('region', { name: /^Roles/ })
	await expect(roles.getByRole('row', { name: /Screens candidates with AI/ })).toContainText('0 (0%)')
	const gaps = page.getByRole('region', { name: 'Who is missing what' })
	await expect(gaps.getByRole('row', { name: /Lars Learner/ })).toContainText('Due by')
	await expectAccessible(page, 'the evidence report')

	await passInBrowser(browser, signInAs, db, learner)

	await page.reload()
	await expect(roles.getByRole('row', { name: /Screens candidates with AI/ })).toContainText('1 (100%)')
	await expect(page.getByRole('region', { name: 'Who is missing what' })).toContainText(
		'Everyone who held a role met its requirements.',
	)
	await expect(page.getByRole('region', { name: 'By team' }).getByRole('row', { name: /Recruitment/ })).toContainText(
		'1 of 1 (100%)',
	)
	// The day before, the role did not exist yet: the report reads the records as they stood then.
	const yesterday = new Date(Date.now() - 24 * 3600 * 1000).toISOString().slice(0, 10)
	await page.getByLabel('As of').fill(yesterday)
	await page.getByRole('button', { name: 'Show' }).click()
	await expect(page.getByText('No AI-use role existed then.')).toBeVisible()
	// A day in the future is refused with a reason.
	await page.goto('/admin/ai-literacy/report?asOf=2999-01-01')
	await expect(page.getByRole('alert')).toContainText('A report cannot be dated in the future')

	// The person's evidence: the assessment against its pass mark, the objectives, the verification link.
	await page.goto(`/admin/ai-literacy/people/${learner.id}`)
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Lars Learner')
	await expect(page.getByText(/Passed on .+ with 100% \(pass mark 80%\)/)).toBeVisible()
	await expect(page.getByRole('link', { name: 'Verify the credential' })).toHaveAttribute(
		'href',
		/\/c\/[A-Za-z0-9_-]+$/,
	)
	await expectAccessible(page, 'a person’s AI literacy evidence')

	// The CSV and the PDF of the same day belong together: the PDF prints the CSV's SHA-256.
	const csv = await page.request.get('/admin/ai-literacy/report.csv')
	expect(csv.status()).toBe(200)
	const csvBytes = await csv.body()
	const csvText = csvBytes.toString('utf8')
	expect(csvText).toContain(learner.email)
	expect(csvText).toMatch(/Screens candidates with AI,.*,Team,Counting parcels well,Met,/)
	const hash = crypto.createHash('sha256').update(csvBytes).digest('hex')
	const pdf = await page.request.get('/admin/ai-literacy/report.pdf')
	expect(pdf.headers()['content-type']).toBe('application/pdf')
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'evidence-')), 'report.pdf')
	fs.writeFileSync(file, await pdf.body())
	const text = extractText(file)
	expect(text).toContain('Literate Logistics')
	expect(text).toContain(hash)
	expect(text).toMatch(/As of \d{1,2} [A-Z][a-z]+ \d{4}/)
	expect(text).toContain('Screens candidates with AI')
})
