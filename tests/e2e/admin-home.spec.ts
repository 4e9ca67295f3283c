import { expectAccessible } from './accessibility'
import { PATH } from './assessment-steps'
import { expect, test } from './fixtures'

const DAY = 24 * 60 * 60 * 1000

test('the admin home answers "are we on track?": each assignment with completed and overdue, week by week, as a chart or a table', async ({
	page,
	db,
	createOrg,
	createUser,
	signInAs,
}) => {
	const org = await createOrg('On Track Ltd')
	const admin = await createUser({ name: 'Olu Owner', role: 'OWNER', orgSlug: org.slug })
	const team = await db.team.create({ data: { orgId: org.id, name: 'Warehouse' } })
	const now = Date.now()
	const assignment = await db.assignment.create({
		data: { orgId: org.id, pathSlug: PATH, teamId: team.id, dueDays: 14, createdById: admin.id },
	})
	for (const name of ['Wes Waiting', 'Wyn Waiting']) {
		const learner = await createUser({ name, role: 'LEARNER', orgSlug: org.slug })
		await db.membership.updateMany({ where: { userId: learner.id, orgId: org.id }, data: { teamId: team.id } })
		await db.learnerAssignment.create({
			data: {
				assignmentId: assignment.id,
				userId: learner.id,
				orgId: org.id,
				pathSlug: assignment.pathSlug,
				assignedAt: new Date(now - 30 * DAY),
				dueAt: new Date(now - 16 * DAY),
			},
		})
	}
	await signInAs(admin)
	await page.goto('/admin')
	const card = page.getByRole('region', { name: 'Assignments' }).getByRole('listitem').first()
	await expect(card.getByRole('heading', { level: 3 })).toContainText('Counting parcels well · Team Warehouse')
	await expect(card).toContainText('0 of 2 completed (0%) · 2 overdue')
	await expect(card.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '0')
	// The chart, named by its summary; the table view carries every figure.
	await expect(card.getByRole('img', { name: /overdue from 0 to 2, of 2 people/ })).toBeVisible()
	await expectAccessible(page, 'the admin home with an assignment chart')
	await card.getByRole('button', { name: 'Table' }).click()
	const rows = card.getByRole('table').getByRole('row')
	// A header and eight weeks: five weeks ago nobody was assigned yet; now both are overdue.
	await expect(rows).toHaveCount(9)
	await expect(rows.nth(1)).toContainText(/0\s*0\s*0/)
	await expect(rows.nth(8)).toContainText(/2\s*0\s*2/)
	await expectAccessible(page, 'the admin home as a table')

	// One click reminds both, by email and in the app; a second click the same day sends nothing more.
	await card.getByRole('button', { name: /^Remind the 2 overdue/ }).click()
	await expect(page.getByRole('status').first()).toContainText('Reminded 2 people by email and in the app.')
	expect(await db.notification.count({ where: { orgId: org.id, kind: 'assignment.overdue' } })).toBe(2)
	await page.goto('/admin/outbox')
	await expect(page.getByRole('article', { name: 'Overdue: Counting parcels well' })).toHaveCount(2)
	await page.goto('/admin')
	await page.getByRole('button', { name: /^Remind the 2 overdue/ }).click()
	await expect(page.getByRole('status').first()).toContainText('Everyone overdue already had a reminder today')
	expect(await db.notification.count({ where: { orgId: org.id, kind: 'assignment.overdue' } })).toBe(2)
})
