/**
 * The bearer tokens identity providers provision an organisation with (SCIM 2.0): an owner makes one
 * (shown once, only its SHA-256 kept) and revokes it; a request is the organisation's only with a token
 * not revoked. Each change is audited.
 */
import { recordAudit, type Actor } from '../../audit/audit.server'
import type { Role } from '../../auth/roles'
import { generateToken, hashToken, isWellFormedToken } from '../../auth/tokens'
import { config } from '../../config.server'
import { db } from '../../db/db.server'

export class ScimTokenError extends Error {}

export const scimBaseUrl = () => `${config.PUBLIC_ORIGIN}/scim/v2`

export function listScimTokens(orgId: string) {
	return db.scimToken.findMany({
		where: { orgId, revokedAt: null },
		orderBy: { createdAt: 'desc' },
		select: { id: true, label: true, createdAt: true, lastUsedAt: true },
	})
}

export async function createScimToken(orgId: string, actor: Actor & { role: Role }, label: string) {
	if (actor.role !== 'OWNER') throw new ScimTokenError('Only owners connect an identity provider.')
	const token = generateToken('scim')
	await db.$transaction(async (tx) => {
		const row = await tx.scimToken.create({
			data: { orgId, label, tokenHash: hashToken(token), createdById: actor.id },
			select: { id: true },
		})
		await recordAudit(tx, {
			orgId,
			actor,
			action: 'settings.scim',
			targetType: 'scim-token',
			targetId: row.id,
			summary: `Created the provisioning token “${label}”.`,
		})
	})
	return token
}

export async function revokeScimToken(orgId: string, actor: Actor & { role: Role }, tokenId: string, now = new Date()) {
	if (actor.role !== 'OWNER') throw new ScimTokenError('Only owners connect an identity provider.')
	await db.$transaction(async (tx) => {
		const token = await tx.scimToken.findFirst({
			where: { id: tokenId, orgId, revokedAt: null },
			select: { label: true },
		})
		if (!token) throw new ScimTokenError('There is no such token.')
		await tx.scimToken.update({ where: { id: tokenId }, data: { revokedAt: now }, select: { id: true } })
		await recordAudit(tx, {
			orgId,
			actor,
			action: 'settings.scim',
			targetType: 'scim-token',
			targetId: tokenId,
			summary: `Revoked the provisioning token “${token.label}”.`,
		})
	})
}

export type ScimClient = { orgId: string; actor: Actor & { role: Role } }

/**
 * The organisation a request acts for, from its `Authorization: Bearer` header, or null. What it does
 * is audited under the token's name, with an owner's reach.
 */
export async function authenticateScim(authorization: string | null, now = new Date()): Promise<ScimClient | null> {
	const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1]
	if (!token || !isWellFormedToken('scim', token)) return null
	const row = await db.scimToken.findUnique({
		where: { tokenHash: hashToken(token) },
		select: { id: true, orgId: true, label: true, revokedAt: true, lastUsedAt: true },
	})
	if (!row || row.revokedAt) return null
	// At most one write a minute for a busy provisioning run.
	if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
		await db.scimToken.update({ where: { id: row.id }, data: { lastUsedAt: now }, select: { id: true } })
	}
	return { orgId: row.orgId, actor: { id: `scim:${row.id}`, name: `Provisioning (${row.label})`, role: 'OWNER' } }
}
