/** Owners set the profile their organisation's credentials carry; admins see it; bad input changes nothing. */
import { expect, test } from 'vitest'
import { earnCredential } from '../../tests/setup/earn-credential'
import { createTestOrg } from '../../tests/setup/factories'
import { failure } from '../../tests/setup/failure'
import { validateAchievementCredential } from '../../tests/setup/ob-schema'
import { db } from '../db/db.server'
import {
	getOrgIssuerProfile,
	IssuerProfileError,
	issuerProfileSchema,
	updateOrgIssuerProfile,
} from './issuer-profile.server'
import { verifyOnServer } from './verify.server'

test('an owner sets the profile: new credentials carry it, earlier ones keep theirs and still verify', async () => {
	const { org, actor } = await createTestOrg('Tailspin', { name: 'Tara Owner', role: 'OWNER' })
	expect(await getOrgIssuerProfile(org.id)).toEqual({
		did: null,
		name: 'Tailspin',
		url: null,
		description: null,
		email: null,
		logoPath: null,
	})
	const before = await earnCredential({ userId: actor.id })
	const input = issuerProfileSchema.parse({
		name: '  Tailspin Toys Ltd ',
		url: 'https://tailspin.example',
		description: 'Toys for the curious, since 1998.',
		email: 'credentials@tailspin.example',
	})
	await updateOrgIssuerProfile(org.id, { ...actor }, input)
	const profile = await getOrgIssuerProfile(org.id)
	expect(profile).toMatchObject({
		name: 'Tailspin Toys Ltd',
		url: 'https://tailspin.example',
		description: 'Toys for the curious, since 1998.',
		email: 'credentials@tailspin.example',
	})
	const audit = await db.auditEvent.findFirstOrThrow({ where: { orgId: org.id, action: 'settings.issuer' } })
	expect(audit.summary).toBe('Credentials are now issued as “Tailspin Toys Ltd” (https://tailspin.example).')

	const learner = await db.user.create({
		data: {
			name: 'Lee Learner',
			email: `${crypto.randomUUID()}@example.test`,
			passwordHash: 'unused',
			emailVerifiedAt: new Date(),
		},
		select: { id: true },
	})
	await db.membership.create({ data: { userId: learner.id, orgId: org.id } })
	const after = await earnCredential({ userId: learner.id })
	const document = JSON.parse(after.row.document) as Record<string, unknown> & { credentialStatus: unknown[] }
	expect(document.issuer).toEqual({
		id: profile.did,
		type: ['Profile'],
		name: 'Tailspin Toys Ltd',
		url: 'https://tailspin.example',
		description: 'Toys for the curious, since 1998.',
		email: 'credentials@tailspin.example',
	})
	for (const entry of document.credentialStatus)
		expect(validateAchievementCredential({ ...document, credentialStatus: entry })).toBe(true)
	const report = await verifyOnServer(document)
	expect(report.state).toBe('valid')
	expect(report.issuer).toMatchObject({ name: 'Tailspin Toys Ltd', domain: 'tailspin.example', through: 'Skillproof' })
	// The earlier credential says what it said when it was signed, and still verifies.
	const earlier = JSON.parse(before.row.document) as { issuer: { id: string; name: string } }
	expect(earlier.issuer).toMatchObject({ id: profile.did, name: 'Tailspin' })
	expect((await verifyOnServer(earlier)).state).toBe('valid')
})

test('an admin who is not an owner cannot change it, and bad input is refused with a reason', async () => {
	const { org, actor } = await createTestOrg('Wingtip', { name: 'Ann Admin', role: 'ADMIN' })
	const refused = await failure(() =>
		updateOrgIssuerProfile(org.id, actor, issuerProfileSchema.parse({ name: 'Mine' })),
	)
	expect(refused).toBeInstanceOf(IssuerProfileError)
	expect(await db.orgIssuer.count({ where: { orgId: org.id } })).toBe(0)
	expect(await db.auditEvent.count({ where: { orgId: org.id } })).toBe(0)

	const problems = (input: Record<string, string>) =>
		issuerProfileSchema.safeParse(input).error?.issues.map((i) => i.message) ?? []
	expect(problems({ name: '' })).toEqual(['Give the name your credentials are issued under.'])
	expect(problems({ name: 'W', url: 'http://wingtip.example' })).toEqual([
		'Give a web address that starts with https://.',
	])
	expect(problems({ name: 'W', url: 'javascript:alert(1)' })).toEqual(['Give a web address that starts with https://.'])
	expect(problems({ name: 'W', email: 'not an email' })).toEqual([
		'Give an email address, like credentials@example.com.',
	])
	expect(problems({ name: 'Wing\u202etip' })).toEqual([
		'Remove the invisible characters that change the direction of this text.',
	])
	expect(problems({ name: 'W', description: 'x'.repeat(501) })).toEqual([
		'Keep the description to 500 characters, in one paragraph.',
	])
	// Empty optional fields are cleared, not kept as empty strings.
	expect(issuerProfileSchema.parse({ name: 'W', url: '  ', email: '' })).toEqual({
		name: 'W',
		url: null,
		description: null,
		email: null,
	})
})
