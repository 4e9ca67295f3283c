import { signCredential } from '../../app/credentials/sign'
import { formatDate } from '../../app/format/dates'
import { didKeyCredential, didKeyIssuer, sampleDocumentLoader } from '../fixtures/sample-credential'
import { testWallet } from '../fixtures/test-wallet'
import { extractText, findQrCode, rasterise } from '../setup/pdf-reading'
import { poppler, requireTools, setToolSkipper } from '../setup/tools'
import { expectAccessible } from './accessibility'
import { answerAssessment, completeLessons, PATH } from './assessment-steps'
import { expect, test } from './fixtures'

setToolSkipper((note) => test.skip(true, note))

/** The demo data's password (prisma/seed.ts). */
const DEMO_PASSWORD = 'northwind-learns-2026'

test('a learner passes and receives a credential that anyone verifies in the browser; an admin revokes it', async ({
	page,
	browser,
	db,
	createUser,
	signInAs,
}, testInfo) => {
	// A whole journey: learning, the certificate, verification twice, revocation.
	test.setTimeout(180_000)
	// It reads the PDF certificate with poppler, as a person reads the printout.
	requireTools(poppler)
	const learner = await createUser({ name: 'Marie Curie', role: 'LEARNER' })
	await completeLessons(db, learner)
	await signInAs(learner)
	await page.goto(`/paths/${PATH}/assessment`)
	await page.getByRole('button', { name: 'Start the assessment' }).click()
	await answerAssessment(page, true)
	await expect(page.getByRole('status')).toContainText('You passed.')
	// The moment it is earned: the credential itself, with the ways to share and keep it.
	const earned = page.getByRole('region', { name: 'Careful Counting' })
	await expect(earned.getByText('Credential earned')).toBeVisible()
	await expect(earned.getByRole('link', { name: 'Download PDF certificate' })).toBeVisible()
	await expect(earned.getByRole('link', { name: 'Open its verification page' })).toHaveAttribute(
		'href',
		/\/c\/[A-Za-z0-9_-]{24}$/,
	)
	await expectAccessible(page, 'the result with the credential earned')
	// And on the dashboard, a shelf of the badges earned.
	await page.goto('/dashboard')
	const shelf = page.getByRole('region', { name: 'Your badges' })
	await expect(shelf.getByRole('link', { name: 'Careful Counting' })).toBeVisible()
	await expect(shelf.getByText('Valid', { exact: true })).toBeVisible()
	await expectAccessible(page, 'the dashboard with its badge shelf')

	// The credential is there at once.
	await page.getByRole('link', { name: 'Credentials', exact: true }).click()
	await expect(page.getByRole('heading', { level: 1, name: 'My credentials' })).toBeVisible()
	const card = page.getByRole('article', { name: 'Careful Counting' })
	await expect(card.getByText('Valid', { exact: true })).toBeVisible()
	await expectAccessible(page, 'the wallet')
	const link = await card.getByLabel('Public link', { exact: true }).inputValue()
	expect(link).toMatch(/\/c\/[A-Za-z0-9_-]{24}$/)

	// The PDF certificate downloads, and its QR code decodes to the public link.
	const downloading = page.waitForEvent('download')
	await card.getByRole('link', { name: 'Download PDF certificate' }).click()
	const download = await downloading
	expect(download.suggestedFilename()).toBe('fixture-path-certificate.pdf')
	const pdfFile = testInfo.outputPath('certificate.pdf')
	await download.saveAs(pdfFile)
	expect(findQrCode(rasterise(pdfFile))?.data).toBe(link)
	expect(extractText(pdfFile)).toContain('Marie Curie')

	// LinkedIn's add-certification link carries the right fields.
	const linkedIn = new URL((await card.getByRole('link', { name: /Add to LinkedIn profile/ }).getAttribute('href'))!)
	expect(linkedIn.origin + linkedIn.pathname).toBe('https://www.linkedin.com/profile/add')
	const row = await db.credential.findFirstOrThrow({ where: { userId: learner.id } })
	// The learner's organisation issued it: LinkedIn names it as the issuing organisation.
	expect(Object.fromEntries(linkedIn.searchParams)).toEqual({
		startTask: 'CERTIFICATION_NAME',
		name: 'Careful Counting',
		organizationName: 'Northwind Logistics',
		issueYear: String(row.issuedAt.getUTCFullYear()),
		issueMonth: String(row.issuedAt.getUTCMonth() + 1),
		expirationYear: String(row.validUntil.getUTCFullYear()),
		expirationMonth: String(row.validUntil.getUTCMonth() + 1),
		certUrl: link,
		certId: `urn:uuid:${row.id}`,
	})

	// Signed out, in another browser context: every check passes on the server and in the browser.
	const visitor = await browser.newContext()
	const anonymous = await visitor.newPage()
	await anonymous.goto(link)
	await expect(anonymous.getByRole('heading', { level: 1 })).toHaveText('Careful Counting')
	await expect(anonymous.getByText('Marie Curie').first()).toBeVisible()
	// Read in two seconds: who earned it, who issued it, when, and the verdict as a large seal.
	const hero = anonymous.locator('article > header')
	await expect(hero).toContainText('Earned by Marie Curie')
	await expect(hero).toContainText('Issued by Northwind Logistics')
	await expect(hero).toContainText(/Issued \d{1,2} \w+ \d{4} · valid until \d{1,2} \w+ \d{4}/)
	const seal = anonymous.locator('[data-verdict="valid"] svg')
	expect((await seal.boundingBox())!.width).toBeGreaterThanOrEqual(64)
	// The technical checks are folded under "How we checked", and open on demand.
	const inBrowser = anonymous.locator('[data-browser-verification="done"]')
	await expect(inBrowser).toBeHidden()
	await anonymous.getByText('How we checked').click()
	await expect(inBrowser).toBeVisible({ timeout: 20_000 })
	await expect(inBrowser.locator('[data-outcome="pass"]')).toHaveCount(5)
	await expect(anonymous.locator('#checks-server').locator('..').locator('[data-outcome="pass"]')).toHaveCount(5)
	await expect(anonymous.locator('link[rel="alternate"][type="application/ld+json"]')).toHaveAttribute(
		'href',
		`${link}/credential.json`,
	)
	await expect(anonymous.locator('meta[property="og:title"]')).toHaveAttribute('content', /Careful Counting/)
	await expectAccessible(anonymous, 'the verification page')

	// An admin of the organisation revokes it with a reason.
	const admin = await createUser({ name: 'Ada Admin', role: 'ADMIN' })
	const adminContext = await browser.newContext()
	const adminPage = await adminContext.newPage()
	await signInAs(admin, adminPage)
	await adminPage.goto('/admin/credentials')
	await expectAccessible(adminPage, 'the admin credentials page')
	const entry = adminPage.getByRole('listitem').filter({ hasText: learner.email })
	await entry.getByLabel(/Reason/).fill('Answers were shared before the attempt.')
	// Revoking is final, so it must be confirmed: without the tick nothing changes.
	await entry.getByRole('button', { name: 'Revoke for good' }).click()
	await expect(
		adminPage
			.getByRole('listitem')
			.filter({ hasText: learner.email })
			.getByText(/to revoke: it is final/),
	).toBeVisible()
	expect((await db.credential.findFirstOrThrow({ where: { userId: learner.id } })).revokedAt).toBeNull()
	const confirmed = adminPage.getByRole('listitem').filter({ hasText: learner.email })
	await confirmed.getByLabel(/Reason/).fill('Answers were shared before the attempt.')
	await confirmed.getByLabel('I understand that revoking cannot be undone').check()
	await confirmed.getByRole('button', { name: 'Revoke for good' }).click()
	await expect(adminPage.getByRole('status').or(adminPage.getByRole('alert')).first()).toContainText('revoked')
	await expect(adminPage.getByRole('listitem').filter({ hasText: learner.email }).getByText('Revoked')).toBeVisible()

	// The verification page, on the server and in the browser, now says revoked, with the reason.
	await anonymous.reload()
	await expect(anonymous.getByRole('status').first()).toContainText('Revoked')
	await expect(anonymous.getByRole('status').first()).toContainText('Answers were shared before the attempt.')
	// The reason keeps its own full stop; none is added after it.
	await expect(anonymous.getByRole('status').first()).not.toContainText('attempt..')
	await expect(anonymous.locator('[data-browser-verification="done"]')).toContainText('Revoked', { timeout: 20_000 })
	await expect(
		anonymous.locator('[data-browser-verification="done"] [data-check="status"][data-outcome="fail"]'),
	).toBeVisible()

	// The learner is told in the app. A revoked credential is offered neither as a PDF nor for LinkedIn,
	// and its certificate's address says why there is none.
	await page.goto('/credentials')
	await expect(page.getByText(/“Careful Counting” was revoked/)).toContainText('Answers were shared')
	await expect(card.getByText('Revoked', { exact: true })).toBeVisible()
	await expect(card.getByRole('link', { name: 'Download PDF certificate' })).toHaveCount(0)
	await expect(card.getByRole('link', { name: /Add to LinkedIn profile/ })).toHaveCount(0)
	await expect(card.getByText('Fields to copy into LinkedIn')).toHaveCount(0)
	const { revokedAt } = await db.credential.findUniqueOrThrow({ where: { id: row.id }, select: { revokedAt: true } })
	const certificate = await page.request.get(`/credentials/${row.id}/certificate.pdf`)
	expect(certificate.status()).toBe(410)
	expect(await certificate.json()).toEqual({
		message: `The issuer revoked this credential on ${formatDate(revokedAt)}, so no certificate is made for it.`,
		reason: 'Answers were shared before the attempt.',
	})

	// Switching the public link off makes it answer 404 with nothing about the credential.
	await page.getByRole('button', { name: 'Turn off the public link' }).click()
	await expect(page.getByText('The public link is off', { exact: false }).first()).toBeVisible()
	const gone = await anonymous.goto(link)
	expect(gone?.status()).toBe(404)
	await expect(anonymous.locator('body')).not.toContainText('Marie Curie')
	expect((await anonymous.request.get(`${link}/credential.json`)).status()).toBe(404)
	await visitor.close()
	await adminContext.close()
})

