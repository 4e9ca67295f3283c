/**
 * The security headers of every page and file of the site, and the browser's side of the
 * Content-Security-Policy: no page reports a violation, and the parts that run in the browser
 * (lesson demos, in-browser credential checks, report charts) still work under it.
 */
import type { Page } from '@playwright/test'
import { generateToken, hashToken } from '../../app/auth/tokens'
import { expect, test } from './fixtures'
import { parseCsp, POLICY } from './security-policy'

const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=()'

type Headers = Record<string, string>

/** The headers every response has, whatever it holds. */
function expectHardening(headers: Headers, where: string) {
	expect(headers['x-content-type-options'], where).toBe('nosniff')
	// Pages that hold a secret address (an invitation, a calendar feed) add no-referrer; the last
	// policy in the header is the one browsers apply.
	expect(headers['referrer-policy']?.split(',').at(-1)?.trim(), where).toMatch(
		/^(strict-origin-when-cross-origin|no-referrer)$/,
	)
	expect(headers['referrer-policy'], where).toMatch(/^strict-origin-when-cross-origin\b/)
	expect(headers['x-frame-options'], where).toBe('DENY')
	expect(headers['cross-origin-opener-policy'], where).toBe('same-origin')
	expect(headers['permissions-policy'], where).toBe(PERMISSIONS_POLICY)
	// The test servers run on http://localhost: no HSTS there (it is sent on an https origin).
	expect(headers['strict-transport-security'], where).toBeUndefined()
}

/** Checks the policy and returns its nonce. */
function expectPolicy(headers: Headers, where: string): string {
	const directives = parseCsp(headers['content-security-policy'] ?? '')
	const scriptSrc = directives.get('script-src') ?? ''
	const nonce = /^'self' 'nonce-([A-Za-z0-9+/]{22}==)'$/.exec(scriptSrc)?.[1]
	expect(nonce, `${where}: script-src is ${scriptSrc}`).toBeDefined()
	directives.delete('script-src')
	expect(Object.fromEntries(directives), where).toEqual(POLICY)
	return nonce!
}

