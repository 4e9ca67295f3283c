import fs from 'node:fs'
import { parse } from 'csv-parse/sync'
import { expectAccessible } from './accessibility'
import { expect, test } from './fixtures'
import { deliveredMail } from './mail'

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

	// The same people can be assigned a path directly.
	await page.getByRole('checkbox', { name: `Choose Quinn Moves ${suffix}` }).check()
	await page.getByLabel('Or assign the people ticked the path').selectOption({ label: 'Counting parcels well' })
	await page.getByLabel('Due within (days)').fill('10')
	await page.getByRole('button', { name: 'Assign' }).click()
	await expect(page.getByRole('status').first()).toContainText('Assigned the path to 1 person, due within 10 days.')
	const assigned = await db.learnerAssignment.findFirstOrThrow({ where: { userId: learner.id } })
	expect(assigned.dueAt.getTime() - assigned.assignedAt.getTime()).toBe(10 * 86_400_000)

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
	// UTF-8 with a byte-order mark, so that Excel reads accented names right.
	expect([...fs.readFileSync(file).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
	const rows = parse(fs.readFileSync(file, 'utf8'), { columns: true, bom: true }) as Array<Record<string, string>>
	expect(rows.filter((r) => r.summary?.includes(suffix)).map((r) => r.action)).toEqual([
		'Person moved to a team',
		'Team renamed',
		'Team created',
	])
})

