import { RouterContextProvider } from 'react-router'
import { expect, onTestFinished, test } from 'vitest'
import { signUpTestAccount } from '../../tests/setup/accounts'
import { uniqueEmail } from '../../tests/setup/factories'
import { config } from '~/config.server'
import { db } from '~/db/db.server'
import { clientAddressContext } from '~/http/request-context'
import { action, loader } from './sign-up'

/** A sign-up from `ip`, answered as data: a refusal with its status, or the page that says to check the mail. */
async function signUpFrom(ip: string, email: string) {
	const context = new RouterContextProvider()
	context.set(clientAddressContext, ip)
	const body = new FormData()
	for (const [name, value] of Object.entries({ name: 'Sam Newcomer', email, password: 'three unrelated words here' }))
		body.set(name, value)
	const request = new Request('http://localhost:3000/sign-up', { method: 'POST', body })
	return action({ request, context, params: {}, url: new URL(request.url), pattern: '/sign-up' })
}

const statusOf = (result: unknown) =>
	result instanceof Response
		? result.status
		: result && typeof result === 'object' && 'init' in result
			? (result as { init: ResponseInit | null }).init?.status
			: 200

test('one client address creates at most 20 accounts an hour; the 21st try is refused before any work', async () => {
	const ip = '198.51.100.23'
	for (let i = 0; i < 20; i++) expect(statusOf(await signUpFrom(ip, uniqueEmail()))).toBe(200)
	const email = uniqueEmail()
	const refused = await signUpFrom(ip, email)
	expect(statusOf(refused)).toBe(429)
	expect(JSON.stringify((refused as { data: unknown }).data)).toContain(
		'Too many sign-ups were tried from your network or for this address. Try again in 60 minutes.',
	)
	expect(await db.user.count({ where: { email } })).toBe(0)
	// Another address is not affected.
	expect(statusOf(await signUpFrom('198.51.100.24', uniqueEmail()))).toBe(200)
}, 60_000)

test('the answer is the same whether or not the address has an account, and one address gets at most 5 tries an hour', async () => {
	const taken = await signUpTestAccount('Already Here')
	const fresh = uniqueEmail()
	const answer = (value: unknown, email: string) => JSON.stringify(value).replaceAll(email, '<email>')
	const forTaken = await signUpFrom('198.51.100.60', taken.email)
	const forFresh = await signUpFrom('198.51.100.61', fresh)
	expect(statusOf(forTaken)).toBe(200)
	expect(answer(forTaken, taken.email)).toBe(answer(forFresh, fresh))
	expect(answer(forTaken, taken.email)).toContain('"sentTo":"<email>"')
	for (let i = 0; i < 4; i++) expect(statusOf(await signUpFrom(`198.51.100.${70 + i}`, taken.email))).toBe(200)
	expect(statusOf(await signUpFrom('198.51.100.80', taken.email))).toBe(429)
}, 60_000)

test('with SIGN_UP=closed there is no sign-up: the page says to ask for an invitation and a post creates nothing', async () => {
	const before = config.SIGN_UP
	config.SIGN_UP = 'closed'
	onTestFinished(() => {
		config.SIGN_UP = before
	})
	const request = new Request('http://localhost:3000/sign-up')
	const args = {
		request,
		context: new RouterContextProvider(),
		params: {},
		url: new URL(request.url),
		pattern: '/sign-up',
	}
	expect(loader(args)).toEqual({ open: false })
	const email = uniqueEmail()
	const refused = await signUpFrom('198.51.100.40', email).catch((thrown: unknown) => thrown)
	expect(statusOf(refused)).toBe(403)
	expect(JSON.stringify((refused as { data: unknown }).data)).toContain('created by invitation only')
	expect(await db.user.count({ where: { email } })).toBe(0)
})
