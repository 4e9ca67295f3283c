/**
 * This site's status lists in the database: a random index on an open list for each new credential
 * (inside the issuing transaction), and each list's signed document, rebuilt in the transaction
 * that sets or clears a bit and built on first request otherwise. The server's document loader is
 * here too: it serves these lists, and signing a list uses it, so the two cannot sit apart.
 */
import { createDocumentLoader } from '../credentials/document-loader'
import { signCredential } from '../credentials/sign'
import {
	buildStatusListCredential,
	randomStatusIndex,
	STATUS_LIST_LENGTH,
	type StatusPurpose,
} from '../credentials/status-list'
import { db } from '../db/db.server'
import type { Prisma } from '../db/generated/sqlite/client'
import { issuerDid, statusListPrefix, statusListUrl } from './issuer.server'
import { issuerOf, siteDidDocument, type Issuer } from './org-issuers.server'

type Tx = Prisma.TransactionClient

/**
 * The JSON-LD document loader the server signs and verifies with: bundled contexts, did:key, this
 * site's DID document from its keys, and its status lists from the database.
 */
export const serverDocumentLoader = createDocumentLoader({
	issuerDid,
	loadDidDocument: siteDidDocument,
	statusListPrefix,
	loadStatusList: async (url) => {
		const id = Number(url.slice(statusListPrefix.length))
		const list = Number.isSafeInteger(id) ? await getStatusList(id) : null
		if (!list) throw new Error(`There is no status list at ${url}.`)
		return JSON.parse(list.document) as Record<string, unknown>
	},
})

/**
 * The loader to sign with for `issuer`: its DID document as in hand, the rest as the server's loader
 * has them (no database read while the caller's transaction is open).
 */
export function signingLoader(issuer: Issuer) {
	return createDocumentLoader({
		issuerDid,
		loadDidDocument: async (did) => (did === issuer.did ? issuer.didDocument : siteDidDocument(did)),
		statusListPrefix,
		loadStatusList: async (url) => (await serverDocumentLoader(url)).document as Record<string, unknown>,
	})
}

/**
 * An open list of the purpose with room left, locked for this transaction (the version bump takes
 * the row lock on PostgreSQL; SQLite has one writer at a time), so that concurrent issuers never
 * draw the same index. A list is closed at half full, which keeps random draws cheap.
 */
async function openList(tx: Tx, purpose: StatusPurpose, orgId: string | null) {
	const open = await tx.statusList.findFirst({
		where: { purpose, orgId, allocated: { lt: STATUS_LIST_LENGTH / 2 } },
		orderBy: { id: 'asc' },
		select: { id: true },
	})
	const id =
		open?.id ??
		(await tx.statusList.create({ data: { purpose, orgId, length: STATUS_LIST_LENGTH }, select: { id: true } })).id
	await tx.statusList.update({ where: { id }, data: { allocated: { increment: 1 } }, select: { id: true } })
	return id
}

/**
 * A free index on an open list of the purpose and issuer (an organisation, or the site when null),
 * taken for a new credential in `tx` (the caller's). A list and its credentials have one issuer.
 */
export async function allocateStatusIndex(
	tx: Tx,
	purpose: StatusPurpose,
	orgId: string | null,
): Promise<{ listId: number; index: number }> {
	const listId = await openList(tx, purpose, orgId)
	// The list is at most half full, so a free index comes within two draws on average.
	for (;;) {
		const index = randomStatusIndex()
		const taken = await tx.credential.count({
			where:
				purpose === 'revocation'
					? { revocationListId: listId, revocationIndex: index }
					: { suspensionListId: listId, suspensionIndex: index },
		})
		if (taken === 0) return { listId, index }
	}
}

/**
 * `count` free indices of the purpose for new credentials, taken in `tx` the way
 * `allocateStatusIndex` takes one each: the lowest open list first (locked by the update of its
 * count), closed at half full, a new list when none is open, each index drawn at random and drawn
 * again while a credential holds it or another of these draws took it.
 */