test('only admins of the organisation reach the admin pages and exports, and only for their own people', async ({
	page,
	baseURL,
	browser,
	db,
	createUser,
	signInAs,
}) => {
	const learner = await createUser({ role: 'LEARNER' })
	// Every page and export of the admin area, and every form's action.
	const adminPages = [
		'/admin',
		'/admin/people',
		'/admin/teams',
		'/admin/audit',
		'/admin/audit.csv',
		'/admin/invitations',
		'/admin/outbox',
		'/admin/import',
		'/admin/assignments',
		'/admin/credentials',
		'/admin/reports',
		'/admin/reports.csv',
		'/admin/reports/teams/none',
		`/admin/reports/people/${learner.id}`,
		'/admin/skills-gap',
	]
	const adminActions = [
		'/admin/people',
		'/admin/teams',
		'/admin/invitations',
		'/admin/import',
		'/admin/assignments',
		'/admin/credentials',
		'/admin/skills-gap',
	]
	// An anonymous visitor is sent to sign in, and changes nothing.
	const anonymous = await browser.newContext()
	for (const path of adminPages) {
		const response = await anonymous.request.get(path, { maxRedirects: 0 })
		expect([302, 303], path).toContain(response.status())
		expect(response.headers()['location'], path).toMatch(/^\/sign-in/)
	}
	for (const path of adminActions) {
		const response = await anonymous.request.post(path, {
			form: { intent: 'deactivate', userId: learner.id, name: 'x' },
			headers: { Origin: new URL(baseURL!).origin },
			maxRedirects: 0,
		})
		expect([302, 303], path).toContain(response.status())
		expect(response.headers()['location'], path).toMatch(/^\/sign-in/)
	}
	await anonymous.close()

	await signInAs(learner)
	await page.goto('/dashboard')
	const sameOrigin = { Origin: new URL(page.url()).origin }
	for (const path of adminActions) {
		const response = await page.request.post(path, {
			form: { intent: 'deactivate', userId: learner.id, name: 'x' },
			headers: sameOrigin,
		})
		expect(response.status(), path).toBe(403)
	}
	expect((await db.membership.findFirstOrThrow({ where: { userId: learner.id } })).deactivatedAt).toBeNull()
	for (const path of adminPages) expect((await page.request.get(path)).status(), path).toBe(403)
	for (const path of [
		'/admin/people.data',
		'/admin/teams.data',
		'/admin/audit.data',
		'/admin/invitations.data',
		'/admin/outbox.data',
		'/admin/reports.data',
		'/admin/skills-gap.data',
		`/admin/reports/people/${learner.id}.data`,
	]) {
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

	// Nor read Northwind's people or teams in reports, nor set targets or deactivate there.
	const northwind = await db.organization.findUniqueOrThrow({ where: { slug: 'northwind' } })
	const northwindTeam = await db.team.findFirstOrThrow({ where: { orgId: northwind.id } })
	const origin = { Origin: new URL(outsiderPage.url()).origin }
	for (const path of [
		`/admin/reports/people/${learner.id}`,
		`/admin/reports/teams/${northwindTeam.id}`,
		`/admin/reports.csv?team=${northwindTeam.id}`,
	]) {
		const answer = await outsiderPage.request.get(path)
		expect(answer.status(), path).toBe(404)
		expect(await answer.text(), path).not.toContain(learner.email)
	}
	const target = await outsiderPage.request.post('/admin/skills-gap', {
		form: { teamId: northwindTeam.id, skillId: 'esco:1d6c7de4-350e-4868-a47b-333b4b0d9650', targetPercent: '10' },
		headers: origin,
	})
	expect(target.status()).toBe(400)
	const deactivate = await outsiderPage.request.post('/admin/people', {
		form: { intent: 'deactivate', userId: learner.id },
		headers: origin,
	})
	expect(deactivate.status()).toBe(400)
	expect(await db.teamSkillTarget.count({ where: { targetPercent: 10, teamId: northwindTeam.id } })).toBe(0)
	expect((await db.membership.findFirstOrThrow({ where: { userId: learner.id } })).deactivatedAt).toBeNull()
	await outsiderContext.close()
})

test('an invited person opens the link from their email, creates an account and lands in the team; the link works once', async ({
	page,
	baseURL,
	browser,
	createUser,
	signInAs,
}) => {
	const admin = await createUser({ name: 'Ada Admin', role: 'ADMIN' })
	await signInAs(admin)
	const email = `new.starter.${crypto.randomUUID().slice(0, 8)}@example.test`
	await page.goto('/admin/invitations')
	await expectAccessible(page, 'the invitations page')
	// A typo is refused with the address named, and nothing is sent.
	await page.getByLabel('Email addresses').fill(`${email}, not-an-address`)
	await page.getByRole('button', { name: 'Send invitations' }).click()
	await expect(page.getByRole('alert')).toContainText('not-an-address')
	// What was typed stays for correcting; once sent, the box is empty for the next invitations.
	await expect(page.getByLabel('Email addresses')).toHaveValue(`${email}, not-an-address`)
	const mistaken = `mistaken.${crypto.randomUUID().slice(0, 8)}@example.test`
	await page.getByLabel('Email addresses').fill(`${email}, ${mistaken}`)
	await page.getByLabel('Team').selectOption({ label: 'Operations' })
	await expect(page.getByLabel('Role').locator('option')).toHaveText(['Learner'])
	await page.getByRole('button', { name: 'Send invitations' }).click()
	await expect(page.getByRole('status').first()).toContainText('Invited 2 people.')
	await expect(page.getByRole('row', { name: new RegExp(email) })).toContainText('Waiting')
	await expect(page.getByLabel('Email addresses')).toHaveValue('')
	// Withdrawing is asked twice: the first button only says what it does.
	const mistakenRow = page.getByRole('row', { name: new RegExp(mistaken) })
	await mistakenRow.getByLabel(`Withdraw the invitation of ${mistaken}`).click()
	await expect(mistakenRow).toContainText(`The link sent to ${mistaken} stops working.`)
	await expectAccessible(page, 'the invitations page with a withdrawal to confirm')
	await mistakenRow.getByRole('button', { name: 'Withdraw the invitation' }).click()
	await expect(page.getByRole('status').first()).toContainText('The invitation is withdrawn.')
	await expect(page.getByRole('row', { name: new RegExp(mistaken) })).toContainText('Withdrawn')

	// The email is in the outbox without its link: whoever holds the link can accept the invitation.
	await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Outbox' }).click()
	const message = page.getByRole('article', { name: /invites you to Northwind Logistics/ }).filter({ hasText: email })
	await expect(message).toBeVisible()
	await expect(message).toContainText('Accept the invitation: [private link: in the recipient’s copy only]')
	await expect(message).not.toContainText('/invitations/')
	await expectAccessible(page, 'the outbox')
	// The invited person's copy has it.
	const delivered = await deliveredMail(baseURL, email, 'invites you to Northwind Logistics')
	const link = /https?:\/\/\S+\/invitations\/[A-Za-z0-9_-]{43}/.exec(delivered)?.[0]
	expect(link).toBeDefined()

	// The invited person, signed out, creates their account from the link.
	const newcomerContext = await browser.newContext()
	const newcomer = await newcomerContext.newPage()
	const path = new URL(link!).pathname
	await newcomer.goto(path)
	await expect(newcomer.getByRole('heading', { level: 1 })).toHaveText('Join Northwind Logistics')
	await expect(newcomer.getByText('team Operations')).toBeVisible()
	await expectAccessible(newcomer, 'the invitation page')
	await newcomer.getByLabel('Name').fill('Nova Starter')
	await newcomer.getByLabel('Password', { exact: true }).fill('three unrelated words here')
	await newcomer.getByLabel('Password again').fill('three unrelated words here')
	await newcomer.getByRole('button', { name: 'Create my account and join' }).click()
	await expect(newcomer.getByRole('heading', { name: 'Hello, Nova Starter' })).toBeVisible()
	await expect(newcomer.getByText('Operations').first()).toBeVisible()

	// The link works once.
	const reuse = await browser.newContext()
	const again = await reuse.newPage()
	await again.goto(path)
	await expect(again.getByRole('alert')).toContainText('already been used')
	await reuse.close()
	await newcomerContext.close()
	await page.goto('/admin/invitations')
	await expect(page.getByRole('row', { name: new RegExp(email) })).toContainText('Accepted')
})

test('an admin checks a CSV file row by row, imports it with a progress bar, and a second import changes nothing', async ({
	page,
	db,
	createUser,
	signInAs,
}) => {
	const admin = await createUser({ name: 'Ada Admin', role: 'ADMIN' })
	await signInAs(admin)
	const tag = crypto.randomUUID().slice(0, 8)
	const csv = [
		'name,email,team',
		`Ivy Import,ivy.${tag}@example.test,Import Team ${tag}`,
		`Jon Import,jon.${tag}@example.test,`,
		'No Email,,',
	].join('\n')
	const upload = async () => {
		await page.goto('/admin/import')
		await page
			.getByLabel('CSV file')
			.setInputFiles({ name: `people-${tag}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) })
		await page.getByRole('button', { name: 'Check the file' }).click()
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Import of people-${tag}.csv`)
	}
	await page.goto('/admin/import')
	await expectAccessible(page, 'the import page')
	await upload()
	await expect(page.getByRole('region', { name: 'Rows with errors' })).toContainText('Line 4:')
	await expect(page.getByText(`New teams to create: Import Team ${tag}`)).toBeVisible()
	await expect(page.getByRole('row', { name: new RegExp(`ivy.${tag}`) })).toContainText('Will be invited')
	await expectAccessible(page, 'an import preview')
	// Nothing is written by the preview.
	expect(await db.invitation.count({ where: { email: { contains: tag } } })).toBe(0)

	await page.getByRole('button', { name: 'Import 2 rows' }).click()
	await expect(page.getByRole('status').filter({ hasText: 'Done:' })).toContainText(
		'Done: 2 invited, 0 moved to a team, 0 already there, 1 team created.',
		{ timeout: 30_000 },
	)
	// Once done, the page says what the import did, not what it would do.
	await expect(page.getByRole('row', { name: new RegExp(`ivy.${tag}`) })).toContainText('Invited')
	await expect(page.getByRole('row', { name: new RegExp(`ivy.${tag}`) })).not.toContainText('Will be invited')
	await expect(page.getByText(`Teams created: Import Team ${tag}`)).toBeVisible()
	expect(await db.invitation.count({ where: { email: { contains: tag } } })).toBe(2)

	await upload()
	await expect(page.getByRole('button', { name: 'Nothing to import' })).toBeDisabled()
	expect(await db.outboxEmail.count({ where: { to: { contains: tag } } })).toBe(2)
})

test('an admin assigns a path to a team; a member sees it on their dashboard with its due date, and overdue once late', async ({
	page,
	browser,
	db,
	createUser,
	signInAs,
}) => {
	const admin = await createUser({ name: 'Ada Admin', role: 'ADMIN' })
	const tag = crypto.randomUUID().slice(0, 6)
	const learner = await createUser({ name: `Lee Assigned ${tag}`, role: 'LEARNER' })
	await signInAs(admin)
	await page.goto('/admin/teams')
	await page.getByLabel('Name', { exact: true }).fill(`Assigned Team ${tag}`)
	await page.getByRole('button', { name: 'Create the team' }).click()
	await expect(page.getByRole('status').first()).toContainText(`“Assigned Team ${tag}” is created`)
	const team = await db.team.findFirstOrThrow({ where: { name: `Assigned Team ${tag}` } })
	await db.membership.updateMany({ where: { userId: learner.id }, data: { teamId: team.id } })

	await page.goto('/admin/assignments')
	await expectAccessible(page, 'the assignments page')
	await page.getByLabel('Learning path').selectOption({ label: 'Counting parcels well' })
	await page.getByLabel('Team', { exact: true }).selectOption({ label: `Assigned Team ${tag}` })
	await page.getByLabel('Number of days after assignment').fill('14')
	await page.getByRole('button', { name: 'Assign' }).click()
	await expect(page.getByRole('status').first()).toContainText('Assigned to 1 person')
	await expect(
		page.getByRole('row', { name: /Counting parcels well/ }).filter({ hasText: `Team Assigned Team ${tag}` }),
	).toContainText('within 14 days')

	const learnerContext = await browser.newContext()
	const learnerPage = await learnerContext.newPage()
	await signInAs(learner, learnerPage)
	await learnerPage.goto('/dashboard')
	const assigned = learnerPage.getByRole('region', { name: 'Assigned to you' })
	await expect(assigned.getByRole('link', { name: 'Counting parcels well', exact: true })).toBeVisible()
	await expect(assigned).toContainText('Due ')
	await expectAccessible(learnerPage, 'a dashboard with assignments')

	// The private calendar feed: shown once, fetched without a session, retired by a new address.
	await assigned.getByRole('button', { name: 'Make my calendar address' }).click()
	const feedUrl = new URL(await learnerPage.getByLabel(/Subscribe to this address/).inputValue())
	expect(feedUrl.pathname).toMatch(/^\/calendar\/[A-Za-z0-9_-]{43}\.ics$/)
	const anonymous = await browser.newContext()
	const feed = await anonymous.request.get(feedUrl.pathname)
	expect(feed.status()).toBe(200)
	expect(feed.headers()['content-type']).toContain('text/calendar')
	const ics = await feed.text()
	expect(ics).toContain('BEGIN:VCALENDAR')
	expect(ics).toContain('SUMMARY:Due: Counting parcels well')
	await learnerPage.reload()
	await assigned.getByRole('button', { name: 'Make a new address' }).click()
	await expect(learnerPage.getByLabel(/Subscribe to this address/)).not.toHaveValue(feedUrl.toString())
	expect((await anonymous.request.get(feedUrl.pathname)).status()).toBe(404)
	await anonymous.close()

	// Once the due date has passed, it is marked overdue.
	await db.learnerAssignment.updateMany({
		where: { userId: learner.id },
		data: { dueAt: new Date(Date.now() - 86_400_000) },
	})
	await learnerPage.reload()
	await expect(assigned).toContainText('Overdue: was due')
	await learnerContext.close()
})

test('owners set the profile their credentials carry; administrators read it', async ({
	page,
	createUser,
	signInAs,
}) => {
	const owner = await createUser({ name: 'Olive Owner', role: 'OWNER' })
	await signInAs(owner)
	await page.goto('/admin')
	await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Issuer profile' }).click()
	await expect(page.getByRole('heading', { level: 1, name: 'Issuer profile' })).toBeVisible()
	// The demo organisation has issued: its DID, and where its keys are published.
	await expect(page.getByText(/did:web:localhost%3A\d+:orgs:northwind/)).toBeVisible()
	await expect(page.getByRole('link', { name: 'The DID document' })).toHaveAttribute('href', '/orgs/northwind/did.json')
	await expectAccessible(page, 'the issuer profile page')
	// A web address that is not https is refused, on the field, and nothing is saved.
	await page.getByLabel('Web address').fill('http://northwind.example')
	await page.getByRole('button', { name: 'Save the profile' }).click()
	await expect(page.getByRole('alert')).toContainText('Give a web address that starts with https://.')
	await expect(page.getByLabel('Web address')).toHaveAttribute('aria-invalid', 'true')
	await expectAccessible(page, 'the issuer profile page with an error')
	await page.getByLabel('Web address').fill('https://northwind.example')
	await page.getByRole('button', { name: 'Save the profile' }).click()
	await expect(page.getByRole('status').first()).toContainText(
		'Credentials issued from now on carry “Northwind Logistics”',
	)

	// The logo: a file that is not an image is refused on the field; the demo logo, uploaded again, is kept.
	await expect(page.getByRole('img', { name: 'Northwind Logistics logo, as credentials show it' })).toBeVisible()
	await page
		.getByLabel('Logo file')
		.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('GIF89a') })
	await page.getByRole('button', { name: 'Upload the logo' }).click()
	await expect(page.getByRole('alert')).toContainText('This file is not a PNG image.')
	const current = await page.request.get('/orgs/northwind/logo')
	expect(current.headers()['content-type']).toBe('image/svg+xml')
	await page.getByLabel('Logo file').setInputFiles({
		name: 'northwind.svg',
		mimeType: 'image/svg+xml',
		buffer: Buffer.from(await current.body()),
	})
	await page.getByRole('button', { name: 'Upload the logo' }).click()
	await expect(page.getByRole('status').first()).toContainText('Credentials issued from now on show this logo.')
	await expect(page.getByRole('img', { name: 'Northwind Logistics logo, as credentials show it' })).toBeVisible()
	await expectAccessible(page, 'the issuer profile page with its logo')

	const admin = await createUser({ name: 'Arlo Admin', role: 'ADMIN' })
	await signInAs(admin)
	await page.goto('/admin/issuer')
	await expect(page.getByText('Only owners of the organisation can change it.')).toBeVisible()
	await expect(page.getByRole('button', { name: 'Save the profile' })).toHaveCount(0)
})

