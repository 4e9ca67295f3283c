/**
 * Sending a credential to a wallet over a VC-API exchange, as the DCC's Learner Credential Wallet
 * and LearnCard speak it:
 *   1. the learner starts an exchange for one of their credentials (valid for 15 minutes, used once)
 *      and opens its link in their wallet, or scans its QR code;
 *   2. the wallet POSTs `{}` to the exchange and is asked for DID Authentication over a one-time
 *      challenge (a Verifiable Presentation Request);
 *   3. the wallet POSTs its signed presentation; the site checks it and answers with a copy of the
 *      credential bound to the wallet's DID, signed by the same issuer, sharing the original's
 *      status entries.
 * The exchange's address is unguessable and carries no session: a wallet has no cookie of ours.
 */
import { deliveryPresentation, verifyDidAuth, walletCopy } from '../credentials/did-auth'
import { isWithdrawn } from '../credentials/credential-state'
import { signCredential } from '../credentials/sign'
import { config } from '../config.server'
import { db } from '../db/db.server'
import { credentialState } from '../credentials/credential-state'
import { issuerOf } from './org-issuers.server'
import { serverDocumentLoader, signingLoader } from './status-lists.server'

export const EXCHANGE_MINUTES = 15
/** Unused exchanges are removed this long after they expired (used ones stay: they record each copy). */
const UNUSED_KEPT_MS = 24 * 60 * 60_000

export class ExchangeError extends Error {
	constructor(
		readonly status: 400 | 401 | 404 | 409 | 410,
		message: string,
	) {
		super(message)
	}
}

const randomToken = (bytes: number) => Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString('base64url')

export const exchangeUrl = (id: string) => `${config.PUBLIC_ORIGIN}/exchanges/${id}`

/** The links a wallet opens: the DCC Learner Credential Wallet's and LearnCard's, and the bare address. */
export function walletLinks(id: string) {
	const vcapi = exchangeUrl(id)
	return {
		vcapi,
		lcw: `https://lcw.app/request?request=${encodeURIComponent(
			JSON.stringify({ credentialRequestOrigin: config.PUBLIC_ORIGIN, protocols: { vcapi } }),
		)}`,
		learnCard: `https://learncard.app/request?vc_request_url=${encodeURIComponent(vcapi)}`,
	}
}

/** A learner starts an exchange for one of their own credentials (not one withdrawn by its issuer). */
export async function startWalletExchange(userId: string, credentialId: string, now = new Date()) {
	const credential = await db.credential.findFirst({
		where: { id: credentialId, userId },
		select: { id: true, revokedAt: true, suspendedAt: true, validUntil: true },
	})
	if (!credential) throw new ExchangeError(404, 'There is no such credential of yours.')
	if (isWithdrawn(credentialState(credential, now)))
		throw new ExchangeError(409, 'This credential is revoked or suspended: it cannot be sent to a wallet.')
	const exchange = await db.walletExchange.create({
		data: {
			id: randomToken(24),
			credentialId,
			userId,
			challenge: randomToken(24),
			createdAt: now,
			expiresAt: new Date(now.getTime() + EXCHANGE_MINUTES * 60_000),
		},
		select: { id: true, expiresAt: true },
	})
	return { ...exchange, ...walletLinks(exchange.id) }
}

async function openExchange(id: string, now: Date) {
	const exchange = await db.walletExchange.findUnique({ where: { id } })
	if (!exchange) throw new ExchangeError(404, 'There is no exchange at this address.')
	if (exchange.usedAt) throw new ExchangeError(409, 'This exchange has been completed: start a new one from the site.')
	if (exchange.expiresAt <= now)
		throw new ExchangeError(410, 'This exchange has expired: start a new one from the site.')
	return exchange
}

/** What the wallet is asked for: DID Authentication over this exchange's challenge. */
function presentationRequest(exchange: { id: string; challenge: string }) {
	return {
		verifiablePresentationRequest: {
			query: [{ type: 'DIDAuthentication', acceptedMethods: [{ method: 'key' }] }],
			challenge: exchange.challenge,
			domain: config.PUBLIC_ORIGIN,
			acceptedCryptosuites: [{ cryptosuite: 'eddsa-rdfc-2022' }, { cryptosuite: 'Ed25519Signature2020' }],
			interact: {
				service: [{ type: 'VerifiableCredentialApiExchangeService', serviceEndpoint: exchangeUrl(exchange.id) }],
			},
		},
	}
}

/**
 * One step of the exchange, as the wallet POSTs it: `{}` asks what is wanted; a signed DIDAuth
 * presentation receives the copy. The exchange is taken in the transaction that signs and stores
 * the copy, so it completes once even when a presentation is replayed at the same moment.
 */
export async function participateInExchange(id: string, body: unknown, now = new Date()) {
	const exchange = await openExchange(id, now)
	if (body === null || (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0))
		return presentationRequest(exchange)
	const auth = await verifyDidAuth(body, {
		challenge: exchange.challenge,
		domain: config.PUBLIC_ORIGIN,
		documentLoader: serverDocumentLoader,
		now,
	})
	if (!auth.ok) throw new ExchangeError(401, `The DID Authentication was not accepted: ${auth.reason}`)
	return db.$transaction(async (tx) => {
		const taken = await tx.walletExchange.updateMany({
			where: { id, usedAt: null, expiresAt: { gt: now } },
			data: { usedAt: now, holderDid: auth.holder },
		})
		if (taken.count !== 1)
			throw new ExchangeError(409, 'This exchange has been completed: start a new one from the site.')
		const credential = await tx.credential.findUniqueOrThrow({
			where: { id: exchange.credentialId },
			select: { document: true, orgId: true, revokedAt: true, suspendedAt: true, validUntil: true },
		})
		if (isWithdrawn(credentialState(credential, now)))
			throw new ExchangeError(409, 'This credential was revoked or suspended meanwhile: nothing was sent.')
		const original = JSON.parse(credential.document) as Record<string, unknown>
		const issuedBy = (original.issuer as { id?: string } | undefined)?.id
		// The issuer that signed the original signs the copy (the organisation, or the site).
		const issuer = await issuerOf(
			tx,
			credential.orgId !== null && issuedBy !== undefined && issuedBy.includes(':orgs:') ? credential.orgId : null,
		)
		if (issuer.did !== issuedBy)
			throw new ExchangeError(409, 'This credential’s issuer no longer signs here: nothing was sent.')
		const copy = await signCredential(
			walletCopy(original, auth.holder, `urn:uuid:${crypto.randomUUID()}`),
			issuer.signingKey,
			signingLoader(issuer),
			now,
		)
		await tx.walletExchange.update({ where: { id }, data: { copy: JSON.stringify(copy) }, select: { id: true } })
		return { verifiablePresentation: deliveryPresentation([copy]) }
	})
}

/** The exchange's `protocols` (VC-API interaction), for a wallet that fetched its address. */
export async function exchangeProtocols(id: string, now = new Date()) {
	await openExchange(id, now)
	return { protocols: { vcapi: exchangeUrl(id) } }
}

/**
 * Removes exchanges that expired unused more than a day ago (run daily with the job retention, and
 * at start). Returns how many went.
 */
export async function pruneWalletExchanges(now = new Date()): Promise<number> {
	const { count } = await db.walletExchange.deleteMany({
		where: { usedAt: null, expiresAt: { lt: new Date(now.getTime() - UNUSED_KEPT_MS) } },
	})
	return count
}
