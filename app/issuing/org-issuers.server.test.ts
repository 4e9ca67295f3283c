/** Each organisation issues its learners' credentials under its own DID on this site, in its own name. */
import { expect, test } from 'vitest'
import { earnCredential } from '../../tests/setup/earn-credential'
import { createTestOrg } from '../../tests/setup/factories'
import { validateAchievementCredential } from '../../tests/setup/ob-schema'
import { failure } from '../../tests/setup/failure'
import { db } from '../db/db.server'
import { getIssuerProfile, issuerDid } from './issuer.server'
import { rotateOrgKey, siteDidDocument } from './org-issuers.server'
import { changeCredentialStatus } from './status-changes.server'
import { serverDocumentLoader } from './status-lists.server'
import { verifyUpload } from './verify-pool.server'
import { verifyOnServer } from './verify.server'

type Document = {
	issuer: { id: string; name: string }
	credentialSubject: { achievement: { creator: { id: string; name: string } } }
	credentialStatus: Array<{ statusListCredential: string }>
	proof: Array<{ verificationMethod: string }>
}

async function memberOf(orgName: string) {
	const { org, actor } = await createTestOrg(orgName, { name: 'Olu Owner', role: 'OWNER' })
	return { org, actor }
}

test("a member's credential is issued by the organisation, through this site, and verifies everywhere", async () => {
	const { org, actor } = await memberOf('Northwind')
	// The owner is a member: their credential is the organisation's to issue.
	const { row } = await earnCredential({ userId: actor.id })
	const document = JSON.parse(row.document) as Document
	const did = `${issuerDid}:orgs:${org.slug}`
	expect(row.orgId).toBe(org.id)
	expect(document.issuer).toEqual({ id: did, type: ['Profile'], name: 'Northwind' })
	expect(document.proof[0]!.verificationMethod.startsWith(`${did}#z6Mk`)).toBe(true)
	// The path, its achievement, is still this site's own work.
	expect(document.credentialSubject.achievement.creator).toEqual(getIssuerProfile())
	// Valid against the official schema (with each status entry in turn: ADR 006's one deviation).
	for (const entry of document.credentialStatus)
		expect(
			validateAchievementCredential({ ...document, credentialStatus: entry }),
			JSON.stringify(validateAchievementCredential.errors),
		).toBe(true)

	// Its status lists are the organisation's, signed under its DID.
	for (const entry of document.credentialStatus) {
		const list = (await serverDocumentLoader(entry.statusListCredential)).document as { issuer: unknown }
		expect(list.issuer).toBe(did)
	}

	const report = await verifyOnServer(document)
	expect(report.state).toBe('valid')
	expect(report.issuer).toMatchObject({ did, standing: 'site', name: 'Northwind', through: 'Skillproof' })
	expect(report.checks.find((c) => c.id === 'issuer')?.message).toBe(
		`Issued by Northwind through Skillproof (${new URL(getIssuerProfile().url!).host}), signed with a key its DID document lists.`,
	)
	// The same in a verification thread, as an upload is checked.
	expect((await verifyUpload('credential', document)).report.state).toBe('valid')

	// The organisation's DID document lists its key.
	const didDocument = (await siteDidDocument(did)) as { id: string; assertionMethod: string[] }
	expect(didDocument.id).toBe(did)
	expect(didDocument.assertionMethod).toEqual([document.proof[0]!.verificationMethod])

	// An admin revokes it: the organisation's list is signed again, and the credential reads revoked.
	await changeCredentialStatus({ credentialId: row.id, action: 'revoke', reason: 'Issued in error', actorId: actor.id })
	expect((await verifyOnServer(document)).state).toBe('revoked')
})

test('one organisation makes one issuer and one key, however many credentials it issues', async () => {
	const { org, actor } = await memberOf('Contoso')
	await earnCredential({ userId: actor.id })
	const second = await db.user.create({
		data: {
			name: 'Second',
			email: `${crypto.randomUUID()}@example.test`,
			passwordHash: 'unused',
			emailVerifiedAt: new Date(),
		},
		select: { id: true },
	})
	await db.membership.create({ data: { userId: second.id, orgId: org.id } })
	await earnCredential({ userId: second.id })
	const issuer = await db.orgIssuer.findUniqueOrThrow({ where: { orgId: org.id } })
	expect(await db.issuerKey.count({ where: { did: issuer.did } })).toBe(1)
	expect(await db.credential.count({ where: { orgId: org.id } })).toBe(2)
	// A slug renamed later changes nothing: the DID was fixed when the organisation first issued.
	await db.organization.update({ where: { id: org.id }, data: { slug: `renamed-${crypto.randomUUID()}` } })
	const [credential] = await db.credential.findMany({ where: { orgId: org.id }, take: 1 })
	expect((await verifyOnServer(JSON.parse(credential!.document))).state).toBe('valid')
})

test('a DID under this site that no organisation has is not resolved, and not valid', async () => {
	const error = await failure(() => serverDocumentLoader(`${issuerDid}:orgs:nobody-${crypto.randomUUID()}`))
	expect((error as Error).message).toMatch(/is not a DID of this site/)
})

test('an organisation rotates its key: the new one signs, and what the old one signed still verifies', async () => {
	const { org, actor } = await memberOf('Litware')
	const first = await earnCredential({ userId: actor.id })
	const { did, keyId } = await rotateOrgKey(org.slug)
	const learner = await db.user.create({
		data: {
			name: 'Later',
			email: `${crypto.randomUUID()}@example.test`,
			passwordHash: 'unused',
			emailVerifiedAt: new Date(),
		},
		select: { id: true },
	})
	await db.membership.create({ data: { userId: learner.id, orgId: org.id } })
	const second = await earnCredential({ userId: learner.id })
	const signedBy = (row: { document: string }) => (JSON.parse(row.document) as Document).proof[0]!.verificationMethod
	expect(signedBy(second.row)).toBe(keyId)
	expect(signedBy(first.row)).not.toBe(keyId)
	const document = (await siteDidDocument(did)) as { assertionMethod: string[] }
	expect(document.assertionMethod).toEqual([signedBy(first.row), keyId])
	for (const { row } of [first, second]) expect((await verifyOnServer(JSON.parse(row.document))).state).toBe('valid')
	await expect(rotateOrgKey(`nobody-${crypto.randomUUID()}`)).rejects.toThrow('There is no organisation')
})
