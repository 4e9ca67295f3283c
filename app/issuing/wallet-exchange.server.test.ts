/**
 * A credential sent to a wallet over a VC-API exchange: DID Authentication over a one-time
 * challenge, a copy bound to the wallet's DID signed by the same issuer and sharing the original's
 * status, single use, 15 minutes.
 */
import * as vc from '@digitalbazaar/vc'
import { DataIntegrityProof } from '@digitalbazaar/data-integrity'
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite'
import { expect, test } from 'vitest'
import { didKeyIssuer } from '../../tests/fixtures/sample-credential'
import { testWallet } from '../../tests/fixtures/test-wallet'
import { earnCredential } from '../../tests/setup/earn-credential'
import { createTestOrg } from '../../tests/setup/factories'
import { failure } from '../../tests/setup/failure'
import { validateAchievementCredential } from '../../tests/setup/ob-schema'
import { config } from '../config.server'
import { db } from '../db/db.server'
import { changeCredentialStatus } from './status-changes.server'
import { serverDocumentLoader } from './status-lists.server'
import { verifyOnServer } from './verify.server'
import {
	ExchangeError,
	participateInExchange,
	pruneWalletExchanges,
	startWalletExchange,
} from './wallet-exchange.server'

type Request = { verifiablePresentationRequest: { challenge: string; domain: string; query: Array<{ type: string }> } }
type Delivered = { verifiablePresentation: { verifiableCredential: Array<Record<string, unknown>> } }
type Copy = {
	id: string
	issuer: { id: string }
	credentialSubject: { id: string }
	credentialStatus: unknown[]
	proof: Array<{ verificationMethod: string }>
}

async function refusal(work: () => Promise<unknown>) {
	const error = await failure(work)
	expect(error).toBeInstanceOf(ExchangeError)
	return { status: (error as ExchangeError).status, message: (error as Error).message }
}

test('a wallet proves its DID and receives a copy bound to it, signed by the organisation, sharing the original’s status', async () => {
	const { org, actor } = await createTestOrg('Woodgrove', { name: 'Wren Owner', role: 'OWNER' })
	const { row, learner } = await earnCredential({ userId: actor.id })
	const started = await startWalletExchange(learner.id, row.id)
	expect(started.vcapi).toBe(`${config.PUBLIC_ORIGIN}/exchanges/${started.id}`)
	expect(new URL(started.lcw).searchParams.get('request')).toBe(
		JSON.stringify({ credentialRequestOrigin: config.PUBLIC_ORIGIN, protocols: { vcapi: started.vcapi } }),
	)
	expect(new URL(started.learnCard).searchParams.get('vc_request_url')).toBe(started.vcapi)

	// Step 1: the wallet asks what is wanted.
	const asked = (await participateInExchange(started.id, {})) as Request
	expect(asked.verifiablePresentationRequest.query).toEqual([
		{ type: 'DIDAuthentication', acceptedMethods: [{ method: 'key' }] },
	])
	const { challenge, domain } = asked.verifiablePresentationRequest
	expect(domain).toBe(config.PUBLIC_ORIGIN)

	// Step 2: it authenticates and receives its copy.
	const wallet = await testWallet()
	const delivered = (await participateInExchange(started.id, {
		verifiablePresentation: await wallet.authenticate(challenge, domain),
	})) as Delivered
	const [copy] = delivered.verifiablePresentation.verifiableCredential as Copy[]
	const original = JSON.parse(row.document) as Copy
	expect(copy!.credentialSubject.id).toBe(wallet.did)
	expect(copy!.id).not.toBe(original.id)
	expect(copy!.issuer).toEqual(original.issuer)
	expect(copy!.issuer.id).toBe((await db.orgIssuer.findUniqueOrThrow({ where: { orgId: org.id } })).did)
	expect(copy!.credentialStatus).toEqual(original.credentialStatus)
	for (const entry of copy!.credentialStatus)
		expect(validateAchievementCredential({ ...copy, credentialStatus: entry })).toBe(true)

	// The reference library and this site's verifier both accept it.
	const reference = await vc.verifyCredential({
		credential: copy,
		suite: new DataIntegrityProof({ cryptosuite }),
		documentLoader: serverDocumentLoader,
		checkStatus: async () => ({ verified: true }),
	})
	expect(reference.verified, JSON.stringify(reference.error)).toBe(true)
	expect((await verifyOnServer(copy)).state).toBe('valid')
	expect(await db.walletExchange.findUniqueOrThrow({ where: { id: started.id } })).toMatchObject({
		holderDid: wallet.did,
		copy: JSON.stringify(copy),
	})

	// Used once: a replay of the same presentation, or a new one, is refused.
	expect(await refusal(() => participateInExchange(started.id, {}))).toMatchObject({ status: 409 })
	// Revoking the original revokes the copy: they share the entry.
	await changeCredentialStatus({ credentialId: row.id, action: 'revoke', reason: 'Issued in error', actorId: actor.id })
	expect((await verifyOnServer(copy)).state).toBe('revoked')
})