test('an owner lets people at their own domain join by themselves; a refused domain says why; admins only read', async ({
	page,
	browser,
	db,
	createUser,
	createOrg,
	signInAs,
}) => {
	const org = await createOrg('Alpine Ski House')
	const owner = await createUser({ name: 'Dora Domain', role: 'OWNER', orgSlug: org.slug })
	const domain = `${crypto.randomUUID().slice(0, 8)}.example`
	await db.user.update({ where: { id: owner.id }, data: { email: `dora@${domain}` } })
	await signInAs(owner)
	await page.goto('/admin/access')
	await expect(page.getByRole('heading', { name: 'Who may join' })).toBeVisible()
	await expect(page.getByText('People join your organisation by invitation only.')).toBeVisible()
	await expectAccessible(page)

	const input = page.getByRole('textbox', { name: 'Domain' })
	await expect(input).toHaveValue(domain)
	await input.fill('gmail.com')
	await page.getByRole('button', { name: 'Let people at this domain join' }).click()
	await expect(page.getByRole('alert')).toContainText('gmail.com is a public mail provider')
	await expect(input).toHaveAttribute('aria-invalid', 'true')
	await expectAccessible(page)

	await input.fill(`Someone@${domain.toUpperCase()}`)
	await page.getByRole('button', { name: 'Let people at this domain join' }).click()
	await expect(page.getByRole('status').first()).toContainText(`people who confirm an address at ${domain} join`)
	await expect(page.getByRole('listitem').filter({ hasText: domain })).toBeVisible()
	expect(await db.orgJoinDomain.findUnique({ where: { domain } })).not.toBeNull()

	const admin = await createUser({ name: 'Ari Admin', role: 'ADMIN', orgSlug: org.slug })
	const adminContext = await browser.newContext()
	const adminPage = await adminContext.newPage()
	await signInAs(admin, adminPage)
	await adminPage.goto('/admin/access')
	await expect(adminPage.getByText(domain)).toBeVisible()
	await expect(adminPage.getByText('Only owners change who may join.')).toBeVisible()
	await expect(adminPage.getByRole('button', { name: `Remove ${domain}` })).toHaveCount(0)
	await adminContext.close()

	await page.getByRole('button', { name: `Remove ${domain}` }).click()
	await expect(page.getByRole('status').first()).toContainText(`People at ${domain} now join by invitation only.`)
	expect(await db.orgJoinDomain.count({ where: { domain } })).toBe(0)
})

