import fs from 'node:fs'
import { parse } from 'csv-parse/sync'
import { expectAccessible } from './accessibility'
import { expect, test } from './fixtures'

test('an admin manages teams, finds and moves people, and reads and exports the audit log', async ({
	page,
	db,
	createUser,
	signInAs,
}, testInfo) => {
	const admin = await createUser({ name: 'Ada Admin', role: 'ADMIN' })
	const suffix = crypto.randomUUID().slice(0, 6)
	const learner = await createUser({ name: `Quinn Moves ${suffix}`, role: 'LEARNER' })
	await signInAs(admin)

	// Teams: create, a clear refusal of a duplicate, rename.
	await page.goto('/admin/teams')
	await expectAccessible(page, 'the teams page')
	await page.getByLabel('Name', { exact: true }).fill(`Night Shift ${suffix}`)
	await page.getByRole('button', { name: 'Create the team' }).click()
	await expect(page.getByRole('status').first()).toContainText(`“Night Shift ${suffix}” is created`)
	await page.getByLabel('Name', { exact: true }).fill(`Night Shift ${suffix}`)
	await page.getByRole('button', { name: 'Create the team' }).click()
	await expect(page.getByRole('alert')).toContainText('already has this name')
	await page.getByLabel(`New name for Night Shift ${suffix}`).fill(`Night Operations ${suffix}`)
	await page
		.getByRole('listitem')
		.filter({ has: page.getByRole('heading', { name: `Night Shift ${suffix}` }) })
		.getByRole('button', { name: 'Rename' })
		.click()
	await expect(page.getByRole('heading', { name: `Night Operations ${suffix}` })).toBeVisible()

	// People: search, tick, move.
	await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'People' }).click()
	await page.getByLabel('Name or email').fill(`quinn moves ${suffix}`)
	await page.getByRole('button', { name: 'Search' }).click()
	await expect(page.getByRole('heading', { name: '1 person' })).toBeVisible()
	await expectAccessible(page, 'the people page')
	await page.getByRole('checkbox', { name: `Choose Quinn Moves ${suffix}` }).check()
	await page.getByLabel('Move the people ticked to').selectOption({ label: `Night Operations ${suffix}` })
	await page.getByRole('button', { name: 'Move' }).click()
	await expect(page.getByRole('status').first()).toContainText('Moved 1 person.')
	await expect(page.getByRole('row', { name: new RegExp(`Quinn Moves ${suffix}`) })).toContainText(
		`Night Operations ${suffix}`,
	)
	const membership = await db.membership.findFirstOrThrow({ where: { userId: learner.id }, include: { team: true } })
	expect(membership.team?.name).toBe(`Night Operations ${suffix}`)

	// The audit log has each action, by whom, and exports as CSV.
	await page.goto('/admin/audit?action=member.move')
	await expect(page.getByRole('row', { name: new RegExp(`Moved Quinn Moves ${suffix}`) })).toContainText('Ada Admin')
	await page.goto('/admin/audit')
	await expect(
		page.getByText(`Renamed the team “Night Shift ${suffix}” to “Night Operations ${suffix}”.`),
	).toBeVisible()
	await expectAccessible(page, 'the audit log')
	const downloading = page.waitForEvent('download')
	await page.getByRole('link', { name: 'Export as CSV' }).click()
	const file = testInfo.outputPath('audit.csv')
	await (await downloading).saveAs(file)
	const rows = parse(fs.readFileSync(file, 'utf8'), { columns: true }) as Array<Record<string, string>>
	expect(rows.filter((r) => r.summary?.includes(suffix)).map((r) => r.action)).toEqual([
		'Person moved to a team',
		'Team renamed',
		'Team created',
	])
})

test('only admins of the organisation reach the admin pages and exports, and only for their own people', async ({
	page,
	browser,
	db,
	createUser,
	signInAs,
}) => {
	const learner = await createUser({ role: 'LEARNER' })
	await signInAs(learner)
	for (const path of ['/admin/people', '/admin/teams', '/admin/audit', '/admin/audit.csv']) {
		expect((await page.request.get(path)).status(), path).toBe(403)
	}
	for (const path of ['/admin/people.data', '/admin/teams.data', '/admin/audit.data']) {
		const response = await page.request.get(path)
		expect(response.status(), path).toBe(403)
		expect(await response.text()).not.toContain('@example.test')
	}

	// An admin of another organisation cannot move Northwind's people.
	const other = await db.organization.create({ data: { name: 'Elsewhere', slug: `elsewhere-${crypto.randomUUID()}` } })
	const outsider = await createUser({ name: 'Otto Outsider' })
	await db.membership.create({ data: { userId: outsider.id, orgId: other.id, role: 'ADMIN' } })
	const outsiderContext = await browser.newContext()
	const outsiderPage = await outsiderContext.newPage()
	await signInAs(outsider, outsiderPage)
	await outsiderPage.goto('/admin/people')
	await expect(outsiderPage.getByRole('heading', { name: '1 person' })).toBeVisible()
	const response = await outsiderPage.request.post('/admin/people', {
		form: { userId: learner.id, teamId: 'none' },
		headers: { Origin: new URL(outsiderPage.url()).origin },
	})
	expect(response.status()).toBe(400)
	expect(await response.text()).toContain('not in your organisation')
	await outsiderContext.close()
})