test('a wallet that signs its DID Authentication with Ed25519Signature2020, as the Learner Credential Wallet does, receives its copy', async () => {
	const { row, learner } = await earnCredential()
	const wallet = await testWallet('Ed25519Signature2020')
	const started = await startWalletExchange(learner.id, row.id)
	const asked = (await participateInExchange(started.id, {})) as Request & {
		verifiablePresentationRequest: { acceptedCryptosuites: Array<{ cryptosuite: string }> }
	}
	expect(asked.verifiablePresentationRequest.acceptedCryptosuites).toContainEqual({
		cryptosuite: 'Ed25519Signature2020',
	})
	const { challenge, domain } = asked.verifiablePresentationRequest

	const wrong = await wallet.authenticate('not-the-challenge', domain)
	expect(wrong.proof).toMatchObject({ type: 'Ed25519Signature2020', proofPurpose: 'authentication' })
	expect(wrong['@context']).toEqual([
		'https://www.w3.org/2018/credentials/v1',
		'https://w3id.org/security/suites/ed25519-2020/v1',
	])
	expect(await refusal(() => participateInExchange(started.id, { verifiablePresentation: wrong }))).toMatchObject({
		status: 401,
	})
	// Its signature covers the presentation: anything added breaks it.
	const presentation = await wallet.authenticate(challenge, domain)
	const altered = await refusal(() =>
		participateInExchange(started.id, {
			verifiablePresentation: { ...presentation, id: `urn:uuid:${crypto.randomUUID()}` },
		}),
	)
	expect(altered.status).toBe(401)
	expect(await db.walletExchange.findUniqueOrThrow({ where: { id: started.id } })).toMatchObject({ usedAt: null })

	const delivered = (await participateInExchange(started.id, { verifiablePresentation: presentation })) as Delivered
	const [copy] = delivered.verifiablePresentation.verifiableCredential as Copy[]
	expect(copy!.credentialSubject.id).toBe(wallet.did)
	expect((await verifyOnServer(copy)).state).toBe('valid')
})

test('an exchange refuses a wrong challenge, a stranger’s holder, a second completion and an expired address', async () => {
	const { row, learner } = await earnCredential()
	const wallet = await testWallet()
	const started = await startWalletExchange(learner.id, row.id)
	const { challenge, domain } = ((await participateInExchange(started.id, {})) as Request).verifiablePresentationRequest

	const wrongChallenge = await refusal(async () =>
		participateInExchange(started.id, {
			verifiablePresentation: await wallet.authenticate('not-the-challenge', domain),
		}),
	)
	expect(wrongChallenge.status).toBe(401)
	const wrongDomain = await refusal(async () =>
		participateInExchange(started.id, {
			verifiablePresentation: await wallet.authenticate(challenge, 'https://elsewhere.example'),
		}),
	)
	expect(wrongDomain.status).toBe(401)
	// Signed by another key while naming this wallet as holder.
	const { signer } = await didKeyIssuer()
	const impostor = await refusal(async () =>
		participateInExchange(started.id, { verifiablePresentation: await wallet.authenticate(challenge, domain, signer) }),
	)
	expect(impostor).toMatchObject({ status: 401, message: expect.stringContaining('names a holder other than the key') })
	expect(await db.walletExchange.findUniqueOrThrow({ where: { id: started.id } })).toMatchObject({ usedAt: null })

	// Two genuine answers at once: one copy, one refusal.
	const presentation = await wallet.authenticate(challenge, domain)
	const outcomes = await Promise.allSettled([
		participateInExchange(started.id, { verifiablePresentation: presentation }),
		participateInExchange(started.id, { verifiablePresentation: presentation }),
	])
	expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
	const rejected = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult
	expect((rejected.reason as ExchangeError).status).toBe(409)

	// Fifteen minutes on, a new exchange has expired.
	const later = await startWalletExchange(learner.id, row.id, new Date(Date.now() - 16 * 60_000))
	expect(await refusal(() => participateInExchange(later.id, {}))).toMatchObject({ status: 410 })
	expect(await refusal(() => participateInExchange('nothing-here', {}))).toMatchObject({ status: 404 })
})

test('only the holder starts an exchange, and only for a credential that is not withdrawn', async () => {
	const { row, learner } = await earnCredential()
	const { row: other } = await earnCredential()
	expect(await refusal(() => startWalletExchange(learner.id, other.id))).toMatchObject({ status: 404 })
	await changeCredentialStatus({ credentialId: row.id, action: 'suspend', reason: 'Under review', actorId: learner.id })
	expect(await refusal(() => startWalletExchange(learner.id, row.id))).toMatchObject({
		status: 409,
		message: 'This credential is revoked or suspended: it cannot be sent to a wallet.',
	})
	expect(await db.walletExchange.count({ where: { userId: learner.id } })).toBe(0)
})

test('exchanges that expired unused are removed a day later; completed ones stay as the record of their copy', async () => {
	const { row, learner } = await earnCredential()
	const now = new Date()
	const started = [
		await startWalletExchange(learner.id, row.id, now),
		await startWalletExchange(learner.id, row.id, now),
	]
	const { row: theirs, learner: other } = await earnCredential({ name: 'Ada Other' })
	await startWalletExchange(other.id, theirs.id, now)

	const used = started[0]!
	const { challenge, domain } = ((await participateInExchange(used.id, {})) as Request).verifiablePresentationRequest
	const wallet = await testWallet()
	await participateInExchange(used.id, { verifiablePresentation: await wallet.authenticate(challenge, domain) })
	const expiry = used.expiresAt.getTime()
	await pruneWalletExchanges(new Date(expiry + 23 * 60 * 60_000))
	expect(await db.walletExchange.count({ where: { userId: { in: [learner.id, other.id] } } })).toBe(3)
	expect(await pruneWalletExchanges(new Date(expiry + 25 * 60 * 60_000))).toBeGreaterThanOrEqual(2)
	expect(
		await db.walletExchange.findMany({ where: { userId: { in: [learner.id, other.id] } }, select: { id: true } }),
	).toEqual([{ id: used.id }])
})