test('the verify page checks a pasted or uploaded credential and refuses bad input clearly', async ({
	page,
	db,
	createUser,
}) => {
	// A credential from the demo data (valid) to work with.
	const row = await db.credential.findFirstOrThrow({ where: { publicId: 'northwind-demo-valid' } })
	await createUser()
	await page.goto('/verify')
	await expectAccessible(page, 'the verify page')
	await page.getByLabel('Credential JSON').fill(row.document)
	await page.getByRole('button', { name: 'Verify' }).click()
	await expect(page.getByRole('heading', { name: /Result: Valid/ })).toBeVisible()
	await expectAccessible(page, 'a verification result')

	// Upload the same as a file.
	await page.goto('/verify')
	await page.getByLabel('Or a credential file').setInputFiles({
		name: 'credential.json',
		mimeType: 'application/json',
		buffer: Buffer.from(row.document),
	})
	await page.getByRole('button', { name: 'Verify' }).click()
	await expect(page.getByRole('heading', { name: /Result: Valid/ })).toBeVisible()

	// Not JSON.
	await page.goto('/verify')
	await page.getByLabel('Credential JSON').fill('this is not a credential')
	await page.getByRole('button', { name: 'Verify' }).click()
	await expect(page.getByRole('alert')).toContainText('This is not JSON')

	const post = (credential: string) =>
		page.request.post('/verify', { multipart: { credential }, headers: { Origin: new URL(page.url()).origin } })
	expect((await post('nope')).status()).toBe(400)
	const huge = JSON.stringify({ padding: 'x'.repeat(2 * 1024 * 1024 + 10) })
	const tooLarge = await post(huge)
	expect(tooLarge.status()).toBe(413)
	const signed = JSON.parse(row.document) as Record<string, unknown>
	const wrongContext = await post(JSON.stringify({ ...signed, '@context': ['https://example.org/ctx.json'] }))
	expect(wrongContext.status()).toBe(422)
	expect(await wrongContext.text()).toContain('context this verifier does not know')
	const forged = structuredClone(signed) as { credentialSubject: { identifier: Array<{ identityHash: string }> } }
	forged.credentialSubject.identifier[0]!.identityHash = 'Mallory'
	const forgedResponse = await post(JSON.stringify(forged))
	expect(forgedResponse.status()).toBe(422)
	expect(await forgedResponse.text()).toContain('The signature does not match the content')
})

