/**
 * SCIM 2.0 replayed as the identity providers send it: the request shapes Microsoft Entra ID documents
 * for its provisioning service ("Develop a SCIM endpoint", the requests its validator sends) and those
 * Okta documents for SCIM 2.0 apps, through the route as served.
 */
import { RouterContextProvider } from 'react-router'
import { expect, test } from 'vitest'
import { signUpTestAccount } from '../../tests/setup/accounts'
import { createTestOrg } from '../../tests/setup/factories'
import { validateSessionToken } from '~/auth/session.server'
import { db } from '~/db/db.server'
import { createScimToken, revokeScimToken } from '~/orgs/scim/tokens.server'
import { action, loader } from './scim'

type Json = Record<string, unknown> & { Resources?: Json[]; id?: string }

async function scimCall(token: string | null, method: string, path: string, body?: unknown) {
	const request = new Request(`http://localhost:3000/scim/v2/${path}`, {
		method,
		headers: {
			...(token ? { Authorization: `Bearer ${token}` } : {}),
			...(body !== undefined ? { 'Content-Type': 'application/scim+json' } : {}),
		},
		...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
	})
	const splat = path.split('?')[0]!
	const args = {
		request,
		context: new RouterContextProvider(),
		params: { '*': splat },
		url: new URL(request.url),
		pattern: '/scim/v2/*',
	}
	const response = method === 'GET' ? await loader(args) : await action(args)
	const text = await response.text()
	return {
		status: response.status,
		type: response.headers.get('Content-Type'),
		body: (text ? JSON.parse(text) : null) as Json,
	}
}

/** An organisation with a provisioning token, listing a domain of its own. */
async function provisionedOrg() {
	const { org, actor } = await createTestOrg('Contoso', { name: 'Olive Owner', role: 'OWNER' })
	const domain = `${crypto.randomUUID().slice(0, 8)}.example`
	await db.orgJoinDomain.create({ data: { domain, orgId: org.id, createdById: actor.id } })
	const token = await createScimToken(org.id, actor, 'Entra ID')
	const call = (method: string, path: string, body?: unknown) => scimCall(token, method, path, body)
	return { org, actor, domain, token, call }
}

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'

