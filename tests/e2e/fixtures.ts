/**
 * End-to-end fixtures: a database client for the project's server, people created directly in
 * it, sessions made without going through the sign-in form, and a check that no page logs an
 * unexpected error.
 */
import { test as base, expect, type Page } from '@playwright/test'
import { createCookie } from 'react-router'
import { hashPassword } from '../../app/auth/password.server'
import { SESSION_COOKIE_NAME } from '../../app/auth/session-cookie-name'
import { generateToken, hashToken } from '../../app/auth/tokens'
import { createDatabaseClient, type Database } from '../../app/db/client.server'
import { e2eTargetFor } from './targets'

export const PASSWORD = 'a sturdy passphrase'

export type TestUser = { id: string; name: string; email: string; password: string }
type Role = 'LEARNER' | 'ADMIN' | 'OWNER'

type Fixtures = {
	db: Database
	/** A person; with `role`, a member of `orgSlug` (Northwind, the shared demo organisation, by default). */
	createUser: (options?: { name?: string; role?: Role; orgSlug?: string }) => Promise<TestUser>
	/**
	 * An organisation of the test's own, for a test that changes what an organisation is (its sign-in
	 * rules, its provisioning): Northwind is shared by every test running at the same time.
	 */
	createOrg: (name: string) => Promise<{ id: string; slug: string; name: string }>
	signInAs: (user: TestUser, page?: Page) => Promise<void>
}

// Chromium reports every 4xx response as a console error; those are expected answers, not faults.
const EXPECTED_CONSOLE = /Failed to load resource: the server responded with a status of 4\d\d/

export const test = base.extend<Fixtures>({
	page: async ({ page }, use) => {
		const errors: string[] = []
		page.on('console', (message) => {
			if (message.type() === 'error' && !EXPECTED_CONSOLE.test(message.text())) errors.push(message.text())
		})
		page.on('pageerror', (error) => errors.push(error.message))
		await use(page)
		expect(errors, 'the page logged errors').toEqual([])
	},
	db: async ({ baseURL }, use) => {
		const client = createDatabaseClient(e2eTargetFor(baseURL).databaseUrl)
		await use(client)
		await client.$disconnect()
	},
	createUser: async ({ db }, use) => {
		await use(async ({ name = 'Test Learner', role, orgSlug = 'northwind' } = {}) => {
			const email = `${crypto.randomUUID()}@example.test`
			const org = role ? await db.organization.findUniqueOrThrow({ where: { slug: orgSlug } }) : null
			const user = await db.user.create({
				data: {
					name,
					email,
					passwordHash: await hashPassword(PASSWORD),
					emailVerifiedAt: new Date(),
					...(org && role ? { memberships: { create: { orgId: org.id, role } } } : {}),
				},
				select: { id: true },
			})
			return { id: user.id, name, email, password: PASSWORD }
		})
	},
	createOrg: async ({ db }, use) => {
		await use(async (name) => {
			const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${crypto.randomUUID().slice(0, 8)}`
			return db.organization.create({ data: { name, slug }, select: { id: true, slug: true, name: true } })
		})
	},
	signInAs: async ({ db, page, baseURL }, use) => {
		await use(async (user, target = page) => {
			const token = generateToken('session')
			const expiresAt = new Date(Date.now() + 30 * 24 * 60 * 60 * 1000)
			await db.session.create({ data: { id: hashToken(token), userId: user.id, expiresAt } })
			const header = await createCookie(SESSION_COOKIE_NAME).serialize(token)
			const value = header.split(';')[0]!.slice(SESSION_COOKIE_NAME.length + 1)
			await target
				.context()
				.addCookies([
					{ name: SESSION_COOKIE_NAME, value, url: baseURL!, httpOnly: true, sameSite: 'Lax', secure: true },
				])
		})
	},
})

export { expect }
