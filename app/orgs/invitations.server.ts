/**
 * Invitations by email: a single-use link valid for seven days. Accepting creates the account (or
 * joins an existing one with that email) in the organisation and its team, all in one transaction.
 * Only the SHA-256 of the token is stored; a new invitation to the same address replaces the old one.
 */
import { createAccountWithSession, hashNewPassword } from '../auth/account.server'
import { markEmailVerified } from '../auth/email-verification.server'
import { issueHeldCredentials } from '../learning/held-credentials.server'
import type { Role } from '../auth/roles'
import { generateToken, hashToken, isWellFormedToken } from '../auth/tokens'
import { config } from '../config.server'
import { db } from '../db/db.server'
import { isUniqueViolation } from '../db/errors.server'
import type { Prisma } from '../db/generated/sqlite/client'
import { queueEmails } from '../email/outbox.server'
import { grantTeamAssignments } from './assignments.server'
import { recordAudit, type Actor } from '../audit/audit.server'

type Tx = Prisma.TransactionClient

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000
export const MAX_INVITATIONS_AT_ONCE = 500

export class InvitationError extends Error {}

export const invitationUrl = (token: string) => `${config.PUBLIC_ORIGIN}/invitations/${token}`

export type InviteInput = {
	orgId: string
	actor: Actor & { role: Role }
	emails: string[]
	teamId: string | null
	role: 'LEARNER' | 'ADMIN'
	now?: Date
}

/**
 * Invites each address (lower-cased, duplicates once). People already in the organisation are
 * reported, not invited again. Admins invite learners; only owners invite admins.
 */
export async function createInvitations(input: InviteInput) {
	const now = input.now ?? new Date()
	const emails = [...new Set(input.emails.map((e) => e.trim().toLowerCase()))]
	if (emails.length === 0) throw new InvitationError('Give at least one email address.')
	if (emails.length > MAX_INVITATIONS_AT_ONCE)
		throw new InvitationError(`Invite at most ${MAX_INVITATIONS_AT_ONCE} people at a time, or import a CSV file.`)
	if (input.role === 'ADMIN' && input.actor.role !== 'OWNER')
		throw new InvitationError('Only owners of the organisation can invite administrators.')
	const org = await db.organization.findUniqueOrThrow({ where: { id: input.orgId }, select: { name: true } })
	const team = input.teamId
		? await db.team.findFirst({
				where: { id: input.teamId, orgId: input.orgId },
				select: { id: true, name: true, archivedAt: true },
			})
		: null
	if (input.teamId && (!team || team.archivedAt))
		throw new InvitationError('Choose a team of your organisation that is not archived.')

	const members = await db.membership.findMany({
		where: { orgId: input.orgId, user: { email: { in: emails } } },
		select: { user: { select: { email: true } } },
	})
	const already = new Set(members.map((m) => m.user.email.toLowerCase()))
	const toInvite = emails.filter((e) => !already.has(e))
	await db.$transaction(async (tx) => {
		// A new invitation replaces any earlier one still open for the same address.
		await tx.invitation.updateMany({
			where: { orgId: input.orgId, email: { in: toInvite }, acceptedAt: null, revokedAt: null },
			data: { revokedAt: now },
		})
		await writeInvitations(tx, {
			orgId: input.orgId,
			orgName: org.name,
			actor: input.actor,
			entries: toInvite.map((email) => ({
				email,
				teamId: team?.id ?? null,
				teamName: team?.name ?? null,
				role: input.role,
			})),
			now,
		})
		await recordAudit(
			tx,
			...toInvite.map((email) => ({
				orgId: input.orgId,
				actor: input.actor,
				action: 'member.invite' as const,
				targetType: 'email',
				targetId: email,
				summary: `Invited ${email} as ${input.role === 'ADMIN' ? 'an administrator' : 'a learner'}${team ? ` to the team “${team.name}”` : ''}.`,
			})),
		)
	})
	return { invited: toInvite, alreadyMembers: [...already] }
}

export type InvitationEntry = { email: string; teamId: string | null; teamName: string | null; role: Role }

