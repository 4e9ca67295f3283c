import fs from 'node:fs'
import { expect, test } from 'vitest'
import { createTestOrg, createTestUser } from '../../tests/setup/factories'
import { listAuditEvents } from '../audit/audit.server'
import { db } from '../db/db.server'
import { WITHHELD_LINK } from '../email/private-links'
import { recipientCopy } from '../../tests/setup/recipient-copy'
import { sendEmailJob } from '../email/outbox.server'
import { claimJob, completeJob } from '../jobs/queue.server'
import {
	acceptInvitation,
	acceptInvitationAsNewUser,
	createInvitations,
	getInvitation,
	INVITATION_TTL_MS,
	InvitationError,
	listInvitations,
	revokeInvitation,
} from './invitations.server'
import { createTeam } from './teams.server'

async function setup() {
	const { org, actor } = await createTestOrg('Globex', { name: 'Hank Admin', role: 'ADMIN' })
	const team = await createTeam(org.id, actor, 'Warehouse')
	return { org, actor, team }
}

/** The link in the newest email to `to`, as the outbox holds it. */
/** The invitation's token, from the recipient's copy of its email (the outbox keeps none). */
async function linkFor(to: string) {
	const { email, job, text } = await recipientCopy({ to })
	const token = /\/invitations\/([A-Za-z0-9_-]{43})/.exec(text)?.[1]
	if (!token) throw new Error('no link in the email')
	return { token, email, job }
}

const unique = (name: string) => `${name}.${crypto.randomUUID().slice(0, 8)}@example.test`

test('inviting queues one email per new address with a single-use link, and skips people already in', async () => {
	const { org, actor, team } = await setup()
	const member = await db.user.findUniqueOrThrow({ where: { id: actor.id } })
	const ana = unique('ana')
	const result = await createInvitations({
		orgId: org.id,
		actor,
		emails: [ana, ana.toUpperCase(), member.email],
		teamId: team.id,
		role: 'LEARNER',
	})
	expect(result).toEqual({ invited: [ana], alreadyMembers: [member.email.toLowerCase()] })
	const { token, email, job } = await linkFor(ana)
	expect(email.subject).toBe('Hank Admin invites you to Globex on Skillproof')
	expect(email.text).toContain('(team Warehouse)')
	// The token is not stored; its hash is.
	const stored = await db.invitation.findFirstOrThrow({ where: { email: ana } })
	expect(JSON.stringify(stored)).not.toContain(token)
	expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBe(INVITATION_TTL_MS)
	expect(await getInvitation(token)).toMatchObject({
		state: 'open',
		orgName: 'Globex',
		teamName: 'Warehouse',
		accountExists: false,
	})
	expect((await listAuditEvents(org.id, { action: 'member.invite' })).events[0]?.summary).toBe(
		`Invited ${ana} as a learner to the team “Warehouse”.`,
	)
	// Nobody reading the outbox (or the database) can accept it: the link is in the recipient's copy only,
	// sealed in its delivery job until it is delivered.
	expect(email.text).toContain(`Accept the invitation: ${WITHHELD_LINK}`)
	expect(JSON.stringify(await db.outboxEmail.findMany({ where: { to: ana } }))).not.toContain(token)
	expect(job.payload).not.toContain(token)
	// The email job delivers it (to a file, with no SMTP configured) once, then forgets the sealed copy.
	const claimed = (await claimJob('w', ['email.send'], 60_000))!
	const delivered = (await sendEmailJob(claimed)) as { written: string }
	expect(fs.readFileSync(delivered.written, 'utf8')).toContain(`/invitations/${token}`)
	expect(fs.statSync(delivered.written).mode & 0o777).toBe(0o600)
	expect(await sendEmailJob(claimed)).toEqual({ skipped: true })
	await completeJob(claimed.id, 'w', null)
	expect(JSON.parse((await db.job.findUniqueOrThrow({ where: { id: claimed.id } })).payload)).toEqual({
		emailId: email.id,
	})
})

test('accepting creates the account, its session and the membership in the team; the link then stops working', async () => {
	const { org, actor, team } = await setup()
	const bo = unique('bo')
	await createInvitations({ orgId: org.id, actor, emails: [bo], teamId: team.id, role: 'LEARNER' })
	const { token } = await linkFor(bo)

	const weak = await acceptInvitationAsNewUser(token, { name: 'Bo Tran', password: 'password123' })
	expect(weak).toMatchObject({ ok: false, field: 'password' })
	expect(await db.user.count({ where: { email: bo } })).toBe(0)

	const accepted = await acceptInvitationAsNewUser(token, {
		name: 'Bo Tran',
		password: 'a long and unusual passphrase',
	})
	expect(accepted.ok).toBe(true)
	const user = await db.user.findUniqueOrThrow({ where: { email: bo }, include: { memberships: true, sessions: true } })
	expect(user.memberships).toEqual([expect.objectContaining({ orgId: org.id, teamId: team.id, role: 'LEARNER' })])
	expect(user.sessions).toHaveLength(1)
	expect((await getInvitation(token))?.state).toBe('used')

	const again = await acceptInvitationAsNewUser(token, { name: 'Mallory', password: 'another unusual passphrase' })
	expect(again).toMatchObject({ ok: false, field: 'form' })
	await expect(acceptInvitation(token, { id: user.id, email: bo })).rejects.toThrow('already been used')
})