/** Records the policy violations the browser reports, from before any script of the page runs. */
async function watchViolations(page: Page) {
	await page.addInitScript(() => {
		const seen: string[] = []
		Object.assign(window, { cspViolations: seen })
		document.addEventListener('securitypolicyviolation', (event) =>
			seen.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}`),
		)
	})
}

async function expectNoViolations(page: Page, where: string) {
	await page.waitForLoadState('networkidle')
	const violations = await page.evaluate(() => (window as unknown as { cspViolations?: string[] }).cspViolations)
	expect(violations, `${where}: policy violations`).toEqual([])
}

/**
 * Opens a page and checks its headers, that its nonce is new, that every script in its HTML
 * carries that nonce, and that the browser reported no violation once it settled. Returns the HTML.
 */
async function visit(page: Page, path: string, nonces: Set<string>, status = 200): Promise<string> {
	const response = await page.goto(path)
	expect(response?.status(), path).toBe(status)
	const headers = await response!.allHeaders()
	expectHardening(headers, path)
	const nonce = expectPolicy(headers, path)
	expect(nonces.has(nonce), `${path}: a nonce seen before`).toBe(false)
	nonces.add(nonce)
	const html = await response!.text()
	const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1] ?? '')
	expect(scripts.length, `${path}: scripts`).toBeGreaterThan(0)
	for (const attributes of scripts) expect(attributes, `${path}: a script without the nonce`).toContain(nonce)
	await expectNoViolations(page, path)
	return html
}

/** A file or data answer: the hardening headers, and the type it should have. */
async function expectFile(page: Page, path: string, contentType: RegExp) {
	const response = await page.request.get(path)
	expect(response.status(), path).toBe(200)
	const headers = response.headers()
	expect(headers['content-type'], path).toMatch(contentType)
	expectHardening(headers, path)
	return headers
}

test('anonymous pages, the credential pages and the public files: headers, and no violation', async ({ page }) => {
	await watchViolations(page)
	const nonces = new Set<string>()
	const home = await visit(page, '/', nonces)
	for (const path of ['/sign-in', '/sign-up', '/paths', '/paths/data-literacy', '/skills', '/verify']) {
		await visit(page, path, nonces)
	}
	await visit(page, '/no/such/page', nonces, 404)
	await visit(page, '/invitations/no-such-invitation', nonces, 404)

	// A skill page, reached from the catalogue.
	await page.goto('/skills')
	const skill = page.getByRole('link', { name: 'evaluate data, information and digital content' }).first()
	await visit(page, (await skill.getAttribute('href'))!, nonces)

	// The credential page verifies in the browser, fetching the DID document and status list.
	await visit(page, '/c/northwind-demo-valid', nonces)
	await page.getByText('How we checked').click()
	const inBrowser = page.locator('[data-browser-verification="done"]')
	await expect(inBrowser).toBeVisible({ timeout: 20_000 })
	await expect(inBrowser.locator('[data-outcome="pass"]')).toHaveCount(5)
	// Its badge is an image from this site.
	const badge = page.locator('article img').first()
	await expect.poll(() => badge.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0)
	await expectNoViolations(page, 'the credential page after its checks')

	// The public profile verifies its credentials in the browser too.
	await visit(page, '/u/priya-natarajan', nonces)
	await expect(page.locator('[data-browser-verification="done"]')).toBeVisible({ timeout: 20_000 })
	await expectNoViolations(page, 'the public profile after its checks')

	// The verify page's form, answered by its action.
	const credential = await page.request.get('/c/northwind-demo-valid/credential.json')
	await visit(page, '/verify', nonces)
	await page.getByLabel('Credential JSON').fill(await credential.text())
	await page.getByRole('button', { name: 'Verify' }).click()
	await expect(page.getByRole('heading', { name: /Result: Valid/ })).toBeVisible({ timeout: 20_000 })
	await expectNoViolations(page, 'the verify page with its result')

	// Files for verifiers keep their CORS header beside the security headers.
	const did = await expectFile(page, '/.well-known/did.json', /^application\/did\+json/)
	expect(did['access-control-allow-origin']).toBe('*')
	const json = await expectFile(page, '/c/northwind-demo-valid/credential.json', /^application\/ld\+json/)
	expect(json['access-control-allow-origin']).toBe('*')
	const signed = (await credential.json()) as {
		credentialStatus: Array<{ statusListCredential: string }> | { statusListCredential: string }
		credentialSubject: { achievement: { id: string; image: { id: string } } }
	}
	const status = [signed.credentialStatus].flat()[0]!
	const list = await expectFile(page, new URL(status.statusListCredential).pathname, /^application\/vc\+ld\+json/)
	expect(list['access-control-allow-origin']).toBe('*')
	const { achievement } = signed.credentialSubject
	await expectFile(page, new URL(achievement.id).pathname, /json/)
	await expectFile(page, new URL(achievement.image.id).pathname, /^image\/svg\+xml/)
	await expectFile(page, '/schemas/skills-record-v1.json', /json/)
	await expectFile(page, '/healthz', /json/)
	await expectFile(page, '/favicon.svg', /^image\/svg\+xml/)
	// The static files: scripts and styles.
	const assets = [...home.matchAll(/href="(\/assets\/[^"]+)"/g)].map((m) => m[1]!)
	await expectFile(
		page,
		assets.find((path) => path.endsWith('.js'))!,
		/javascript/,
	)
	await expectFile(
		page,
		assets.find((path) => path.endsWith('.css'))!,
		/^text\/css/,
	)
})

test('a learner’s pages, a lesson whose interactive parts work, and the learner’s files', async ({
	page,
	db,
	createUser,
	signInAs,
}) => {
	await watchViolations(page)
	const nonces = new Set<string>()
	const learner = await createUser({ name: 'Policy Learner', role: 'LEARNER' })
	await signInAs(learner)
	for (const path of ['/dashboard', '/account', '/profile', '/credentials', '/paths/data-literacy/assessment']) {
		await visit(page, path, nonces)
	}

	// A lesson: its compiled MDX arrives as a module from this site, and its demo responds.
	await visit(page, '/paths/data-literacy/averages-and-spread', nonces)
	const explorer = page.getByRole('region', { name: 'Try it: mean and median' })
	await expect(explorer).toContainText('£36,571')
	await explorer.getByRole('button', { name: 'Add a director on £250,000' }).click()
	await expect(explorer).toContainText('£63,250')
	const module = await page.evaluate(
		() => document.querySelector<HTMLLinkElement>('link[rel="modulepreload"][href*="/lesson.js"]')?.href,
	)
	await expectFile(page, new URL(module!).pathname + new URL(module!).search, /^text\/javascript/)
	// Its knowledge check posts to the lesson's action.
	const check = page.getByRole('region', { name: 'Check your understanding' })
	await check.getByRole('button', { name: 'Check my answers' }).click()
	await expect(check.getByRole('alert')).toHaveText('Answer every question before checking your answers.')
	await expectNoViolations(page, 'the lesson after its demo and check')

	// Another lesson, reached from the page's own link (loaded in the browser, not from the server).
	await visit(page, '/paths/data-literacy/averages-and-spread', nonces)
	await page.getByRole('link', { name: /→$/ }).click()
	await expect(page).toHaveURL(/distributions-and-regression-to-the-mean$/)
	await visit(page, '/paths/data-literacy/misleading-charts', nonces)
	await page.getByRole('button', { name: 'Start the axis at zero' }).click()
	await expect(page.getByRole('img', { name: /axis starting at 0:/ })).toBeVisible()
	await expectNoViolations(page, 'the lesson after its demo')

	// A holder's files: the credential, its certificate, the skills record and the calendar feed.
	const priya = await db.user.findUniqueOrThrow({ where: { email: 'priya.natarajan@northwind.example' } })
	await page.context().clearCookies()
	await signInAs({ ...learner, id: priya.id })
	await visit(page, '/credentials', nonces)
	const json = await page.getByRole('link', { name: 'Download JSON' }).first().getAttribute('href')
	const pdf = await page.getByRole('link', { name: 'Download PDF certificate' }).first().getAttribute('href')
	await expectFile(page, json!, /^application\/ld\+json/)
	await expectFile(page, pdf!, /^application\/pdf/)
	await expectFile(page, '/profile/skills-record.json', /json/)
	const token = generateToken('calendarFeed')
	const tokenHash = hashToken(token)
	await db.calendarFeed.upsert({
		where: { userId: priya.id },
		create: { userId: priya.id, tokenHash },
		update: { tokenHash },
	})
	const feed = await expectFile(page, `/calendar/${token}.ics`, /^text\/calendar/)
	expect(feed['referrer-policy']).toBe('strict-origin-when-cross-origin, no-referrer')
})

test('admin pages, the reports chart and the CSV exports: headers, and no violation', async ({
	page,
	createUser,
	signInAs,
}) => {
	await watchViolations(page)
	const nonces = new Set<string>()
	const admin = await createUser({ name: 'Policy Admin', role: 'ADMIN' })
	await signInAs(admin)
	for (const path of [
		'/admin',
		'/admin/people',
		'/admin/teams',
		'/admin/invitations',
		'/admin/import',
		'/admin/assignments',
		'/admin/credentials',
		'/admin/audit',
		'/admin/outbox',
		'/admin/skills-gap',
	]) {
		await visit(page, path, nonces)
	}

	// The reports draw their charts in the browser (Recharts), which the policy allows.
	await visit(page, '/admin/reports?path=data-literacy', nonces)
	const chart = page.getByRole('img', { name: /Stacked bars of/ })
	await expect(chart).toBeVisible()
	await expect(chart.locator('svg.recharts-surface').first()).toBeVisible()
	await expect(chart.locator('.recharts-bar-rectangle').first()).toBeAttached()
	await page.getByRole('group', { name: 'By team: view' }).getByRole('button', { name: 'Table' }).click()
	await expect(page.getByRole('columnheader', { name: 'Team' }).first()).toBeVisible()
	await expectNoViolations(page, 'the reports with their charts')
	const team = await page.getByRole('link', { name: 'Operations', exact: true }).first().getAttribute('href')
	await visit(page, team!, nonces)

	await expectFile(page, '/admin/audit.csv', /^text\/csv/)
	await expectFile(page, '/admin/reports.csv?path=data-literacy', /^text\/csv/)
})

test('a request body over the limit is refused with 413; the verify page keeps its own message', async ({
	page,
	baseURL,
}) => {
	const headers = { Origin: baseURL! }
	const form = await page.request.post('/sign-in', {
		headers,
		form: { email: 'a@example.test', password: 'x'.repeat(1024 * 1024) },
	})
	expect(form.status()).toBe(413)
	expect(await form.text()).toContain('at most 1 MB')
	expectHardening(form.headers(), 'the 413 answer')

	// The verify page answers a document a little over its 2 MB limit itself, on the page, and a
	// credential over 256 KB (a record may be larger).
	const padding = (size: number) => JSON.stringify({ padding: 'x'.repeat(size) })
	const overOwnLimit = await page.request.post('/verify', {
		headers,
		multipart: { credential: padding(2 * 1024 * 1024 + 10) },
	})
	expect(overOwnLimit.status()).toBe(413)
	expect(await overOwnLimit.text()).toContain('It is larger than 2 MB, the most this page accepts')
	const largeCredential = await page.request.post('/verify', {
		headers,
		multipart: { credential: padding(300 * 1024) },
	})
	expect(largeCredential.status()).toBe(413)
	expect(await largeCredential.text()).toContain('This credential is 301 KB; a credential is at most 256 KB here')
	// Far past it, the server refuses it before the page reads it.
	const farOver = await page.request.post('/verify', { headers, multipart: { credential: padding(5 * 1024 * 1024) } })
	expect(farOver.status()).toBe(413)
	expect(await farOver.text()).toContain('at most 4 MB')
})
