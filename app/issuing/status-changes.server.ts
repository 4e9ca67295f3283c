/**
 * Revoking, suspending and reinstating a credential: the change, the re-signed status list, the
 * skills it no longer (or again) backs, the learner's notice in the app and by email (with the
 * reason) and, when an admin acts, the organisation's audit entry, all in one transaction.
 */
import { recordAudit } from '../audit/audit.server'
import { db } from '../db/db.server'
import { queueCredentialStatusEmail } from './credential-emails.server'
import { rebuildStatusList } from './status-lists.server'

export type StatusAction = 'revoke' | 'suspend' | 'reinstate'

export class CredentialStatusError extends Error {}

/** No such credential (in the organisation the admin acts for). */
export class CredentialNotFoundError extends CredentialStatusError {}

/**
 * Revokes, suspends or lifts a suspension, with the reason, and signs the changed list in the
 * same transaction: the bit and the served list never disagree. Revocation is final.
 */
export async function changeCredentialStatus(input: {
	credentialId: string
	action: StatusAction
	reason: string
	actorId: string
	/** When an admin acts: the credential must have been issued in their organisation. */
	orgId?: string
	/** When an admin acts: their name for the organisation's audit log. */
	actorName?: string
	now?: Date
}) {
	const now = input.now ?? new Date()
	return db.$transaction(async (tx) => {
		const credential = await tx.credential.findFirst({
			where: { id: input.credentialId, ...(input.orgId ? { orgId: input.orgId } : {}) },
			select: {
				revokedAt: true,
				suspendedAt: true,
				revocationListId: true,
				suspensionListId: true,
				pathSlug: true,
				orgId: true,
				document: true,
				user: { select: { name: true, email: true } },
			},
		})
		if (!credential) throw new CredentialNotFoundError('There is no such credential in your organisation.')
		if (credential.revokedAt) throw new CredentialStatusError('This credential is revoked; revocation is final.')
		if (input.action === 'revoke') {
			await tx.credential.update({
				where: { id: input.credentialId },
				data: { revokedAt: now, revokedReason: input.reason, revokedById: input.actorId },
				select: { id: true },
			})
			await rebuildStatusList(tx, credential.revocationListId)
		} else if (input.action === 'suspend') {
			if (credential.suspendedAt) throw new CredentialStatusError('This credential is already suspended.')
			await tx.credential.update({
				where: { id: input.credentialId },
				data: { suspendedAt: now, suspendedReason: input.reason, suspendedById: input.actorId },
				select: { id: true },
			})
			await rebuildStatusList(tx, credential.suspensionListId)
		} else {
			if (!credential.suspendedAt) throw new CredentialStatusError('This credential is not suspended.')
			await tx.credential.update({
				where: { id: input.credentialId },
				data: { suspendedAt: null, suspendedReason: null, suspendedById: null },
				select: { id: true },
			})
			await rebuildStatusList(tx, credential.suspensionListId)
		}
		// Revoked or suspended credentials back no skill; lifting a suspension restores them.
		await tx.credentialSkill.updateMany({
			where: { credentialId: input.credentialId },
			data: { active: input.action === 'reinstate' },
		})
		const kind = ({ revoke: 'revoked', suspend: 'suspended', reinstate: 'reinstated' } as const)[input.action]
		await tx.credentialEvent.create({
			data: { credentialId: input.credentialId, kind, reason: input.reason, actorId: input.actorId, createdAt: now },
			select: { id: true },
		})
		await queueCredentialStatusEmail(tx, { credential, status: kind, reason: input.reason })
		if (input.orgId && input.actorName) {
			const verb = { revoke: 'Revoked', suspend: 'Suspended', reinstate: 'Lifted the suspension of' }[input.action]
			await recordAudit(tx, {
				orgId: input.orgId,
				actor: { id: input.actorId, name: input.actorName },
				action: `credential.${input.action}`,
				targetType: 'credential',
				targetId: input.credentialId,
				summary: `${verb} the credential “${credential.pathSlug}” of ${credential.user.name}. Reason: ${input.reason}`,
				at: now,
			})
		}
	})
}
