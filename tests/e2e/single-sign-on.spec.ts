import { startOpenIdProvider, TEST_CLIENT, type TestOpenIdProvider } from '../fixtures/test-openid-provider'
import { expectAccessible } from './accessibility'
import { expect, test } from './fixtures'
import { e2eTargets } from './targets'

let provider: TestOpenIdProvider

test.beforeAll(async () => {
	provider = await startOpenIdProvider({ redirectUris: e2eTargets().map((t) => `${t.origin}/sso/callback`) })
})
test.afterAll(() => provider.close())

test('an owner sets up single sign-on with a real OpenID Provider; a colleague signs in through it by their work address', async ({
	page,
	browser,
	db,
	createUser,
	signInAs,
}) => {
	const domain = `${crypto.randomUUID().slice(0, 8)}.example`
	const org = await db.organization.create({
		data: { name: `Tailspin ${domain}`, slug: `tailspin-${domain.slice(0, 8)}` },
	})
	const owner = await createUser({ name: 'Sam Setup' })
	await db.user.update({ where: { id: owner.id }, data: { email: `sam@${domain}` } })
	await db.membership.create({ data: { userId: owner.id, orgId: org.id, role: 'OWNER' } })
	await db.orgJoinDomain.create({ data: { domain, orgId: org.id, createdById: owner.id } })
	await signInAs(owner)

	await page.goto('/admin/access')
	await expect(page.getByText(/\/sso\/callback$/)).toBeVisible()
	await page.getByLabel('Issuer').fill('https://sso.invalid.example')
	await page.getByLabel('Client id').fill(TEST_CLIENT.clientId)
	await page.getByLabel('Client secret').fill(TEST_CLIENT.clientSecret)
	await page.getByRole('button', { name: 'Save single sign-on' }).click()
	await expect(page.getByRole('alert')).toContainText('could not be read')
	expect(await db.orgSso.count({ where: { orgId: org.id } })).toBe(0)
	await page.getByLabel('Issuer').fill(provider.issuer)
	await page.getByLabel('Client secret').fill(TEST_CLIENT.clientSecret)
	await page.getByRole('button', { name: 'Save single sign-on' }).click()
	await expect(page.getByRole('status').first()).toContainText('Single sign-on is saved')
	await expect(page.getByText(`On, through ${provider.issuer}`)).toBeVisible()
	await expectAccessible(page)
	// The secret is kept sealed, never as typed.
	expect((await db.orgSso.findUniqueOrThrow({ where: { orgId: org.id } })).clientSecret).not.toContain(
		TEST_CLIENT.clientSecret,
	)

	const colleagueContext = await browser.newContext()
	const colleague = await colleagueContext.newPage()
	await colleague.goto('/sign-in')
	await colleague.getByRole('link', { name: 'Sign in with your organisation (single sign-on)' }).click()
	await expectAccessible(colleague)
	const email = `casey@${domain}`
	await colleague.getByLabel('Work email').fill(email)
	await colleague.getByRole('button', { name: 'Continue' }).click()
	await expect(colleague).toHaveURL(/\/dashboard$/)
	await expect(colleague.getByRole('status').first()).toContainText('You are signed in.')
	await expect(colleague.getByRole('heading', { name: 'Hello, Person casey' })).toBeVisible()
	const created = await db.user.findUniqueOrThrow({ where: { email }, include: { memberships: true } })
	expect(created.memberships).toMatchObject([{ orgId: org.id, role: 'LEARNER' }])
	expect(created.emailVerifiedAt).not.toBeNull()
	// The state cookie is gone once used.
	expect((await colleagueContext.cookies()).some((c) => c.name === 'skillproof_sso')).toBe(false)
	await colleagueContext.close()

	// An address at a domain no organisation signs in with single sign-on is told so.
	const stranger = await browser.newContext()
	const strangerPage = await stranger.newPage()
	await strangerPage.goto('/sso')
	await strangerPage.getByLabel('Work email').fill('someone@elsewhere.example')
	await strangerPage.getByRole('button', { name: 'Continue' }).click()
	await expect(strangerPage.getByRole('alert')).toContainText('No organisation signs in people')
	await stranger.close()

	// Turning it off deletes the settings and the secret, so it is asked twice.
	await page.getByText('Turn single sign-on off').click()
	await expect(page.getByText('its client secret are deleted')).toBeVisible()
	expect(await db.orgSso.count({ where: { orgId: org.id } })).toBe(1)
	await page.getByRole('button', { name: 'Delete the settings and turn it off' }).click()
	await expect(page.getByRole('status').first()).toContainText('Single sign-on is off.')
	expect(await db.orgSso.count({ where: { orgId: org.id } })).toBe(0)
})
