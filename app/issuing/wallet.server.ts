/**
 * Issued credentials as their holder sees and shares them: the wallet (each with its standing),
 * one's own credential, the public verification link the holder switches on or off, the page
 * behind that link, and the notices of status changes the learner has not yet seen.
 */
import { credentialState } from '../credentials/credential-state'
import { ISSUER_NAME } from '../credentials/issuer'
import { db } from '../db/db.server'

/** The columns that say where a credential stands: its dates, and any revocation or suspension. */
export const statusSelect = {
	issuedAt: true,
	validUntil: true,
	revokedAt: true,
	revokedReason: true,
	suspendedAt: true,
	suspendedReason: true,
} as const

/** A credential by its public link, or null when there is none or its holder switched the link off. */
export async function getPublicCredential(publicId: string) {
	if (!/^[A-Za-z0-9_-]{16,64}$/.test(publicId)) return null
	const row = await db.credential.findUnique({
		where: { publicId },
		select: {
			id: true,
			publicId: true,
			publicLinkEnabled: true,
			document: true,
			pathSlug: true,
			...statusSelect,
		},
	})
	if (!row || !row.publicLinkEnabled) return null
	return row
}

/** The learner's own credentials, newest first, with what the wallet shows of each. */
export async function listMyCredentials(userId: string, now = new Date()) {
	const rows = await db.credential.findMany({
		where: { userId },
		orderBy: { issuedAt: 'desc' },
		select: {
			id: true,
			publicId: true,
			publicLinkEnabled: true,
			pathSlug: true,
			document: true,
			...statusSelect,
		},
	})
	return rows.map(({ document, ...row }) => {
		const parsed = JSON.parse(document) as { name?: string; id?: string; issuer?: { name?: string } }
		return {
			...row,
			name: parsed.name ?? row.pathSlug,
			/** The organisation that issued it (its learner's), or this site. */
			issuerName: parsed.issuer?.name ?? ISSUER_NAME,
			credentialUri: parsed.id ?? `urn:uuid:${row.id}`,
			state: credentialState(row, now),
		}
	})
}

/** The learner's own credential (null for anyone else's). */
export function getOwnCredential(userId: string, credentialId: string) {
	return db.credential.findFirst({
		where: { id: credentialId, userId },
		select: {
			id: true,
			publicId: true,
			document: true,
			pathSlug: true,
			publicLinkEnabled: true,
			...statusSelect,
		},
	})
}

/** Switches the public verification link on or off; only the holder can. */
export async function setPublicLink(userId: string, credentialId: string, enabled: boolean) {
	return db.$transaction(async (tx) => {
		const { count } = await tx.credential.updateMany({
			where: { id: credentialId, userId, publicLinkEnabled: !enabled },
			data: { publicLinkEnabled: enabled },
		})
		if (count > 0) {
			await tx.credentialEvent.create({
				data: { credentialId, kind: enabled ? 'link-enabled' : 'link-disabled', actorId: userId, seenAt: new Date() },
				select: { id: true },
			})
		}
		return count > 0
	})
}

/** Status changes the learner has not yet seen (revoked, suspended, reinstated). */
export function listCredentialNotices(userId: string) {
	return db.credentialEvent.findMany({
		where: { seenAt: null, kind: { in: ['revoked', 'suspended', 'reinstated'] }, credential: { userId } },
		orderBy: { createdAt: 'desc' },
		select: {
			id: true,
			kind: true,
			reason: true,
			createdAt: true,
			credential: { select: { id: true, pathSlug: true } },
		},
	})
}

export async function dismissCredentialNotice(userId: string, eventId: string) {
	await db.credentialEvent.updateMany({
		where: { id: eventId, seenAt: null, credential: { userId } },
		data: { seenAt: new Date() },
	})
}