/** Writes invitations and their emails (with delivery jobs) in the caller's transaction, in bulk. */
export async function writeInvitations(
	tx: Tx,
	input: { orgId: string; orgName: string; actor: Actor; entries: InvitationEntry[]; now: Date },
) {
	if (input.entries.length === 0) return
	const expiresAt = new Date(input.now.getTime() + INVITATION_TTL_MS)
	const tokens = input.entries.map(() => {
		const token = generateToken('invitation')
		return { token, hash: hashToken(token) }
	})
	await tx.invitation.createMany({
		data: input.entries.map((entry, i) => ({
			orgId: input.orgId,
			email: entry.email,
			teamId: entry.teamId,
			role: entry.role,
			tokenHash: tokens[i]!.hash,
			expiresAt,
			createdById: input.actor.id,
			createdAt: input.now,
		})),
	})
	await queueEmails(
		tx,
		input.entries.map((entry, i) => {
			const link = invitationUrl(tokens[i]!.token)
			return {
				orgId: input.orgId,
				to: entry.email,
				content: {
					template: 'invitation' as const,
					props: {
						inviterName: input.actor.name,
						orgName: input.orgName,
						teamName: entry.teamName,
						asAdministrator: entry.role !== 'LEARNER',
						link,
						expiresAt: expiresAt.toISOString(),
					},
				},
				privateLinks: [link],
			}
		}),
	)
}

export type InvitationState = 'open' | 'expired' | 'used' | 'revoked'

async function findByToken(token: string) {
	if (!isWellFormedToken('invitation', token)) return null
	return db.invitation.findUnique({
		where: { tokenHash: hashToken(token) },
		select: {
			id: true,
			orgId: true,
			email: true,
			teamId: true,
			role: true,
			expiresAt: true,
			acceptedAt: true,
			revokedAt: true,
		},
	})
}

function stateOf(
	invitation: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date },
	now: Date,
): InvitationState {
	if (invitation.acceptedAt) return 'used'
	if (invitation.revokedAt) return 'revoked'
	return invitation.expiresAt <= now ? 'expired' : 'open'
}

/** What the invitation page shows: null for a link that never existed. */
export async function getInvitation(token: string, now = new Date()) {
	const invitation = await findByToken(token)
	if (!invitation) return null
	const [org, team, account] = await Promise.all([
		db.organization.findUniqueOrThrow({ where: { id: invitation.orgId }, select: { name: true } }),
		invitation.teamId ? db.team.findUnique({ where: { id: invitation.teamId }, select: { name: true } }) : null,
		db.user.findUnique({ where: { email: invitation.email }, select: { id: true } }),
	])
	return {
		state: stateOf(invitation, now),
		email: invitation.email,
		orgName: org.name,
		teamName: team?.name ?? null,
		role: invitation.role,
		accountExists: account !== null,
	}
}

const STATE_MESSAGES: Record<Exclude<InvitationState, 'open'>, string> = {
	used: 'This invitation has already been used. Sign in to continue.',
	revoked: 'This invitation was replaced or withdrawn. Ask your administrator for a new one.',
	expired: 'This invitation has expired. Ask your administrator for a new one.',
}

/**
 * Marks an invitation that is still open used or withdrawn, by an update that only an open one
 * matches: of two at once, one closes it and the other finds nothing to update and is refused.
 */
async function closeInvitation(
	tx: Tx,
	where: Prisma.InvitationWhereInput & { id: string },
	data: Prisma.InvitationUncheckedUpdateManyInput,
	refusal: string,
) {
	const { count } = await tx.invitation.updateMany({ where: { ...where, acceptedAt: null, revokedAt: null }, data })
	if (count === 0) throw new InvitationError(refusal)
}

/**
 * Marks the invitation used (once: a second use finds nothing to update) and adds the membership.
 * Its link reached the invited address, which is the account's: that address counts as confirmed,
 * and credentials held until it was are issued.
 */
async function consume(tx: Tx, invitationId: string, userId: string, now: Date) {
	const invitation = await tx.invitation.findUniqueOrThrow({
		where: { id: invitationId },
		select: { orgId: true, teamId: true, role: true },
	})
	await closeInvitation(
		tx,
		{ id: invitationId, expiresAt: { gt: now } },
		{ acceptedAt: now, acceptedById: userId },
		'This invitation has already been used, or is no longer valid.',
	)
	const team = invitation.teamId
		? await tx.team.findFirst({ where: { id: invitation.teamId, archivedAt: null }, select: { id: true } })
		: null
	const existing = await tx.membership.findUnique({
		where: { userId_orgId: { userId, orgId: invitation.orgId } },
		select: { id: true },
	})
	if (!existing) {
		await tx.membership.create({
			data: { userId, orgId: invitation.orgId, role: invitation.role, teamId: team?.id ?? null },
			select: { id: true },
		})
		if (team) await grantTeamAssignments(tx, invitation.orgId, team.id, [userId], now)
	}
	// After the membership, so that the organisation just joined issues what was held.
	if (await markEmailVerified(tx, userId, now)) await issueHeldCredentials(tx, userId, now)
	return invitation.orgId
}

