import { generateToken, hashToken } from '../../app/auth/tokens'
import { expect, test } from './fixtures'

test('joining an organisation as an admin renews the session; deactivation signs the person out', async ({
	page,
	browser,
	db,
	createUser,
	signInAs,
}) => {
	const tag = crypto.randomUUID().slice(0, 6)
	const owner = await createUser({ name: 'Otto Owner', role: 'OWNER' })
	const person = await createUser({ name: `Pat Promoted ${tag}` })
	await signInAs(person)
	const before = await db.session.findFirstOrThrow({ where: { userId: person.id } })

	// An invitation to Northwind as an administrator, written as the app writes it (only its hash).
	const org = await db.organization.findUniqueOrThrow({ where: { slug: 'northwind' } })
	const token = generateToken('invitation')
	await db.invitation.create({
		data: {
			orgId: org.id,
			email: person.email,
			role: 'ADMIN',
			tokenHash: hashToken(token),
			expiresAt: new Date(Date.now() + 24 * 3600 * 1000),
			createdById: owner.id,
		},
	})
	await page.goto(`/invitations/${token}`)
	await page.getByRole('button', { name: 'Join Northwind Logistics' }).click()
	await expect(page).toHaveURL(/\/dashboard$/)
	await expect(page.getByRole('status')).toContainText('You have joined the organisation.')
	const after = await db.session.findMany({ where: { userId: person.id } })
	expect(after).toHaveLength(1)
	expect(after[0]!.id).not.toBe(before.id)
	await page.goto('/admin')
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Northwind Logistics')

	// The owner deactivates them: their browser is signed out at once.
	const ownerContext = await browser.newContext()
	const ownerPage = await ownerContext.newPage()
	await signInAs(owner, ownerPage)
	await ownerPage.goto(`/admin/people?q=${tag}`)
	await ownerPage.getByLabel(`Choose Pat Promoted ${tag}`).check()
	await ownerPage.getByRole('button', { name: 'Deactivate the people ticked' }).click()
	await expect(ownerPage.getByRole('status').first()).toContainText('Deactivated 1 person')
	await ownerContext.close()
	expect(await db.session.count({ where: { userId: person.id } })).toBe(0)
	await page.goto('/admin')
	await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fadmin$/)
})
