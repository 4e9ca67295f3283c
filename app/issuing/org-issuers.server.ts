/**
 * Issuers: this site, and each organisation under its own DID on this site
 * (did:web:<host>:orgs:<slug>, its document at /orgs/<slug>/did.json). A learner's credential is
 * issued by the organisation of their earliest active membership, in its name; the credential of a
 * learner with no organisation is issued by the site. An organisation's keys are rows of IssuerKey as
 * the site's are (issuer-keys.server.ts); its profile is OrgIssuer, made with its first key the first
 * time it issues, inside the issuing transaction.
 */
import type { Ed25519KeyPair } from '@digitalbazaar/ed25519-multikey'
import { config } from '../config.server'
import { buildDidDocument, orgDid, siteDidDocumentPath, type IssuerProfile } from '../credentials/issuer'
import { db } from '../db/db.server'
import type { Prisma } from '../db/generated/sqlite/client'
import { getIssuerProfile, issuerDid, siteKeys } from './issuer.server'
import { addKey, issuerKeySecret, issuerKeysOf, keysOf, publicKeyOf, type KeyClient } from './issuer-keys.server'
import { newKeyRow } from './key-store.server'

type Tx = Prisma.TransactionClient

/** An issuer ready to sign: its DID, the profile credentials carry, its DID document and newest key. */
export type Issuer = {
	did: string
	/** The organisation it is, or null for the site. */
	orgId: string | null
	profile: IssuerProfile
	didDocument: Record<string, unknown>
	signingKey: Ed25519KeyPair
}

/** What a profile is made of (never the logo's bytes: only whether there is one, and when it changed). */
const profileSelect = {
	did: true,
	name: true,
	url: true,
	description: true,
	email: true,
	logoType: true,
	updatedAt: true,
} as const
type OrgIssuerRow = { did: string; name: string; url: string | null; description: string | null; email: string | null }

/** Where an organisation's logo is served: beside its DID document, `/orgs/<slug>/logo`. */
export function orgLogoPath(did: string): string {
	const documentPath = siteDidDocumentPath(issuerDid, did)
	if (!documentPath) throw new Error(`${did} is not a DID of this site.`)
	return documentPath.replace(/did\.json$/, 'logo')
}

export function orgIssuerProfile(row: OrgIssuerRow & { logoType: string | null; updatedAt: Date }): IssuerProfile {
	return {
		id: row.did,
		type: ['Profile'],
		name: row.name,
		...(row.url ? { url: row.url } : {}),
		...(row.description ? { description: row.description } : {}),
		...(row.email ? { email: row.email } : {}),
		...(row.logoType
			? {
					image: {
						// The version makes a new logo a new address, so no cache keeps showing the old one.
						id: `${config.PUBLIC_ORIGIN}${orgLogoPath(row.did)}?v=${row.updatedAt.getTime()}`,
						type: 'Image' as const,
						caption: `${row.name} logo`,
					},
				}
			: {}),
	}
}

/** The site as issuer, its keys read with `client` (inside a transaction, its own). */
export async function siteIssuer(client: KeyClient = db): Promise<Issuer> {
	const { publicKeys, signingKey } = await siteKeys(client)
	return {
		did: issuerDid,
		orgId: null,
		profile: getIssuerProfile(),
		didDocument: buildDidDocument(issuerDid, publicKeys),
		signingKey,
	}
}

/**
 * The organisation's issuer, made with its first key if it has none yet. Two first issues at once
 * make one: the row is inserted only if absent, and only the insert that made it adds its key.
 */
export async function ensureOrgIssuerRow(tx: Tx, orgId: string) {
	const existing = await tx.orgIssuer.findUnique({ where: { orgId }, select: profileSelect })
	if (existing) return existing
	const org = await tx.organization.findUniqueOrThrow({ where: { id: orgId }, select: { name: true, slug: true } })
	const did = orgDid(issuerDid, org.slug)
	const key = await newKeyRow(did, issuerKeySecret())
	const now = new Date()
	const inserted = await tx.$executeRaw`
		INSERT INTO "OrgIssuer" ("orgId", "did", "name", "createdAt", "updatedAt")
		VALUES (${orgId}, ${did}, ${org.name}, ${now}, ${now})
		ON CONFLICT DO NOTHING`
	if (inserted === 1) await tx.issuerKey.create({ data: { ...key, createdAt: now }, select: { id: true } })
	const row = await tx.orgIssuer.findUnique({ where: { orgId }, select: profileSelect })
	if (!row) throw new Error(`The DID ${did} of ${org.name} is another organisation's already (a slug used twice).`)
	return row
}

/** The issuer of a credential for a learner of `orgId` (the site's when null), in the caller's transaction. */
export async function issuerOf(tx: Tx, orgId: string | null): Promise<Issuer> {
	if (orgId === null) return siteIssuer(tx)
	return issuerFromRow(tx, orgId, await ensureOrgIssuerRow(tx, orgId))
}

/**
 * The issuer of an organisation that has issued before, read outside any transaction: for threads
 * that sign while another connection writes (the large seed), where waiting for a transaction of
 * their own would only time out. Throws for an organisation that has no issuer yet.
 */
export async function existingOrgIssuer(orgId: string): Promise<Issuer> {
	const row = await db.orgIssuer.findUnique({ where: { orgId }, select: profileSelect })
	if (!row) throw new Error(`The organisation ${orgId} has no issuer yet.`)
	return issuerFromRow(db, orgId, row)
}

async function issuerFromRow(
	client: Pick<Tx, 'issuerKey'>,
	orgId: string,
	row: OrgIssuerRow & { logoType: string | null; updatedAt: Date },
): Promise<Issuer> {
	const { publicKeys, signingKey } = await issuerKeysOf(client, row.did)
	return {
		did: row.did,
		orgId,
		profile: orgIssuerProfile(row),
		didDocument: buildDidDocument(row.did, publicKeys),
		signingKey,
	}
}

/**
 * The DID document of one of this site's DIDs: its own, or an organisation's (every key it has
 * signed with). Throws for a DID under this site's that no organisation has.
 */
export async function siteDidDocument(did: string): Promise<Record<string, unknown>> {
	const keys = await keysOf(db, did)
	if (keys.length === 0) throw new Error(`${did} is not a DID of this site.`)
	return buildDidDocument(did, keys.map(publicKeyOf))
}

/** The organisation DID served at /orgs/<slug>/did.json, if that organisation issues. */
export function orgDidOfSlug(slug: string) {
	return orgDid(issuerDid, slug)
}

/**
 * A new signing key for an organisation (`npm run credentials:rotate-key -- --org <slug>`): its
 * credentials are signed with it from then on; the older keys stay in its DID document, so what they
 * signed keeps verifying. Makes the organisation's issuer first if it has never issued.
 */
export async function rotateOrgKey(slug: string): Promise<{ did: string; keyId: string }> {
	return db.$transaction(async (tx) => {
		const org = await tx.organization.findUnique({ where: { slug }, select: { id: true } })
		if (!org) throw new Error(`There is no organisation “${slug}”.`)
		const { did } = await ensureOrgIssuerRow(tx, org.id)
		return { did, keyId: await addKey(tx, did) }
	})
}