test('an owner connects an identity provider: a token shown once provisions a person over SCIM through the server, and revoked opens nothing', async ({
	page,
	db,
	createUser,
	createOrg,
	signInAs,
	baseURL,
	playwright,
}) => {
	// Its own organisation: the people it provisions must not appear in other tests' reports.
	const org = await createOrg('Wide World Importers')
	const owner = await createUser({ name: 'Sid Scim', role: 'OWNER', orgSlug: org.slug })
	await signInAs(owner)
	await page.goto('/admin/access')
	await expect(page.getByText(`${new URL(baseURL!).origin}/scim/v2`)).toBeVisible()
	const label = `Entra ID ${crypto.randomUUID().slice(0, 6)}`
	await page.getByLabel('Name of the new token').fill(label)
	await page.getByRole('button', { name: 'Make a token' }).click()
	const token = (await page.getByLabel('New provisioning token').textContent())!
	expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
	await expectAccessible(page)

	// The identity provider's servers: no cookie, no Origin of the site, JSON with a bearer token.
	const provider = await playwright.request.newContext({ baseURL, ignoreHTTPSErrors: true })
	const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/scim+json' }
	const userName = `provisioned.${crypto.randomUUID().slice(0, 8)}@example.test`
	const created = await provider.post('/scim/v2/Users', {
		headers: { ...headers, Origin: 'https://login.microsoftonline.example' },
		data: {
			schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
			userName,
			active: true,
			displayName: 'Pat Provisioned',
		},
	})
	expect(created.status()).toBe(201)
	expect(created.headers()['content-type']).toMatch(/^application\/scim\+json/)
	const { id } = (await created.json()) as { id: string }
	expect(await db.membership.count({ where: { userId: id, orgId: org.id } })).toBe(1)
	const patched = await provider.patch(`/scim/v2/Users/${id}`, {
		headers,
		data: {
			schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
			Operations: [{ op: 'Replace', path: 'active', value: false }],
		},
	})
	expect(await patched.json()).toMatchObject({ active: false })

	await page.reload()
	// Revoking is asked twice: the first button only opens the warning.
	await page.getByLabel(`Revoke the token ${label}`).click()
	await expect(page.getByText('A revoked token cannot be turned back on')).toBeVisible()
	expect(await provider.get('/scim/v2/Users', { headers }).then((r) => r.status())).toBe(200)
	await page.getByRole('button', { name: `Revoke ${label} for good` }).click()
	await expect(page.getByRole('status').first()).toContainText('The token is revoked')
	const refused = await provider.get('/scim/v2/Users', { headers })
	expect(refused.status()).toBe(401)
	expect(await refused.json()).toMatchObject({
		schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
		status: '401',
	})
	await provider.dispose()
})
