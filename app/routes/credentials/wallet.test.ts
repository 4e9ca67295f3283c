import { RouterContextProvider } from 'react-router'
import { expect, test } from 'vitest'
import { earnCredential } from '../../../tests/setup/earn-credential'
import { sessionMiddleware } from '~/auth/auth.server'
import { serializeSessionCookie } from '~/auth/cookie.server'
import { createSession, newSession } from '~/auth/session.server'
import { db } from '~/db/db.server'
import { action } from './wallet'

/** A signed-in learner's request to send `credentialId` to a wallet, through the session middleware as served. */
async function sendToWallet(cookie: string, credentialId: string) {
	const body = new FormData()
	body.set('intent', 'to-wallet')
	body.set('credentialId', credentialId)
	const request = new Request('http://localhost:3000/credentials', {
		method: 'POST',
		body,
		headers: { Cookie: cookie },
	})
	const args = {
		request,
		context: new RouterContextProvider(),
		params: {},
		url: new URL(request.url),
		pattern: '/credentials',
	}
	// What the action returned, or threw (a refusal is thrown as data with a status).
	let outcome: unknown
	await sessionMiddleware(args, async () => {
		try {
			outcome = await action(args)
		} catch (thrown) {
			outcome = thrown
		}
		return new Response(null)
	})
	return outcome
}

async function signedIn(userId: string) {
	const { token } = newSession()
	const session = await createSession(token, userId)
	return (await serializeSessionCookie(token, session.expiresAt)).split(';')[0]!
}

test('a learner starts at most 20 wallet exchanges an hour; the 21st is refused with when to try again', async () => {
	const { row, learner } = await earnCredential()
	const cookie = await signedIn(learner.id)
	for (let i = 0; i < 20; i++) {
		const started = (await sendToWallet(cookie, row.id)) as { exchange?: { vcapi: string } }
		expect(started.exchange?.vcapi).toMatch(/\/exchanges\//)
	}
	const refused = (await sendToWallet(cookie, row.id)) as { init: ResponseInit; data: { message: string } }
	expect(refused.init.status).toBe(429)
	expect(refused.data.message).toBe('You have started 20 wallet exchanges in the last hour: try again in 60 minutes.')
	expect(await db.walletExchange.count({ where: { userId: learner.id } })).toBe(20)

	// Another learner is not held back by it.
	const { row: theirs, learner: other } = await earnCredential({ name: 'Ada Other' })
	const theirStart = (await sendToWallet(await signedIn(other.id), theirs.id)) as { exchange?: unknown }
	expect(theirStart.exchange).toBeDefined()
})