test('a forged credential is never shown as valid, nor its claims as facts, on the server or in the browser', async ({
	page,
	db,
}) => {
	// The forgery of review finding H1: the demo credential, its issuer swapped for a fresh did:key
	// named after the organisation, and signed again.
	const row = await db.credential.findFirstOrThrow({ where: { publicId: 'northwind-demo-valid' } })
	const { proof: _, ...genuine } = JSON.parse(row.document) as Record<string, unknown> & { issuer: object }
	const { didKey, signer } = await didKeyIssuer()
	const forged = await signCredential(
		{ ...genuine, issuer: { ...genuine.issuer, id: didKey, name: 'Northwind Logistics' } },
		signer,
		sampleDocumentLoader,
		new Date(),
	)
	const verify = async (document: unknown) => {
		await page.goto('/verify')
		await page.getByLabel('Credential JSON').fill(JSON.stringify(document))
		await page.getByRole('button', { name: 'Verify' }).click()
		await expect(page.locator('[data-browser-verification="done"]')).toBeVisible({ timeout: 20_000 })
	}
	await verify(forged)
	const verdict = page.locator('[data-verdict]')
	await expect(verdict).toHaveAttribute('data-verdict', 'invalid')
	await expect(verdict).toContainText('Not valid')
	await expect(verdict).toContainText('It claims to come from this site but does not')
	// The verdict comes before anything the document says; what it says sits apart, as its claim.
	const claims = page.locator('[data-claims="unconfirmed"]')
	await expect(claims.getByRole('heading', { name: 'What the document claims' })).toBeVisible()
	expect(
		await verdict.evaluate((v, c) => Boolean(v.compareDocumentPosition(c!) & 4), await claims.elementHandle()),
	).toBe(true)
	await expect(claims).toContainText("calls itself “Northwind Logistics” (the document's own claim)")
	await expect(page.getByRole('heading', { name: /Result: Not valid/ })).toBeVisible()
	await expect(page.locator('[data-browser-verification="done"]')).toContainText('In your browser: Not valid')
	await expect(page.getByText('Valid', { exact: true })).toHaveCount(0)
	await expectAccessible(page, 'a forged credential on the verify page')

	// Another organisation's own credential, signed with a key nobody here knows: the signature holds,
	// the issuer is not recognised, and its DID is shown before the name it gives itself.
	const { credential: unknown, didKey: unknownKey } = await didKeyCredential('Northwind Logistics')
	await verify(unknown)
	await expect(verdict).toHaveAttribute('data-verdict', 'unrecognised-issuer')
	await expect(verdict).toContainText('Signature valid — issuer not recognised')
	await expect(verdict).toContainText(unknownKey)
	await expect(page.locator('[data-browser-verification="done"]')).toContainText(
		'In your browser: Signature valid — issuer not recognised',
	)
	const issuerCell = claims.locator('dd').filter({ hasText: 'calls itself' })
	const cellText = (await issuerCell.textContent()) ?? ''
	expect(cellText.indexOf(unknownKey)).toBeGreaterThanOrEqual(0)
	expect(cellText.indexOf(unknownKey)).toBeLessThan(cellText.indexOf('Northwind Logistics'))

	// Once the operator trusts that key, the same document is valid, on both sides, under the list's name.
	await db.trustedIssuerChange.create({
		data: { did: unknownKey, action: 'add', name: 'Northwind Logistics', url: 'https://northwind.example' },
	})
	try {
		await verify(unknown)
		await expect(verdict).toHaveAttribute('data-verdict', 'valid')
		await expect(verdict).toContainText('Northwind Logistics, northwind.example, an issuer this site trusts')
		await expect(page.locator('[data-browser-verification="done"]')).toContainText('In your browser: Valid')
		await expect(page.locator('[data-claims]')).toHaveCount(0)
		const listed = page.getByRole('region', { name: 'Issuers this site trusts' })
		await expect(listed).toContainText('Northwind Logistics')
		await expect(listed).toContainText(unknownKey)
	} finally {
		await db.trustedIssuerChange.create({ data: { did: unknownKey, action: 'remove' } })
	}
})