test('Entra ID: filter, create, get, patch the address and name, disable (ending sessions), delete', async () => {
	const { org, domain, call } = await provisionedOrg()
	const userName = `Test_User_${crypto.randomUUID()}@${domain}`

	const none = await call('GET', `Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`)
	expect(none.status).toBe(200)
	expect(none.type).toMatch(/^application\/scim\+json/)
	expect(none.body).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0 })

	const created = await call('POST', 'Users', {
		schemas: [
			'urn:ietf:params:scim:schemas:core:2.0:User',
			'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
		],
		externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
		userName,
		active: true,
		emails: [{ primary: true, type: 'work', value: userName }],
		meta: { resourceType: 'User' },
		name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
		roles: [],
	})
	expect(created.status).toBe(201)
	expect(created.body).toMatchObject({
		userName: userName.toLowerCase(),
		externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
		active: true,
		displayName: 'givenName familyName',
		meta: { resourceType: 'User' },
	})
	const id = created.body.id!
	const member = await db.membership.findFirstOrThrow({ where: { orgId: org.id, userId: id }, include: { user: true } })
	expect(member.role).toBe('LEARNER')
	// At a domain the organisation lists, the organisation vouches for the address.
	expect(member.user.emailVerifiedAt).not.toBeNull()
	expect(await db.auditEvent.count({ where: { orgId: org.id, action: 'member.provision', targetId: id } })).toBe(1)

	const again = await call('POST', 'Users', { schemas: [], userName, active: true })
	expect(again).toMatchObject({ status: 409, body: { scimType: 'uniqueness', status: '409' } })
	const found = await call('GET', `Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`)
	expect(found.body).toMatchObject({ totalResults: 1, Resources: [{ id }] })
	expect((await call('GET', `Users/${id}`)).body).toMatchObject({ id, active: true })

	const newAddress = `updated.${crypto.randomUUID().slice(0, 6)}@${domain}`
	const patched = await call('PATCH', `Users/${id}`, {
		schemas: [PATCH],
		Operations: [
			{ op: 'Replace', path: 'emails[type eq "work"].value', value: newAddress },
			{ op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
		],
	})
	expect(patched.status).toBe(200)
	expect(patched.body).toMatchObject({ userName: newAddress, displayName: 'givenName updatedFamilyName' })

	// The person has a session; disabling ends it.
	const session = await db.session.create({
		data: { id: crypto.randomUUID().replaceAll('-', ''), userId: id, expiresAt: new Date(Date.now() + 3_600_000) },
	})
	const disabled = await call('PATCH', `Users/${id}`, {
		schemas: [PATCH],
		Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
	})
	expect(disabled.body).toMatchObject({ active: false })
	expect(await db.session.count({ where: { id: session.id } })).toBe(0)
	expect((await db.membership.findFirstOrThrow({ where: { orgId: org.id, userId: id } })).deactivatedAt).not.toBeNull()

	await call('PATCH', `Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'active', value: true }] })
	expect((await db.membership.findFirstOrThrow({ where: { orgId: org.id, userId: id } })).deactivatedAt).toBeNull()
	const deleted = await call('DELETE', `Users/${id}`)
	expect(deleted.status).toBe(204)
	// Deleting deactivates; the person's own records stay.
	expect(await db.user.count({ where: { id } })).toBe(1)
	expect((await call('GET', `Users/${id}`)).body).toMatchObject({ active: false })
})

test('Okta: create with a password it sends, find by userName, deactivate with a value object, replace with PUT', async () => {
	const { domain, call } = await provisionedOrg()
	const login = `test.user.${crypto.randomUUID().slice(0, 6)}@${domain}`
	const created = await call('POST', 'Users', {
		schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
		userName: login,
		name: { givenName: 'Test', familyName: 'User' },
		emails: [{ primary: true, value: login, type: 'work' }],
		displayName: 'Test User',
		locale: 'en-US',
		externalId: '00ujl29u0le5T6Aj10h7',
		groups: [],
		password: '1mz050nq',
		active: true,
	})
	expect(created.status).toBe(201)
	const id = created.body.id!
	// The password an identity provider sends is never kept: the person has none until they choose one.
	const user = await db.user.findUniqueOrThrow({ where: { id } })
	expect(user.passwordHash).not.toContain('1mz050nq')
	expect(user.passwordHash.startsWith('$argon2')).toBe(false)

	const list = await call('GET', `Users?filter=${encodeURIComponent(`userName eq "${login}"`)}&startIndex=1&count=100`)
	expect(list.body).toMatchObject({ totalResults: 1, startIndex: 1, itemsPerPage: 1 })

	const deactivated = await call('PATCH', `Users/${id}`, {
		schemas: [PATCH],
		Operations: [{ op: 'replace', value: { active: false } }],
	})
	expect(deactivated.body).toMatchObject({ active: false })

	const replaced = await call('PUT', `Users/${id}`, {
		schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
		id,
		userName: login,
		name: { givenName: 'Another', familyName: 'Name' },
		emails: [{ primary: true, value: login, type: 'work' }],
		active: true,
	})
	expect(replaced.body).toMatchObject({ displayName: 'Another Name', active: true })
})

test('groups are teams: Entra creates, filters without members, adds and removes; Okta renames and removes by path', async () => {
	const { org, domain, call } = await provisionedOrg()
	const people = []
	for (const n of [1, 2]) {
		const address = `member${n}.${crypto.randomUUID().slice(0, 6)}@${domain}`
		people.push((await call('POST', 'Users', { schemas: [], userName: address, active: true })).body.id!)
	}
	const displayName = `Group ${crypto.randomUUID().slice(0, 6)}`
	const group = await call('POST', 'Groups', {
		schemas: [
			'urn:ietf:params:scim:schemas:core:2.0:Group',
			'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/Group',
		],
		externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
		displayName,
		meta: { resourceType: 'Group' },
	})
	expect(group.status).toBe(201)
	const groupId = group.body.id!
	const filtered = await call(
		'GET',
		`Groups?excludedAttributes=members&filter=${encodeURIComponent(`displayName eq "${displayName}"`)}`,
	)
	expect(filtered.body).toMatchObject({ totalResults: 1, Resources: [{ id: groupId, displayName }] })
	expect(filtered.body.Resources![0]).not.toHaveProperty('members')

	await call('PATCH', `Groups/${groupId}`, {
		schemas: [PATCH],
		Operations: [{ op: 'Add', path: 'members', value: people.map((value) => ({ $ref: null, value })) }],
	})
	expect(await db.membership.count({ where: { orgId: org.id, teamId: groupId } })).toBe(2)
	await call('PATCH', `Groups/${groupId}`, {
		schemas: [PATCH],
		Operations: [{ op: 'Remove', path: 'members', value: [{ $ref: null, value: people[0] }] }],
	})
	await call('PATCH', `Groups/${groupId}`, {
		schemas: [PATCH],
		Operations: [
			{ op: 'replace', value: { id: groupId, displayName: `${displayName} renamed` } },
			{ op: 'remove', path: `members[value eq "${people[1]}"]` },
		],
	})
	const after = await call('GET', `Groups/${groupId}`)
	expect(after.body).toMatchObject({ displayName: `${displayName} renamed`, members: [] })
	expect(await db.team.findUniqueOrThrow({ where: { id: groupId } })).toMatchObject({ name: `${displayName} renamed` })

	// Someone from outside the organisation cannot be added; nothing changes.
	const outsider = await signUpTestAccount('Outsider')
	const refused = await call('PATCH', `Groups/${groupId}`, {
		schemas: [PATCH],
		Operations: [{ op: 'Add', path: 'members', value: [{ value: people[0] }, { value: outsider.userId }] }],
	})
	expect(refused).toMatchObject({ status: 400, body: { scimType: 'invalidValue' } })
	expect(await db.membership.count({ where: { orgId: org.id, teamId: groupId } })).toBe(0)

	expect((await call('DELETE', `Groups/${groupId}`)).status).toBe(204)
	expect((await call('GET', `Groups/${groupId}`)).status).toBe(404)
	expect((await db.team.findUniqueOrThrow({ where: { id: groupId } })).archivedAt).not.toBeNull()
})

test('an existing account elsewhere is never taken over; refusals use the SCIM error schema and change nothing', async () => {
	const { org, token, call } = await provisionedOrg()
	const stranger = await signUpTestAccount('Somebody Else')
	const refused = await call('POST', 'Users', { schemas: [], userName: stranger.email, active: true })
	expect(refused).toMatchObject({
		status: 409,
		body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], scimType: 'uniqueness', status: '409' },
	})
	expect(await db.membership.count({ where: { userId: stranger.userId } })).toBe(0)
	// Their session and password are untouched.
	expect(await validateSessionToken(stranger.token)).not.toBeNull()

	expect((await call('GET', 'Users?filter=title eq "x"')).body).toMatchObject({ scimType: 'invalidFilter' })
	expect((await call('POST', 'Users', '{ not json')).body).toMatchObject({ scimType: 'invalidSyntax' })
	expect((await call('POST', 'Users', { schemas: [], userName: 'not an address' })).body).toMatchObject({
		scimType: 'invalidValue',
	})
	expect((await call('POST', 'Users', { schemas: [], userName: 'a\u0000b@x.example' })).status).toBe(400)
	expect(
		(
			await call('PATCH', 'Users/nobody', {
				schemas: [PATCH],
				Operations: [{ op: 'replace', value: { active: false } }],
			})
		).status,
	).toBe(404)
	expect((await call('PATCH', 'Users/x', { Operations: [] })).body).toMatchObject({ scimType: 'invalidSyntax' })

	const noToken = await scimCall(null, 'GET', 'Users')
	expect(noToken.status).toBe(401)
	expect(noToken.body).toMatchObject({ status: '401' })
	const wrong = await scimCall('x'.repeat(43), 'GET', 'Users')
	expect(wrong.status).toBe(401)
	// Another organisation's token sees none of these people.
	const other = await createTestOrg('Fabrikam', { name: 'Fay Owner', role: 'OWNER' })
	const otherToken = await createScimToken(other.org.id, other.actor, 'Okta')
	const theirs = await scimCall(otherToken, 'GET', 'Users')
	expect(theirs.body.Resources!.map((r) => r.id)).toEqual([other.actor.id])
	// An owner stays: provisioning does not deactivate the organisation's way back in.
	const ownerId = (await db.membership.findFirstOrThrow({ where: { orgId: org.id, role: 'OWNER' } })).userId
	const ownerRefused = await call('PATCH', `Users/${ownerId}`, {
		schemas: [PATCH],
		Operations: [{ op: 'replace', value: { active: false } }],
	})
	expect(ownerRefused).toMatchObject({ status: 400, body: { scimType: 'mutability' } })
	expect(await db.membership.count({ where: { orgId: org.id, role: 'OWNER', deactivatedAt: null } })).toBe(1)
	// A revoked token opens nothing.
	const row = await db.scimToken.findFirstOrThrow({ where: { orgId: org.id } })
	await revokeScimToken(org.id, { id: 'x', name: 'Olive Owner', role: 'OWNER' }, row.id)
	expect((await scimCall(token, 'GET', 'Users')).status).toBe(401)
	expect((await scimCall(null, 'GET', 'ServiceProviderConfig')).body).toMatchObject({ patch: { supported: true } })
})
