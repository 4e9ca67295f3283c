/**
 * The operator's trust list: issuers other than this site whose credentials verify as valid here.
 * It is kept as a history of changes (TrustedIssuerChange), never edited in place, so any earlier
 * state of the list can be read back; the list as it stands is each DID's latest change, where that
 * change adds it. Edited by the site's operator with `npm run trust` (scripts/trust-list.ts): an
 * organisation's owners cannot vouch for other issuers on the whole site's behalf.
 *
 * Only did:key issuers can be listed for now: this site resolves did:key from the DID itself, and
 * resolves no other site's did:web document.
 */
import { z } from 'zod'
import { ISSUER_NAME } from '../credentials/issuer'
import type { IssuerTrust, TrustedIssuer } from '../credentials/verify'
import { config } from '../config.server'
import { db } from '../db/db.server'
import { typedText } from '../http/typed-text'
import { issuerDid } from './issuer.server'

/** An Ed25519 did:key (multibase base58btc, multicodec 0xed01: “z6Mk…”), as this site resolves. */
const ED25519_DID_KEY = /^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]{40,50}$/

export const trustedIssuerSchema = z.object({
	did: z
		.string()
		.trim()
		.regex(
			ED25519_DID_KEY,
			'Give the issuer’s Ed25519 did:key (it starts with “did:key:z6Mk”); this site resolves no other kind of DID from another issuer.',
		),
	name: typedText(z.string().trim().min(1, 'Give the issuer’s name.').max(200, 'Keep the name to 200 characters.')),
	url: z
		.string()
		.trim()
		.max(500, 'Keep the address to 500 characters.')
		.url('Give the issuer’s web address, starting with https://.')
		.refine((url) => url.startsWith('https://'), 'Give the issuer’s web address, starting with https://.')
		.nullable(),
	note: typedText(z.string().trim().max(500, 'Keep the note to 500 characters.')).nullable(),
})
export type TrustedIssuerInput = z.input<typeof trustedIssuerSchema>

export type TrustListEntry = TrustedIssuer & { note: string | null; since: Date; version: number }

export class TrustListError extends Error {}

/** Every change, oldest first. */
export function trustListHistory() {
	return db.trustedIssuerChange.findMany({ orderBy: { version: 'asc' } })
}

/** The list as it stood after change `version` (now, when omitted), by DID. */
export async function trustedIssuers(version?: number): Promise<TrustListEntry[]> {
	const changes = await db.trustedIssuerChange.findMany({
		where: version === undefined ? {} : { version: { lte: version } },
		orderBy: { version: 'asc' },
	})
	const latest = new Map<string, (typeof changes)[number]>()
	for (const change of changes) latest.set(change.did, change)
	return [...latest.values()]
		.filter((change) => change.action === 'add')
		.map((change) => ({
			did: change.did,
			name: change.name ?? change.did,
			url: change.url,
			note: change.note,
			since: change.changedAt,
			version: change.version,
		}))
		.sort((a, b) => a.name.localeCompare(b.name, 'en'))
}

/** Adds an issuer, or changes the name, address or note of one already listed. Returns the change's version. */
export async function trustIssuer(input: TrustedIssuerInput): Promise<number> {
	const parsed = trustedIssuerSchema.safeParse(input)
	if (!parsed.success) throw new TrustListError(parsed.error.issues.map((i) => i.message).join(' '))
	const { did, name, url, note } = parsed.data
	if (did === issuerDid) throw new TrustListError('That is this site’s own DID: it is trusted already.')
	const change = await db.trustedIssuerChange.create({ data: { did, action: 'add', name, url, note } })
	forgetCachedTrust()
	return change.version
}

/** Takes an issuer off the list: its credentials no longer verify as valid here. */
export async function distrustIssuer(did: string, note: string | null): Promise<number> {
	const version = await db.$transaction(async (tx) => {
		const latest = await tx.trustedIssuerChange.findFirst({ where: { did }, orderBy: { version: 'desc' } })
		if (latest?.action !== 'add') throw new TrustListError(`${did} is not on the trust list.`)
		const cleanNote = note === null ? null : trustedIssuerSchema.shape.note.parse(note)
		return (await tx.trustedIssuerChange.create({ data: { did, action: 'remove', note: cleanNote } })).version
	})
	forgetCachedTrust()
	return version
}

/**
 * What verification needs (see IssuerTrust). The list is read again only when it has changed: each
 * call asks for the latest change's version (one indexed read), so a change made by the operator
 * applies on every instance at once.
 */
let cached: { version: number; trust: IssuerTrust } | null = null

function forgetCachedTrust() {
	cached = null
}

export async function issuerTrust(): Promise<IssuerTrust> {
	const latest = await db.trustedIssuerChange.findFirst({ orderBy: { version: 'desc' }, select: { version: true } })
	const version = latest?.version ?? 0
	if (cached?.version !== version) {
		const list = await trustedIssuers(version)
		cached = {
			version,
			trust: {
				siteDids: [issuerDid],
				siteName: ISSUER_NAME,
				siteOrigin: config.PUBLIC_ORIGIN,
				trusted: list.map(({ did, name, url }) => ({ did, name, url })),
			},
		}
	}
	return cached.trust
}