export async function reserveStatusIndices(
	tx: Tx,
	purpose: StatusPurpose,
	count: number,
	orgId: string | null,
): Promise<Array<{ listId: number; index: number }>> {
	const reserved: Array<{ listId: number; index: number }> = []
	while (reserved.length < count) {
		const open = await tx.statusList.findFirst({
			where: { purpose, orgId, allocated: { lt: STATUS_LIST_LENGTH / 2 } },
			orderBy: { id: 'asc' },
			select: { id: true, allocated: true },
		})
		const list = open ?? {
			...(await tx.statusList.create({
				data: { purpose, orgId, length: STATUS_LIST_LENGTH },
				select: { id: true },
			})),
			allocated: 0,
		}
		const take = Math.min(count - reserved.length, STATUS_LIST_LENGTH / 2 - list.allocated)
		await tx.statusList.update({
			where: { id: list.id },
			data: { allocated: { increment: take } },
			select: { id: true },
		})
		const drawn = new Set<number>()
		while (drawn.size < take) {
			const candidates = new Set<number>()
			while (candidates.size < take - drawn.size) {
				const index = randomStatusIndex()
				if (!drawn.has(index)) candidates.add(index)
			}
			const taken = new Set(await takenIndices(tx, purpose, list.id, [...candidates]))
			for (const index of candidates) if (!taken.has(index)) drawn.add(index)
		}
		for (const index of drawn) reserved.push({ listId: list.id, index })
	}
	return reserved
}

/** Which of these indices of a list a credential already holds (queried in slices of 500). */
async function takenIndices(tx: Tx, purpose: StatusPurpose, listId: number, indices: number[]) {
	const taken: number[] = []
	for (let start = 0; start < indices.length; start += 500) {
		const slice = indices.slice(start, start + 500)
		if (purpose === 'revocation') {
			const rows = await tx.credential.findMany({
				where: { revocationListId: listId, revocationIndex: { in: slice } },
				select: { revocationIndex: true },
			})
			taken.push(...rows.map((r) => r.revocationIndex))
		} else {
			const rows = await tx.credential.findMany({
				where: { suspensionListId: listId, suspensionIndex: { in: slice } },
				select: { suspensionIndex: true },
			})
			taken.push(...rows.map((r) => r.suspensionIndex))
		}
	}
	return taken
}

/** Rebuilds and signs a list's document from the credentials whose bit is set, in `tx`. */
export async function rebuildStatusList(tx: Tx, listId: number) {
	const list = await tx.statusList.update({
		where: { id: listId },
		data: { version: { increment: 1 } },
		select: { id: true, purpose: true, length: true, version: true, orgId: true },
	})
	const purpose = list.purpose as StatusPurpose
	const rows =
		purpose === 'revocation'
			? await tx.credential.findMany({
					where: { revocationListId: listId, revokedAt: { not: null } },
					select: { revocationIndex: true },
				})
			: await tx.credential.findMany({
					where: { suspensionListId: listId, suspendedAt: { not: null } },
					select: { suspensionIndex: true },
				})
	const indices = rows.map((r) => ('revocationIndex' in r ? r.revocationIndex : r.suspensionIndex))
	// Signed by the list's issuer (its credentials' issuer), as of now, whatever moment the change it records is dated.
	const issuer = await issuerOf(tx, list.orgId)
	const now = new Date()
	const unsigned = await buildStatusListCredential({
		url: statusListUrl(listId),
		purpose,
		issuer: issuer.did,
		setIndices: indices,
		validFrom: now,
		length: list.length,
	})
	const signed = await signCredential(unsigned, issuer.signingKey, signingLoader(issuer), now)
	await tx.statusList.update({
		where: { id: listId },
		data: { document: JSON.stringify(signed) },
		select: { id: true },
	})
	return { version: list.version, document: JSON.stringify(signed) }
}

/** The signed list and its version (the ETag), built on first request. */
export async function getStatusList(id: number): Promise<{ version: number; document: string } | null> {
	const list = await db.statusList.findUnique({ where: { id }, select: { version: true, document: true } })
	if (!list) return null
	if (list.document) return { version: list.version, document: list.document }
	return db.$transaction((tx) => rebuildStatusList(tx, id))
}
