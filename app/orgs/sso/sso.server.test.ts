import { afterAll, beforeAll, expect, test, vi } from 'vitest'
import { TEST_PASSWORD, signUpTestAccount, uniqueIp } from '../../../tests/setup/accounts'
import { createTestOrg } from '../../../tests/setup/factories'
import {
	followToCallback,
	startOpenIdProvider,
	TEST_CLIENT,
	type TestOpenIdProvider,
} from '../../../tests/fixtures/test-openid-provider'
import { signIn } from '../../auth/account.server'
import { validateSessionToken } from '../../auth/session.server'
import { db } from '../../db/db.server'
import { createTeam } from '../teams.server'
import { saveSsoSettings } from './sso-settings.server'
import { finishSso, ssoRedirectUri, startSso } from './sso.server'

let provider: TestOpenIdProvider

beforeAll(async () => {
	provider = await startOpenIdProvider({ redirectUris: [ssoRedirectUri()], extraClaims: { department: 'Warehouse' } })
})
afterAll(() => provider.close())

/** An organisation with single sign-on through the test provider, listing a domain of its own. */
async function ssoOrg(options: { required?: boolean } = {}) {
	const domain = `${crypto.randomUUID().slice(0, 8)}.example`
	const { org, actor } = await createTestOrg('Tailspin', { name: 'Otto Owner', role: 'OWNER' })
	await db.orgJoinDomain.create({ data: { domain, orgId: org.id, createdById: actor.id } })
	await saveSsoSettings(org.id, actor, {
		issuer: provider.issuer,
		clientId: TEST_CLIENT.clientId,
		clientSecret: TEST_CLIENT.clientSecret,
		teamClaim: 'department',
		...(options.required ? { required: 'on' as const } : {}),
	})
	return { org, actor, domain }
}

/** A whole sign-in: started here, through the provider, back at the callback in the same browser. */
async function signInThrough(slug: string, email: string) {
	const started = await startSso(slug, { redirectTo: '/dashboard', loginHint: email })
	const callback = await followToCallback(started.url, ssoRedirectUri())
	return { started, callback, outcome: await finishSso(callback, started.state) }
}

test('a first sign-in creates the member with a confirmed address, in the team its claim names; the session has passed both steps', async () => {
	const { org, domain } = await ssoOrg()
	const team = await createTeam(org.id, { id: 'x', name: 'Setup' }, 'Warehouse')
	const email = `new.person@${domain}`
	const { started, outcome } = await signInThrough(org.slug, email)
	expect(new URL(started.url).searchParams.get('code_challenge_method')).toBe('S256')
	expect(outcome).toMatchObject({ ok: true, redirectTo: '/dashboard' })
	if (!outcome.ok) return
	const user = await db.user.findUniqueOrThrow({ where: { email }, include: { memberships: true } })
	expect(user.emailVerifiedAt).not.toBeNull()
	expect(user.memberships).toMatchObject([{ orgId: org.id, role: 'LEARNER', teamId: team.id }])
	expect((await validateSessionToken(outcome.token))?.user.id).toBe(user.id)
	// A second sign-in finds the same person.
	const again = await signInThrough(org.slug, email)
	expect(again.outcome).toMatchObject({ ok: true, userId: user.id })
})

test('refused, changing nothing: a wrong issuer, audience or nonce, an expired ID token, an unverified email, a deactivated member', async () => {
	const { org, domain } = await ssoOrg()
	const tampered: Array<[string, (claims: Record<string, unknown>) => Record<string, unknown>]> = [
		['"iss" (issuer)', (c) => ({ ...c, iss: 'https://elsewhere.example' })],
		['"aud" (audience)', (c) => ({ ...c, aud: 'another-client' })],
		['"nonce"', (c) => ({ ...c, nonce: 'not the one sent' })],
		[
			'"exp" (expiration time)',
			(c) => ({ ...c, iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 }),
		],
	]
	// Each refusal is logged for the operator, with the claim openid-client found wrong.
	const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
	for (const [claim, change] of tampered) {
		provider.tamper(change)
		logged.mockClear()
		const email = `tampered.${crypto.randomUUID().slice(0, 6)}@${domain}`
		const { outcome } = await signInThrough(org.slug, email)
		expect(outcome, claim).toEqual({
			ok: false,
			message: 'Your organisation’s sign-in answer could not be verified, so you are not signed in.',
		})
		expect(logged.mock.calls.flat().map(String).join(' '), claim).toContain(claim)
		expect(await db.user.count({ where: { email } }), claim).toBe(0)
	}
	provider.tamper(null)
	logged.mockClear()

	const unverified = await signInThrough(org.slug, `unverified.person@${domain}`)
	expect(unverified.outcome).toMatchObject({ ok: false, message: expect.stringMatching(/has not verified/) })

	const leaver = `leaver@${domain}`
	const first = await signInThrough(org.slug, leaver)
	if (!first.outcome.ok) throw new Error(first.outcome.message)
	await db.membership.updateMany({ where: { userId: first.outcome.userId }, data: { deactivatedAt: new Date() } })
	const sessionsBefore = await db.session.count({ where: { userId: first.outcome.userId } })
	expect((await signInThrough(org.slug, leaver)).outcome).toMatchObject({
		ok: false,
		message: expect.stringMatching(/ended/),
	})
	expect(await db.session.count({ where: { userId: first.outcome.userId } })).toBe(sessionsBefore)
})

test('the answer is finished only in the browser that started, once; another domain, or someone else’s account, is refused', async () => {
	const { org, domain } = await ssoOrg()
	const started = await startSso(org.slug, { redirectTo: '/dashboard', loginHint: `once@${domain}` })
	const callback = await followToCallback(started.url, ssoRedirectUri())
	expect(await finishSso(callback, 'a state this browser never had')).toMatchObject({ ok: false })
	expect(await finishSso(callback, null)).toMatchObject({ ok: false })
	expect(await finishSso(callback, started.state)).toMatchObject({ ok: true })
	expect(await finishSso(callback, started.state)).toMatchObject({
		ok: false,
		message: expect.stringMatching(/already used/),
	})

	// The provider speaks for the organisation's own domains only: nobody else's account is signed in to.
	const stranger = await signUpTestAccount('Somebody Else')
	const foreign = await signInThrough(org.slug, stranger.email)
	expect(foreign.outcome).toMatchObject({
		ok: false,
		message: expect.stringMatching(/not at a domain of this organisation/),
	})
	expect(await db.membership.count({ where: { userId: stranger.userId } })).toBe(0)
})

test('with single sign-on required, members cannot sign in with a password; owners still can', async () => {
	const { org } = await ssoOrg({ required: true })
	const learner = await signUpTestAccount('Lena Learner')
	await db.membership.create({ data: { userId: learner.userId, orgId: org.id } })
	expect(await signIn({ email: learner.email, password: TEST_PASSWORD, ip: uniqueIp() })).toMatchObject({
		ok: false,
		message: expect.stringMatching(/signs its people in with single sign-on/),
	})
	const owner = await signUpTestAccount('Olga Owner')
	await db.membership.create({ data: { userId: owner.userId, orgId: org.id, role: 'OWNER' } })
	expect((await signIn({ email: owner.email, password: TEST_PASSWORD, ip: uniqueIp() })).ok).toBe(true)
})