/** A signed-in person accepts: only with the account of the invited address. */
export async function acceptInvitation(token: string, user: { id: string; email: string }, now = new Date()) {
	const invitation = await findByToken(token)
	if (!invitation) throw new InvitationError('There is no invitation at this address.')
	const state = stateOf(invitation, now)
	if (state !== 'open') throw new InvitationError(STATE_MESSAGES[state])
	if (user.email.toLowerCase() !== invitation.email)
		throw new InvitationError(`This invitation is for ${invitation.email}. Sign out, then open the link again.`)
	return db.$transaction((tx) => consume(tx, invitation.id, user.id, now))
}

export type NewAccountFailure = { ok: false; field: 'password' | 'form'; message: string }

/** Someone with no account accepts: the account, its first session and the membership, together. */
export async function acceptInvitationAsNewUser(
	token: string,
	input: { name: string; password: string },
	now = new Date(),
): Promise<{ ok: true; token: string; expiresAt: Date } | NewAccountFailure> {
	const invitation = await findByToken(token)
	if (!invitation) return { ok: false, field: 'form', message: 'There is no invitation at this address.' }
	const state = stateOf(invitation, now)
	if (state !== 'open') return { ok: false, field: 'form', message: STATE_MESSAGES[state] }
	const password = await hashNewPassword('password', input.password)
	if (!password.ok) return password
	const account = { name: input.name, email: invitation.email, passwordHash: password.passwordHash }
	try {
		const session = await db.$transaction(async (tx) => {
			const created = await createAccountWithSession(account, { tx, now })
			await consume(tx, invitation.id, created.userId, now)
			return created
		})
		return { ok: true, token: session.token, expiresAt: session.expiresAt }
	} catch (error) {
		if (isUniqueViolation(error)) {
			return {
				ok: false,
				field: 'form',
				message:
					'An account with this email exists already: sign in to accept, or choose a new password if you do not know it.',
			}
		}
		if (error instanceof InvitationError) return { ok: false, field: 'form', message: error.message }
		throw error
	}
}

/**
 * The organisation's invitations, newest first, as `viewer` may see them: an administrator's
 * invitation only to owners, who alone may send one (review finding M2).
 */
export async function listInvitations(orgId: string, viewer: Role, now = new Date()) {
	const rows = await db.invitation.findMany({
		where: { orgId, ...(viewer === 'OWNER' ? {} : { role: 'LEARNER' as const }) },
		orderBy: { createdAt: 'desc' },
		take: 200,
		select: {
			id: true,
			email: true,
			role: true,
			createdAt: true,
			expiresAt: true,
			acceptedAt: true,
			revokedAt: true,
			teamId: true,
		},
	})
	return rows.map((r) => ({ ...r, state: stateOf(r, now) }))
}

export async function revokeInvitation(
	orgId: string,
	actor: Actor & { role: Role },
	invitationId: string,
	now = new Date(),
) {
	await db.$transaction(async (tx) => {
		const invitation = await tx.invitation.findFirst({
			where: { id: invitationId, orgId },
			select: { email: true, role: true },
		})
		// An administrator's invitation is an owner's to withdraw, as it was theirs to send.
		if (!invitation || (invitation.role !== 'LEARNER' && actor.role !== 'OWNER'))
			throw new InvitationError('There is no such invitation in your organisation.')
		await closeInvitation(
			tx,
			{ id: invitationId },
			{ revokedAt: now },
			'This invitation was already used or withdrawn.',
		)
		await recordAudit(tx, {
			orgId,
			actor,
			action: 'invitation.revoke',
			targetType: 'email',
			targetId: invitation.email,
			summary: `Withdrew the invitation of ${invitation.email}.`,
		})
	})
}