test('an existing account joins only with its own address; expired and replaced links refuse clearly', async () => {
	const { org, actor } = await setup()
	const existing = await db.user.create({ data: { name: 'Cy', email: unique('cy'), passwordHash: 'x' } })
	await createInvitations({ orgId: org.id, actor, emails: [existing.email], teamId: null, role: 'LEARNER' })
	const { token } = await linkFor(existing.email)
	expect((await getInvitation(token))?.accountExists).toBe(true)
	const stranger = await createTestUser('Stranger')
	const strangerRow = await db.user.findUniqueOrThrow({ where: { id: stranger.id } })
	await expect(acceptInvitation(token, strangerRow)).rejects.toThrow(`This invitation is for ${existing.email}`)
	expect(existing.emailVerifiedAt).toBeNull()
	expect(await acceptInvitation(token, existing)).toBe(org.id)
	expect(await db.membership.count({ where: { userId: existing.id, orgId: org.id } })).toBe(1)
	// The link reached the address: it counts as confirmed now.
	expect((await db.user.findUniqueOrThrow({ where: { id: existing.id } })).emailVerifiedAt).not.toBeNull()

	// Expired.
	const late = unique('late')
	const then = new Date(Date.now() - INVITATION_TTL_MS - 1000)
	await createInvitations({ orgId: org.id, actor, emails: [late], teamId: null, role: 'LEARNER', now: then })
	const expired = await linkFor(late)
	expect((await getInvitation(expired.token))?.state).toBe('expired')
	expect(
		await acceptInvitationAsNewUser(expired.token, { name: 'Late', password: 'a long and unusual passphrase' }),
	).toMatchObject({
		ok: false,
		message: expect.stringContaining('expired'),
	})

	// Re-inviting replaces the earlier link; withdrawing closes the new one.
	const dee = unique('dee')
	await createInvitations({ orgId: org.id, actor, emails: [dee], teamId: null, role: 'LEARNER' })
	const first = await linkFor(dee)
	await new Promise((r) => setTimeout(r, 5))
	await createInvitations({ orgId: org.id, actor, emails: [dee], teamId: null, role: 'LEARNER' })
	const second = await linkFor(dee)
	expect(second.token).not.toBe(first.token)
	expect((await getInvitation(first.token))?.state).toBe('revoked')
	const open = await db.invitation.findFirstOrThrow({ where: { email: dee, revokedAt: null } })
	await revokeInvitation(org.id, actor, open.id)
	expect((await getInvitation(second.token))?.state).toBe('revoked')
	expect(await getInvitation('x'.repeat(43))).toBeNull()
	expect(await getInvitation('not a token')).toBeNull()
})

test('only owners invite administrators; archived teams and other organisations are refused; nothing is written', async () => {
	const { org, actor, team } = await setup()
	const emails = [unique('eve')]
	await expect(createInvitations({ orgId: org.id, actor, emails, teamId: null, role: 'ADMIN' })).rejects.toThrow(
		'Only owners',
	)
	await db.team.update({ where: { id: team.id }, data: { archivedAt: new Date() } })
	await expect(createInvitations({ orgId: org.id, actor, emails, teamId: team.id, role: 'LEARNER' })).rejects.toThrow(
		InvitationError,
	)
	const other = await setup()
	await expect(
		createInvitations({ orgId: org.id, actor, emails, teamId: other.team.id, role: 'LEARNER' }),
	).rejects.toThrow(InvitationError)
	expect(await db.invitation.count({ where: { email: emails[0] } })).toBe(0)
	expect(await db.outboxEmail.count({ where: { to: emails[0] } })).toBe(0)
	const owner = { ...actor, role: 'OWNER' as const }
	expect(
		(await createInvitations({ orgId: org.id, actor: owner, emails, teamId: null, role: 'ADMIN' })).invited,
	).toEqual(emails)
})

test('an administrator’s invitation is seen and withdrawn by owners only, who alone may send one', async () => {
	const { org, actor: owner } = await createTestOrg('Initech', { name: 'Olga Owner', role: 'OWNER' })
	const admin = { id: (await createTestUser('Abe Admin')).id, name: 'Abe Admin', role: 'ADMIN' as const }
	await db.membership.create({ data: { orgId: org.id, userId: admin.id, role: 'ADMIN' } })
	const [adminInvitee, learnerInvitee] = [unique('new.admin'), unique('new.learner')]
	await createInvitations({ orgId: org.id, actor: owner, emails: [adminInvitee], teamId: null, role: 'ADMIN' })
	await createInvitations({ orgId: org.id, actor: owner, emails: [learnerInvitee], teamId: null, role: 'LEARNER' })

	const seenBy = async (role: 'OWNER' | 'ADMIN') => (await listInvitations(org.id, role)).map((i) => i.email).sort()
	expect(await seenBy('OWNER')).toEqual([adminInvitee, learnerInvitee].sort())
	expect(await seenBy('ADMIN')).toEqual([learnerInvitee])

	const invitation = await db.invitation.findFirstOrThrow({ where: { email: adminInvitee } })
	await expect(revokeInvitation(org.id, admin, invitation.id)).rejects.toThrow(
		'There is no such invitation in your organisation.',
	)
	expect((await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).revokedAt).toBeNull()
	await revokeInvitation(org.id, owner, invitation.id)
	expect((await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).revokedAt).not.toBeNull()
})
