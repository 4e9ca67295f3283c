import fs from 'node:fs'
import { expectAccessible } from './accessibility'
import { answerAssessment, completeLessons, PATH } from './assessment-steps'
import { expect, test } from './fixtures'

const SKILL = 'esco:1d6c7de4-350e-4868-a47b-333b4b0d9650'

test('L&D journey: import with bad rows, assign to the team, reminder in the outbox, completion in the report and the skills gap, CSV export', async ({
	page,
	browser,
	db,
	createUser,
	signInAs,
}) => {
	test.setTimeout(240_000)
	const tag = crypto.randomUUID().slice(0, 6)
	const team = `Journey ${tag}`
	const admin = await createUser({ name: 'Ada Admin', role: 'ADMIN' })
	const learner = await createUser({ name: `Jo Journey ${tag}`, role: 'LEARNER' })
	await signInAs(admin)

	// The import: the learner into a new team; two bad rows, reported and skipped.
	const csv = [
		'name,email,team,role',
		`Jo Journey ${tag},${learner.email},${team},learner`,
		'No Email,,,',
		`Bad Role,bad.${tag}@example.test,,wizard`,
	].join('\n')
	await page.goto('/admin/import')
	await page
		.getByLabel('CSV file')
		.setInputFiles({ name: `journey-${tag}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) })
	await page.getByRole('button', { name: 'Check the file' }).click()
	const errors = page.getByRole('region', { name: 'Rows with errors' })
	await expect(errors).toContainText('Line 3:')
	await expect(errors).toContainText('Line 4:')
	await page.getByRole('button', { name: 'Import 1 row' }).click()
	await expect(page.getByRole('status').filter({ hasText: 'Done:' })).toContainText('1 moved to a team', {
		timeout: 30_000,
	})
	expect(await db.invitation.count({ where: { email: `bad.${tag}@example.test` } })).toBe(0)

	// A relative due date for the team, a target for its skill, and reminders sent now.
	await page.goto('/admin/assignments')
	await page.getByLabel('Learning path').selectOption({ label: 'Counting parcels well' })
	await page.getByLabel('Team', { exact: true }).selectOption({ label: team })
	await page.getByLabel('Number of days after assignment').fill('3')
	await page.getByRole('button', { name: 'Assign', exact: true }).click()
	await expect(page.getByRole('status').first()).toContainText('Assigned to 1 person')
	await page.getByRole('button', { name: 'Send due reminders now' }).click()
	await expect(page.getByRole('status').first()).toContainText('Reminders are on their way')

	await page.goto('/admin/skills-gap')
	await page.getByLabel('Team', { exact: true }).selectOption({ label: team })
	await page.getByLabel('Skill', { exact: true }).selectOption(SKILL)
	await page.getByLabel('Target (% of the team)').fill('50')
	await page.getByRole('button', { name: 'Save target' }).click()
	await expect(page.getByRole('status').first()).toContainText('Target saved')
	const gapRow = page.getByRole('row', { name: new RegExp(team) }).first()
	await expect(gapRow).toContainText('0%')
	// The heatmap's scale is graded: no holder is the palest band.
	const gapCell = gapRow.getByRole('cell').filter({ hasText: 'target 50%' })
	await expect(gapCell).toHaveCSS('background-color', 'rgb(241, 246, 254)')
	await expect(gapRow).toContainText('Below target')

	// The learner was told of the assignment at once; the reminder follows from the reminders' run.
	await expect(async () => {
		await page.goto('/admin/outbox')
		await expect(
			page.getByRole('article', { name: 'Due in 3 days: Counting parcels well' }).filter({ hasText: learner.email }),
		).toBeVisible({ timeout: 1000 })
	}).toPass({ timeout: 30_000 })
	await expect(
		page.getByRole('article', { name: 'Assigned to you: Counting parcels well' }).filter({ hasText: learner.email }),
	).toBeVisible()

	// The learner sees the assignment and the reminder, then completes the path.
	const learnerContext = await browser.newContext()
	const learnerPage = await learnerContext.newPage()
	await signInAs(learner, learnerPage)
	await learnerPage.goto('/dashboard')
	await expect(learnerPage.getByRole('region', { name: 'Assigned to you' })).toContainText('Due ')
	const messages = learnerPage.getByRole('region', { name: /Messages/ })
	await expect(messages).toContainText('“Counting parcels well” is due in 3 days')
	await expectAccessible(learnerPage, 'a dashboard with messages')
	await messages.getByRole('button', { name: 'Mark all as read' }).click()
	await expect(learnerPage.getByRole('region', { name: /Messages/ })).toHaveCount(0)
	await completeLessons(db, learner)
	await learnerPage.goto(`/paths/${PATH}/assessment`)
	await learnerPage.getByRole('button', { name: 'Start the assessment' }).click()
	await answerAssessment(learnerPage, true)
	await expect(learnerPage.getByRole('status')).toContainText('You passed.')
	await learnerContext.close()

	// The report: the team's learner completed; drill down to the team and the person.
	await page.goto(`/admin/reports?path=${PATH}`)
	const teamRow = page.getByRole('row', { name: new RegExp(team) })
	await expect(teamRow).toHaveCount(0) // the chart shows first; its table is one click away
	await page.getByRole('group', { name: 'By team: view' }).getByRole('button', { name: 'Table' }).click()
	await expect(teamRow.getByRole('cell').nth(1)).toHaveText('1') // completed
	await expectAccessible(page, 'the reports page')
	await page.getByRole('group', { name: 'By team: view' }).getByRole('button', { name: 'Chart' }).click()
	await expect(page.getByRole('img', { name: /Stacked bars of/ })).toBeVisible()
	await expectAccessible(page, 'the reports page with its chart')

	await page.goto(`/admin/reports?path=${PATH}`)
	await page.getByRole('group', { name: 'By team: view' }).getByRole('button', { name: 'Table' }).click()
	await page.getByRole('link', { name: team, exact: true }).click()
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${team}: Counting parcels well`)
	await expect(page.getByRole('row', { name: new RegExp(`Jo Journey ${tag}`) })).toContainText('Completed')
	await expectAccessible(page, 'a team report')
	await page.getByRole('link', { name: `Jo Journey ${tag}` }).click()
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Jo Journey ${tag}`)
	await expect(page.getByRole('row', { name: /Counting parcels well/ }).first()).toContainText('Completed')
	await expectAccessible(page, 'a person report')

	await page.goto('/admin/skills-gap')
	await expect(page.getByRole('row', { name: new RegExp(team) }).first()).toContainText('100%')
	await expect(page.getByRole('row', { name: new RegExp(team) }).first()).toContainText('Target met')
	// Everyone holding it is the deepest band.
	await expect(gapCell).toHaveCSS('background-color', 'rgb(26, 63, 148)')
	await expectAccessible(page, 'the skills gap')

	// The CSV export downloads, with the learner's row.
	await page.goto(`/admin/reports?path=${PATH}`)
	const download = page.waitForEvent('download')
	await page.getByRole('link', { name: 'Export everyone as CSV' }).click()
	const file = await (await download).path()
	const text = fs.readFileSync(file, 'utf8')
	// A byte-order mark first, so that Excel reads the file as UTF-8.
	expect(text.split('\n')[0]).toBe('\uFEFFname,email,team,path,state,started,last visit,completed,assigned,due')
	expect(text).toContain(`Jo Journey ${tag},${learner.email},${team},Counting parcels well,Completed,`)
})

test('admins deactivate and reactivate people; the status filter lists the invited', async ({
	page,
	db,
	createUser,
	signInAs,
}) => {
	const owner = await createUser({ name: 'Olga Owner', role: 'OWNER' })
	const tag = crypto.randomUUID().slice(0, 6)
	const learner = await createUser({ name: `Dee Activate ${tag}`, role: 'LEARNER' })
	await signInAs(owner)
	await page.goto(`/admin/people?q=${tag}`)
	await page.getByLabel(`Choose Dee Activate ${tag}`).check()
	await page.getByRole('button', { name: 'Deactivate the people ticked' }).click()
	await expect(page.getByRole('status').first()).toContainText('Deactivated 1 person')
	await expect(page.getByRole('heading', { name: '0 people' })).toBeVisible()
	await page.getByLabel('Status').selectOption('deactivated')
	await page.getByRole('button', { name: 'Search' }).click()
	await expect(page.getByRole('row', { name: new RegExp(`Dee Activate ${tag}`) })).toContainText('Deactivated')
	await expectAccessible(page, 'people, deactivated')
	expect((await db.membership.findFirstOrThrow({ where: { userId: learner.id } })).deactivatedAt).not.toBeNull()
	await page.getByLabel(`Choose Dee Activate ${tag}`).check()
	await page.getByRole('button', { name: 'Reactivate the people ticked' }).click()
	await expect(page.getByRole('status').first()).toContainText('Reactivated 1 person')
	expect((await db.membership.findFirstOrThrow({ where: { userId: learner.id } })).deactivatedAt).toBeNull()

	await page.goto('/admin/invitations')
	await page.getByLabel('Email addresses').fill(`invited.${tag}@example.test`)
	await page.getByRole('button', { name: 'Send invitations' }).click()
	await expect(page.getByRole('status').first()).toContainText('1')
	expect(await db.invitation.count({ where: { email: `invited.${tag}@example.test` } })).toBe(1)
	await page.goto(`/admin/people?status=invited&q=${tag}`)
	await expect(page.getByRole('row', { name: /Not joined yet/ })).toContainText(`invited.${tag}@example.test`)
})
