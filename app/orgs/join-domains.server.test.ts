import { expect, test } from 'vitest'
import { confirmationToken, TEST_PASSWORD } from '../../tests/setup/accounts'
import { passFixtureAssessment } from '../../tests/setup/earn-credential'
import { createTestOrg } from '../../tests/setup/factories'
import { confirmEmail, signUp } from '../auth/email-verification.server'
import { db } from '../db/db.server'
import { onAddressConfirmed } from './address-confirmed.server'
import { addJoinDomain, JoinDomainError, listJoinDomains, removeJoinDomain } from './join-domains.server'

/** An organisation whose owner's confirmed address is at a domain of its own. */
async function orgWithDomain() {
	const domain = `${crypto.randomUUID().slice(0, 8)}.example`
	const { org, actor } = await createTestOrg('Initech', { name: 'Olga Owner', role: 'OWNER' })
	await db.user.update({ where: { id: actor.id }, data: { email: `olga@${domain}` } })
	return { org, owner: actor, domain }
}

/** Signs up at `email` and opens the link (having passed an assessment first, with `pass`); gives what confirming led to. */
async function signUpAndConfirm(email: string, { pass = false } = {}) {
	const request = await signUp({ name: 'Newcomer', email, password: TEST_PASSWORD })
	if (!request.ok) throw new Error(request.message)
	await request.settled
	if (pass) await passFixtureAssessment((await db.user.findUniqueOrThrow({ where: { email } })).id)
	const confirmed = await confirmEmail(await confirmationToken(email), {
		signedInUserId: null,
		onConfirmed: onAddressConfirmed,
	})
	if (!confirmed.ok) throw new Error(confirmed.message)
	return confirmed
}

test('an organisation is invitation-only until an owner lists a domain; then confirmed addresses there join as learners', async () => {
	const { org, owner, domain } = await orgWithDomain()
	const before = await signUpAndConfirm(`early@${domain}`)
	expect(before.joined).toEqual([])
	expect(await db.membership.count({ where: { userId: before.userId } })).toBe(0)

	await addJoinDomain(org.id, owner, domain)
	expect((await listJoinDomains(org.id)).map((d) => d.domain)).toEqual([domain])
	const audit = await db.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: 'settings.joining' } })
	expect(audit.summary).toContain(domain)

	const after = await signUpAndConfirm(`later@${domain}`, { pass: true })
	expect(after.joined).toEqual([org.name])
	// The credential held until then is issued by the organisation just joined.
	expect(after.credentialsIssued).toBe(1)
	expect(await db.credential.findFirstOrThrow({ where: { userId: after.userId } })).toMatchObject({ orgId: org.id })
	const membership = await db.membership.findFirstOrThrow({ where: { userId: after.userId } })
	expect(membership).toMatchObject({ orgId: org.id, role: 'LEARNER', teamId: null })
	expect(await db.auditEvent.count({ where: { orgId: org.id, action: 'member.join', targetId: after.userId } })).toBe(1)
	// Another domain, or one that only ends the same way, does not join.
	const elsewhere = await signUpAndConfirm(`someone@not${domain}`)
	expect(elsewhere.joined).toEqual([])

	await removeJoinDomain(org.id, owner, domain)
	expect((await signUpAndConfirm(`last@${domain}`)).joined).toEqual([])
})

test('someone deactivated does not come back by confirming an address again', async () => {
	const { org, owner, domain } = await orgWithDomain()
	await addJoinDomain(org.id, owner, domain)
	const first = await signUpAndConfirm(`leaver@${domain}`)
	await db.membership.updateMany({ where: { userId: first.userId }, data: { deactivatedAt: new Date() } })
	const effects = await db.$transaction((tx) => onAddressConfirmed(tx, first.userId, new Date()))
	expect(effects.joined).toEqual([])
	expect(await db.membership.findFirstOrThrow({ where: { userId: first.userId } })).toMatchObject({
		deactivatedAt: expect.any(Date),
	})
})

test('only an owner lists a domain, only their own confirmed one, no public mail provider, one organisation each', async () => {
	const { org, owner, domain } = await orgWithDomain()
	const attempts: Array<[Parameters<typeof addJoinDomain>[1], string, RegExp]> = [
		[{ ...owner, role: 'ADMIN' }, domain, /Only owners/],
		[owner, 'elsewhere.example', /only the domain of your own confirmed address/],
		[owner, 'gmail.com', /public mail provider/],
	]
	for (const [actor, value, message] of attempts) {
		await expect(addJoinDomain(org.id, actor, value)).rejects.toThrow(message)
	}
	// An owner whose address is not confirmed lists nothing.
	await db.user.update({ where: { id: owner.id }, data: { emailVerifiedAt: null } })
	await expect(addJoinDomain(org.id, owner, domain)).rejects.toBeInstanceOf(JoinDomainError)
	await db.user.update({ where: { id: owner.id }, data: { emailVerifiedAt: new Date() } })
	await addJoinDomain(org.id, owner, domain)

	// A second organisation's owner at the same domain cannot take it.
	const rival = await createTestOrg('Rival', { name: 'Rita Rival', role: 'OWNER' })
	await db.user.update({ where: { id: rival.actor.id }, data: { email: `rita@${domain}` } })
	await expect(addJoinDomain(rival.org.id, rival.actor, domain)).rejects.toThrow(/already listed/)
	expect(await db.orgJoinDomain.findUniqueOrThrow({ where: { domain } })).toMatchObject({ orgId: org.id })
	expect(await db.auditEvent.count({ where: { orgId: rival.org.id } })).toBe(0)
	await expect(removeJoinDomain(rival.org.id, rival.actor, domain)).rejects.toThrow(/not listed/)
})
