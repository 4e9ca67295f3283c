import { RouterContextProvider } from 'react-router'
import { expect, test } from 'vitest'
import { createTestOrg, createTestUser } from '../../../tests/setup/factories'
import { requireAdminMiddleware, sessionMiddleware } from '~/auth/auth.server'
import { serializeSessionCookie } from '~/auth/cookie.server'
import { createSession, newSession } from '~/auth/session.server'
import { config } from '~/config.server'
import { db } from '~/db/db.server'
import { queueEmail } from '~/email/outbox.server'
import { WITHHELD_LINK } from '~/email/private-links'
import { loader as htmlLoader } from './outbox-html'
import { loader } from './outbox'

async function signedIn(userId: string) {
	const { token } = newSession()
	const session = await createSession(token, userId)
	return (await serializeSessionCookie(token, session.expiresAt)).split(';')[0]!
}

/**
 * A GET through the middleware the admin area runs (the session, then the admin check), then
 * `answer`: what it returned, or threw.
 */
async function asAdmin<T>(cookie: string, path: string, answer: (args: LoaderArgs) => Promise<T>) {
	const request = new Request(`http://localhost:3000${path}`, { headers: { Cookie: cookie } })
	const args = { request, context: new RouterContextProvider(), params: {}, url: new URL(request.url), pattern: path }
	let outcome: unknown
	await sessionMiddleware(args, async () => {
		await requireAdminMiddleware(args, async () => {
			try {
				outcome = await answer(args)
			} catch (thrown) {
				outcome = thrown
			}
			return new Response(null)
		})
		return new Response(null)
	})
	return outcome
}
type LoaderArgs = { request: Request; context: RouterContextProvider; params: object; url: URL; pattern: string }

async function world() {
	const mine = await createTestOrg('Globex', { name: 'Hank Admin', role: 'ADMIN' })
	const theirs = await createTestOrg('Initech', { name: 'Bill Admin', role: 'ADMIN' })
	const token = `${crypto.randomUUID().replaceAll('-', '')}Ab_-Cd`
	const invitationLink = `${config.PUBLIC_ORIGIN}/invitations/${token}`
	const pathLink = `${config.PUBLIC_ORIGIN}/paths/data-literacy`
	await db.$transaction(async (tx) => {
		await queueEmail(tx, {
			orgId: mine.org.id,
			to: 'ana@example.test',
			content: {
				template: 'overdue',
				props: { orgName: 'Globex', pathTitle: 'Data literacy', link: pathLink, dueAt: new Date().toISOString() },
			},
		})
		await queueEmail(tx, {
			orgId: mine.org.id,
			to: 'new.person@example.test',
			content: {
				template: 'invitation',
				props: {
					inviterName: 'Hank Admin',
					orgName: 'Globex',
					teamName: null,
					asAdministrator: false,
					link: invitationLink,
					expiresAt: new Date().toISOString(),
				},
			},
			privateLinks: [invitationLink],
		})
		await queueEmail(tx, {
			orgId: theirs.org.id,
			to: 'bob@example.test',
			content: {
				template: 'overdue',
				props: { orgName: 'Initech', pathTitle: 'Data literacy', link: pathLink, dueAt: new Date().toISOString() },
			},
		})
	})
	const theirEmail = await db.outboxEmail.findFirstOrThrow({ where: { orgId: theirs.org.id }, select: { id: true } })
	return { mine, theirs, token, pathLink, theirEmailId: theirEmail.id }
}

test('the outbox shows the organisation’s emails with their links clickable, private links as words', async () => {
	const { mine, token, pathLink } = await world()
	const cookie = await signedIn(mine.actor.id)
	const page = (await asAdmin(cookie, '/admin/outbox', loader)) as Awaited<ReturnType<typeof loader>>
	expect(page.emails.map((e) => e.to).sort()).toEqual(['ana@example.test', 'new.person@example.test'])
	const overdue = page.emails.find((e) => e.to === 'ana@example.test')!
	expect(overdue.text).toContainEqual({ text: pathLink, href: pathLink })
	// The footer's link to the site is a link too.
	expect(overdue.text).toContainEqual({ text: config.PUBLIC_ORIGIN, href: config.PUBLIC_ORIGIN })
	const invitation = page.emails.find((e) => e.to === 'new.person@example.test')!
	const links = invitation.text.filter((run) => run.href).map((run) => run.href)
	expect(links).toEqual([config.PUBLIC_ORIGIN])
	expect(invitation.text.map((run) => run.text).join('')).toContain(`Accept the invitation: ${WITHHELD_LINK}`)
	expect(JSON.stringify(page)).not.toContain(token)
	// Each has its formatted version at an address of the admin area.
	expect(invitation.html).toMatch(/^\/admin\/outbox\/[A-Za-z0-9_-]+\/html$/)
})

test('an email’s formatted version is served to its organisation’s admins only, its private link withheld', async () => {
	const { mine, theirs, token, theirEmailId } = await world()
	const cookie = await signedIn(mine.actor.id)
	const invitation = await db.outboxEmail.findFirstOrThrow({
		where: { orgId: mine.org.id, to: 'new.person@example.test' },
	})
	const path = `/admin/outbox/${invitation.id}/html`
	const served = (await asAdmin(cookie, path, (args) =>
		htmlLoader({ ...args, params: { emailId: invitation.id } } as Parameters<typeof htmlLoader>[0]),
	)) as Response
	expect(served.status).toBe(200)
	expect(served.headers.get('Content-Type')).toBe('text/html; charset=utf-8')
	expect(served.headers.get('Cache-Control')).toBe('private, no-store')
	const html = await served.text()
	expect(html).toBe(invitation.html)
	expect(html).toContain(WITHHELD_LINK)
	expect(html).not.toContain(token)

	// Another organisation's email, and an address that is no email's, are not found.
	for (const emailId of [theirEmailId, '../outbox', 'missing']) {
		const refused = (await asAdmin(cookie, `/admin/outbox/${emailId}/html`, (args) =>
			htmlLoader({ ...args, params: { emailId } } as Parameters<typeof htmlLoader>[0]),
		)) as Response
		expect(refused.status).toBe(404)
	}
	// A learner of the organisation never reaches the loader.
	const learner = await createTestUser('Lena Learner')
	await db.membership.create({ data: { userId: learner.id, orgId: mine.org.id, role: 'LEARNER' } })
	const asLearner = asAdmin(await signedIn(learner.id), path, (args) =>
		htmlLoader({ ...args, params: { emailId: invitation.id } } as Parameters<typeof htmlLoader>[0]),
	)
	await expect(asLearner).rejects.toMatchObject({ init: { status: 403 } })
	// Their admin reads their own.
	const theirs200 = (await asAdmin(await signedIn(theirs.actor.id), `/admin/outbox/${theirEmailId}/html`, (args) =>
		htmlLoader({ ...args, params: { emailId: theirEmailId } } as Parameters<typeof htmlLoader>[0]),
	)) as Response
	expect(theirs200.status).toBe(200)
})