test('a learner sends a credential to a wallet: a QR code and links, a copy bound to the wallet, once', async ({
	page,
	db,
	signInAs,
}) => {
	// Priya (demo data) holds a valid credential.
	const priya = await db.user.findUniqueOrThrow({ where: { email: 'priya.natarajan@northwind.example' } })
	await signInAs({ id: priya.id, email: priya.email, name: priya.name, password: DEMO_PASSWORD })
	await page.goto('/credentials')
	const card = page
		.getByRole('article')
		.filter({ has: page.getByRole('heading', { name: 'Send to a wallet' }) })
		.first()
	await card.getByRole('button', { name: 'Send to a wallet' }).click()
	await expect(card.getByRole('img', { name: 'QR code: scan it with your wallet app' })).toBeVisible()
	await expectAccessible(page, 'the wallet page with an exchange')
	const vcapi = await card.getByRole('textbox', { name: 'Exchange address' }).inputValue()
	const lcw = new URL((await card.getByRole('link', { name: 'the Learner Credential Wallet' }).getAttribute('href'))!)
	expect(`${lcw.origin}${lcw.pathname}`).toBe('https://lcw.app/request')
	expect(JSON.parse(lcw.searchParams.get('request')!)).toEqual({
		credentialRequestOrigin: new URL(page.url()).origin,
		protocols: { vcapi },
	})
	const learnCard = new URL((await card.getByRole('link', { name: 'LearnCard' }).getAttribute('href'))!)
	expect(learnCard.searchParams.get('vc_request_url')).toBe(vcapi)

	// A wallet, from elsewhere and with no cookie, runs the exchange.
	const wallet = await testWallet()
	const post = (body: unknown) =>
		fetch(vcapi, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
	const asked = (await (await post({})).json()) as {
		verifiablePresentationRequest: { challenge: string; domain: string }
	}
	const { challenge, domain } = asked.verifiablePresentationRequest
	const answer = { verifiablePresentation: await wallet.authenticate(challenge, domain) }
	const delivered = await post(answer)
	expect(delivered.status).toBe(200)
	const { verifiablePresentation } = (await delivered.json()) as {
		verifiablePresentation: { verifiableCredential: Array<{ credentialSubject: { id: string } }> }
	}
	const copy = verifiablePresentation.verifiableCredential[0]!
	expect(copy.credentialSubject.id).toBe(wallet.did)
	// Once only.
	const replay = await post(answer)
	expect(replay.status).toBe(409)
	expect(await replay.json()).toEqual({ error: 'This exchange has been completed: start a new one from the site.' })

	// The copy verifies as valid, on the server and in the browser.
	await page.goto('/verify')
	await page.getByLabel('Credential JSON').fill(JSON.stringify(copy))
	await page.getByRole('button', { name: 'Verify' }).click()
	await expect(page.locator('[data-verdict]')).toHaveAttribute('data-verdict', 'valid')
	await expect(page.locator('[data-browser-verification="done"]')).toContainText('In your browser: Valid', {
		timeout: 20_000,
	})
})

test('the demo credentials show valid, revoked and expired', async ({ page }) => {
	await page.goto('/c/northwind-demo-valid')
	await expect(page.getByRole('status').first()).toContainText('Valid')
	// Issued by the organisation, through this site: its name and the site's domain before its DID.
	await expect(page.getByRole('status').first()).toContainText('issued by Northwind Logistics through Skillproof')
	const issuedBy = page.locator('dt', { hasText: 'Issued by' }).locator('xpath=following-sibling::dd[1]')
	await expect(issuedBy).toContainText('Northwind Logistics · through Skillproof')
	// Its logo, as this site serves it for the organisation.
	await expect(issuedBy.locator('img')).toHaveAttribute('src', /^\/orgs\/northwind\/logo\?v=\d+$/)
	const cell = (await issuedBy.textContent()) ?? ''
	expect(cell.indexOf('Northwind Logistics')).toBeLessThan(cell.indexOf('did:web:'))
	await expect(page.locator('[data-browser-verification="done"]')).toContainText('In your browser: Valid', {
		timeout: 20_000,
	})
	await page.goto('/c/northwind-demo-revoked')
	await expect(page.getByRole('status').first()).toContainText('Revoked')
	await page.goto('/c/northwind-demo-expired')
	await expect(page.getByRole('status').first()).toContainText('Expired')
	await expect(page.locator('[data-browser-verification="done"]')).toContainText('Expired', { timeout: 20_000 })
})

test('the DID document and status lists are served as verifiers expect', async ({ request, baseURL }) => {
	const did = await request.get('/.well-known/did.json')
	expect(did.headers()['content-type']).toBe('application/did+json')
	const document = (await did.json()) as {
		id: string
		assertionMethod: string[]
		verificationMethod: Array<{ id: string; type: string }>
	}
	expect(document.id).toBe(`did:web:localhost%3A${new URL(baseURL!).port}`)
	expect(document.assertionMethod).toEqual(document.verificationMethod.map((m) => m.id))
	expect(
		document.verificationMethod.every((m) => m.type === 'Multikey' && m.id.startsWith(`${document.id}#z6Mk`)),
	).toBe(true)

	const list = await request.get('/credentials/status/1')
	expect(list.status()).toBe(200)
	const etag = list.headers()['etag']!
	expect(etag).toMatch(/^"status-1-\d+"$/)
	const again = await request.get('/credentials/status/1', { headers: { 'If-None-Match': etag } })
	expect(again.status()).toBe(304)
	expect((await request.get('/credentials/status/999999')).status()).toBe(404)

	// The demo organisation issues under its own DID, beneath the site's, whose document lists the key.
	const credential = (await (await request.get('/c/northwind-demo-valid/credential.json')).json()) as {
		issuer: { id: string; name: string }
		credentialSubject: { achievement: { id: string; name: string; creator: { id: string } } }
		proof: Array<{ verificationMethod: string }>
	}
	expect(credential.issuer).toMatchObject({ id: `${document.id}:orgs:northwind`, name: 'Northwind Logistics' })
	expect(credential.credentialSubject.achievement.creator.id).toBe(document.id)
	const orgDid = await request.get('/orgs/northwind/did.json')
	expect(orgDid.headers()['content-type']).toBe('application/did+json')
	const orgDocument = (await orgDid.json()) as { id: string; assertionMethod: string[] }
	expect(orgDocument.id).toBe(credential.issuer.id)
	expect(orgDocument.assertionMethod).toContain(credential.proof[0]!.verificationMethod)
	// A credential's achievement id resolves to the achievement.
	const { id, name } = credential.credentialSubject.achievement
	const achievement = await request.get(new URL(id).pathname)
	expect(achievement.status()).toBe(200)
	expect(await achievement.json()).toMatchObject({ id, name, type: ['Achievement'] })
	expect((await request.get(new URL(id).pathname.replace(/v\d+$/, 'v999'))).status()).toBe(404)
	expect((await request.get('/credentials/status/abc')).status()).toBe(404)
})
