/** The operator's trust list in the database: validated, kept as a history, and read by verification. */
import { expect, test } from 'vitest'
import { didKeyCredential } from '../../tests/fixtures/sample-credential'
import { failure } from '../../tests/setup/failure'
import { db } from '../db/db.server'
import { issuerDid } from './issuer.server'
import {
	distrustIssuer,
	issuerTrust,
	TrustListError,
	trustedIssuers,
	trustIssuer,
	trustListHistory,
} from './trust-list.server'
import { verifyOnServer } from './verify.server'

test('an issuer on the list verifies as valid; taken off, its credentials are no longer valid; every state stays readable', async () => {
	const { credential, didKey } = await didKeyCredential('Northwind Logistics', 'https://northwind.example')
	expect((await verifyOnServer(credential)).state).toBe('unrecognised-issuer')

	const added = await trustIssuer({
		did: didKey,
		name: 'Northwind Logistics',
		url: 'https://northwind.example',
		note: null,
	})
	const report = await verifyOnServer(credential)
	expect(report.state).toBe('valid')
	expect(report.issuer).toMatchObject({ standing: 'trusted', name: 'Northwind Logistics', domain: 'northwind.example' })

	// Renamed: the list gives the new name; the old state is still there to read.
	const renamed = await trustIssuer({
		did: didKey,
		name: 'Northwind Logistics plc',
		url: null,
		note: 'Renamed in 2026',
	})
	expect((await trustedIssuers()).find((t) => t.did === didKey)).toMatchObject({
		name: 'Northwind Logistics plc',
		url: null,
		note: 'Renamed in 2026',
		version: renamed,
	})
	expect((await trustedIssuers(added)).find((t) => t.did === didKey)?.name).toBe('Northwind Logistics')

	const removed = await distrustIssuer(didKey, 'The key was lost')
	expect((await trustedIssuers()).some((t) => t.did === didKey)).toBe(false)
	expect((await trustedIssuers(renamed)).some((t) => t.did === didKey)).toBe(true)
	expect((await verifyOnServer(credential)).state).toBe('unrecognised-issuer')
	const history = (await trustListHistory()).filter((c) => c.did === didKey)
	expect(history.map((c) => [c.version, c.action])).toEqual([
		[added, 'add'],
		[renamed, 'add'],
		[removed, 'remove'],
	])
	expect(added < renamed && renamed < removed).toBe(true)
})

test('what is not a usable issuer is refused with a reason, and nothing is written', async () => {
	const before = await db.trustedIssuerChange.count()
	const { didKey } = await didKeyCredential()
	const cases: Array<[Parameters<typeof trustIssuer>[0], RegExp]> = [
		[{ did: 'did:web:northwind.example', name: 'Northwind', url: null, note: null }, /Ed25519 did:key/],
		[
			{ did: 'did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme', name: 'Secp', url: null, note: null },
			/did:key:z6Mk/,
		],
		[{ did: didKey, name: '  ', url: null, note: null }, /Give the issuer’s name/],
		[{ did: didKey, name: 'North\u202ewind', url: null, note: null }, /invisible characters/],
		[{ did: didKey, name: 'Northwind', url: 'http://northwind.example', note: null }, /starting with https/],
		[{ did: didKey, name: 'Northwind', url: 'javascript:alert(1)', note: null }, /starting with https/],
		[{ did: issuerDid, name: 'Us', url: null, note: null }, /Ed25519 did:key/],
	]
	for (const [input, message] of cases) {
		const error = await failure(() => trustIssuer(input))
		expect(error).toBeInstanceOf(TrustListError)
		expect((error as Error).message).toMatch(message)
	}
	const notListed = await failure(() => distrustIssuer(didKey, null))
	expect((notListed as Error).message).toBe(`${didKey} is not on the trust list.`)
	expect(await db.trustedIssuerChange.count()).toBe(before)
})

test('verification reads the list again only when it has changed, whoever changed it', async () => {
	const first = await issuerTrust()
	expect(await issuerTrust()).toBe(first)
	expect(first.siteDids).toEqual([issuerDid])
	// Another instance (or the operator's command) adds an issuer: the next verification here sees it.
	const { didKey } = await didKeyCredential()
	await db.trustedIssuerChange.create({ data: { did: didKey, action: 'add', name: 'Elsewhere', url: null } })
	const after = await issuerTrust()
	expect(after).not.toBe(first)
	expect(after.trusted).toContainEqual({ did: didKey, name: 'Elsewhere', url: null })
})
