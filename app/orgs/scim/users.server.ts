/**
 * SCIM Users (RFC 7643 section 4.1) of one organisation: its members, the resource id being the
 * person's account id. Creating one makes an account with no password (the person chooses one by a
 * password reset, or signs in with single sign-on), or adds an existing account whose address is at a
 * domain the organisation lists; anyone else's existing account is never taken over (409: invite
 * them). `active: false` or DELETE deactivates the member and ends their sessions; nothing of theirs
 * is deleted. Every change and its audit entry are written in one transaction.
 */
import { z } from 'zod'
import { emailSchema, nameSchema } from '../../auth/account-schemas'
import { queueAccountNotice } from '../../auth/account.server'
import { NO_PASSWORD } from '../../auth/password.server'
import { recordAudit } from '../../audit/audit.server'
import { config } from '../../config.server'
import { db } from '../../db/db.server'
import type { Prisma } from '../../db/generated/sqlite/client'
import { isUniqueViolation } from '../../db/errors.server'
import { domainOf } from '../join-domains.server'
import { writeMembersActive } from '../members.server'
import {
	listBody,
	paging,
	parseFilter,
	readBoolean,
	readPatch,
	ScimError,
	USER_SCHEMA,
	type PatchOperation,
} from './protocol'
import { scimBaseUrl, type ScimClient } from './tokens.server'

type Tx = Prisma.TransactionClient

const memberSelect = {
	userId: true,
	role: true,
	createdAt: true,
	deactivatedAt: true,
	scimExternalId: true,
	user: { select: { email: true, name: true, updatedAt: true } },
	team: { select: { id: true, name: true } },
} as const

type MemberRow = Prisma.MembershipGetPayload<{ select: typeof memberSelect }>

function splitName(name: string) {
	const space = name.indexOf(' ')
	return space < 0
		? { givenName: name, familyName: '' }
		: { givenName: name.slice(0, space), familyName: name.slice(space + 1) }
}

function toResource(m: MemberRow) {
	const base = scimBaseUrl()
	return {
		schemas: [USER_SCHEMA],
		id: m.userId,
		...(m.scimExternalId ? { externalId: m.scimExternalId } : {}),
		userName: m.user.email,
		name: { formatted: m.user.name, ...splitName(m.user.name) },
		displayName: m.user.name,
		emails: [{ value: m.user.email, type: 'work', primary: true }],
		active: m.deactivatedAt === null,
		groups: m.team ? [{ value: m.team.id, display: m.team.name, $ref: `${base}/Groups/${m.team.id}` }] : [],
		meta: {
			resourceType: 'User',
			created: m.createdAt.toISOString(),
			lastModified: (m.user.updatedAt > m.createdAt ? m.user.updatedAt : m.createdAt).toISOString(),
			location: `${base}/Users/${m.userId}`,
		},
	}
}

const text = (max: number) => z.string().max(max)

/** The attributes of a User this site keeps; the others an identity provider sends are ignored. */
const userInput = z.looseObject({
	userName: text(254),
	externalId: text(255).nullish(),
	displayName: text(200).nullish(),
	name: z
		.looseObject({ formatted: text(200).nullish(), givenName: text(100).nullish(), familyName: text(100).nullish() })
		.nullish(),
	emails: z
		.array(z.looseObject({ value: text(254), type: text(40).nullish(), primary: z.unknown().optional() }))
		.max(20)
		.nullish(),
	active: z.unknown().optional(),
})

type UserInput = z.infer<typeof userInput>
type Wanted = { email: string; name: string; externalId: string | null; active: boolean }

function readAddress(value: string): string {
	const parsed = emailSchema.safeParse(value)
	if (!parsed.success) throw new ScimError(400, `“${value}” is not an email address.`, 'invalidValue')
	return parsed.data
}

function readName(value: string): string {
	const parsed = nameSchema.safeParse(value)
	if (!parsed.success) throw new ScimError(400, 'The name is empty or too long.', 'invalidValue')
	return parsed.data
}

/** The person as a POST or PUT describes them: the work (or primary) email, else userName, as their address. */
function readUser(body: unknown): Wanted {
	const parsed = userInput.safeParse(body)
	if (!parsed.success) {
		throw new ScimError(
			400,
			`This is not a SCIM User: ${parsed.error.issues[0]?.path.join('.') || 'body'} is not readable.`,
			'invalidSyntax',
		)
	}
	const input: UserInput = parsed.data
	const email =
		input.emails?.find((e) => e.primary === true || e.primary === 'True' || e.primary === 'true')?.value ??
		input.emails?.find((e) => e.type === 'work')?.value ??
		input.userName
	const joined = [input.name?.givenName, input.name?.familyName].filter(Boolean).join(' ')
	const address = readAddress(email)
	return {
		email: address,
		name: readName(input.displayName || input.name?.formatted || joined || address.slice(0, address.indexOf('@'))),
		externalId: input.externalId ?? null,
		active: input.active === undefined ? true : readBoolean(input.active, 'active'),
	}
}

async function orgDomains(tx: Tx, orgId: string) {
	const rows = await tx.orgJoinDomain.findMany({ where: { orgId }, select: { domain: true } })
	return new Set(rows.map((r) => r.domain))
}

async function findMember(tx: Tx, orgId: string, userId: string) {
	const member = await tx.membership.findFirst({ where: { orgId, userId }, select: memberSelect })
	if (!member) throw new ScimError(404, `There is no user ${userId} in this organisation.`)
	return member
}

const FILTERS = ['username', 'externalid', 'emails.value', 'emails[type eq "work"].value']

export async function listUsers(client: ScimClient, search: URLSearchParams) {
	const filter = parseFilter(search.get('filter'), FILTERS)
	const { startIndex, count } = paging(search)
	const where: Prisma.MembershipWhereInput = { orgId: client.orgId }
	if (filter?.attribute === 'externalid') where.scimExternalId = filter.value
	else if (filter) where.user = { email: filter.value.trim().toLowerCase() }
	const [total, rows] = await Promise.all([
		db.membership.count({ where }),
		db.membership.findMany({
			where,
			orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
			skip: startIndex - 1,
			take: count,
			select: memberSelect,
		}),
	])
	return listBody(rows.map(toResource), total, startIndex)
}

export async function getUser(client: ScimClient, userId: string) {
	return toResource(await findMember(db, client.orgId, userId))
}

/** POST /Users: 201 with the new member, 409 when they are one already or the account is someone else's. */
export async function createUser(client: ScimClient, body: unknown, now = new Date()) {
	const wanted = readUser(body)
	try {
		return await db.$transaction(async (tx) => {
			const domains = await orgDomains(tx, client.orgId)
			const ownDomain = domains.has(domainOf(wanted.email))
			const existing = await tx.user.findUnique({ where: { email: wanted.email }, select: { id: true } })
			if (existing) {
				const member = await tx.membership.findFirst({ where: { orgId: client.orgId, userId: existing.id } })
				if (member) throw new ScimError(409, `${wanted.email} is already a member of this organisation.`, 'uniqueness')
				if (!ownDomain) {
					throw new ScimError(
						409,
						`An account for ${wanted.email} exists already and its domain is not one your organisation lists: invite the person instead.`,
						'uniqueness',
					)
				}
			}
			const user =
				existing ??
				(await tx.user.create({
					data: {
						email: wanted.email,
						name: wanted.name,
						passwordHash: NO_PASSWORD,
						// The organisation vouches for addresses at its own domains only.
						emailVerifiedAt: ownDomain ? now : null,
						createdAt: now,
					},
					select: { id: true },
				}))
			await tx.membership.create({
				data: {
					userId: user.id,
					orgId: client.orgId,
					role: 'LEARNER',
					scimExternalId: wanted.externalId,
					deactivatedAt: wanted.active ? null : now,
					createdAt: now,
				},
				select: { id: true },
			})
			await recordAudit(tx, {
				orgId: client.orgId,
				actor: client.actor,
				action: 'member.provision',
				targetType: 'user',
				targetId: user.id,
				summary: `Provisioned ${wanted.name} (${wanted.email}).`,
				at: now,
			})
			if (!existing) {
				const org = await tx.organization.findUniqueOrThrow({ where: { id: client.orgId }, select: { name: true } })
				await queueAccountNotice(tx, wanted, {
					subject: `${org.name} added you to Skillproof`,
					heading: `${org.name} gave you a Skillproof account`,
					paragraphs: [
						`${org.name} gave you a Skillproof account for ${wanted.email}, to learn and earn verifiable credentials.`,
						'To sign in for the first time, choose a password (or use your organisation’s single sign-on).',
					],
					action: { label: 'Choose a password', href: `${config.PUBLIC_ORIGIN}/forgot-password` },
					reason: `You got this email because ${org.name} added ${wanted.email} to Skillproof.`,
				})
			}
			return toResource(await findMember(tx, client.orgId, user.id))
		})
	} catch (error) {
		if (isUniqueViolation(error))
			throw new ScimError(409, `${wanted.email} was provisioned at the same time.`, 'uniqueness')
		throw error
	}
}

type Change = {
	email?: string
	name?: string
	givenName?: string
	familyName?: string
	externalId?: string | null
	active?: boolean
}

/** One PATCH operation on a User, as a change; attributes this site does not keep are ignored. */
function changeOf(op: PatchOperation, change: Change) {
	if (op.path === undefined) {
		if (!op.value || typeof op.value !== 'object' || Array.isArray(op.value)) {
			throw new ScimError(400, 'An operation without a path needs an object value.', 'invalidSyntax')
		}
		for (const [path, value] of Object.entries(op.value)) changeOf({ op: op.op, path, value }, change)
		return
	}
	const path = op.path.toLowerCase()
	const value = op.op === 'remove' ? null : op.value
	const asText = (v: unknown) => {
		if (typeof v !== 'string') throw new ScimError(400, `${op.path} must be text.`, 'invalidValue')
		return v
	}
	if (path === 'active') change.active = readBoolean(value, 'active')
	else if (path === 'displayname' || path === 'name.formatted') change.name = readName(asText(value))
	else if (path === 'name.givenname') change.givenName = asText(value)
	else if (path === 'name.familyname') change.familyName = asText(value)
	else if (path === 'name' && value && typeof value === 'object') {
		for (const [key, inner] of Object.entries(value)) changeOf({ op: op.op, path: `name.${key}`, value: inner }, change)
	} else if (path === 'externalid') change.externalId = value === null ? null : asText(value)
	else if (path === 'username' || path === 'emails[type eq "work"].value') change.email = readAddress(asText(value))
}

/** Writes a change to a member in the caller's transaction. */
async function applyChange(tx: Tx, client: ScimClient, member: MemberRow, change: Change, now: Date) {
	const current = splitName(member.user.name)
	let name = change.name ?? member.user.name
	if (change.givenName !== undefined || change.familyName !== undefined) {
		name = readName(
			[change.givenName ?? current.givenName, change.familyName ?? current.familyName].filter(Boolean).join(' '),
		)
	}
	const email = change.email ?? member.user.email
	if (email !== member.user.email && !(await orgDomains(tx, client.orgId)).has(domainOf(email))) {
		throw new ScimError(
			400,
			`The address can change only to one at a domain your organisation lists, not ${email}.`,
			'mutability',
		)
	}
	if (name !== member.user.name || email !== member.user.email) {
		await tx.user
			.update({
				where: { id: member.userId },
				data: { name, ...(email !== member.user.email ? { email, emailVerifiedAt: now } : {}) },
				select: { id: true },
			})
			.catch((error: unknown) => {
				throw isUniqueViolation(error) ? new ScimError(409, `Another account uses ${email}.`, 'uniqueness') : error
			})
		await recordAudit(tx, {
			orgId: client.orgId,
			actor: client.actor,
			action: 'member.update',
			targetType: 'user',
			targetId: member.userId,
			summary: `Updated ${member.user.name}${name !== member.user.name ? ` to the name ${name}` : ''}${email !== member.user.email ? ` and the address ${email}` : ''}.`,
			at: now,
		})
	}
	if (change.externalId !== undefined) {
		await tx.membership.updateMany({
			where: { orgId: client.orgId, userId: member.userId },
			data: { scimExternalId: change.externalId },
		})
	}
	if (change.active === false && member.role === 'OWNER' && member.deactivatedAt === null) {
		// The owners are the organisation's way back in, whatever its identity provider does.
		throw new ScimError(400, 'An owner is deactivated in the app by another owner, not by provisioning.', 'mutability')
	}
	if (change.active !== undefined) {
		await writeMembersActive(tx, client.orgId, client.actor, [{ ...member, user: { name } }], change.active, now)
	}
}

async function changeUser(client: ScimClient, userId: string, change: Change, now: Date) {
	return db.$transaction(async (tx) => {
		const member = await findMember(tx, client.orgId, userId)
		await applyChange(tx, client, member, change, now)
		return toResource(await findMember(tx, client.orgId, userId))
	})
}

/** PUT /Users/:id: the person as described, all at once. */
export function replaceUser(client: ScimClient, userId: string, body: unknown, now = new Date()) {
	const wanted = readUser(body)
	return changeUser(client, userId, wanted, now)
}

/** PATCH /Users/:id: every operation, or none. */
export function patchUser(client: ScimClient, userId: string, body: unknown, now = new Date()) {
	const change: Change = {}
	for (const op of readPatch(body)) changeOf(op, change)
	return changeUser(client, userId, change, now)
}

/** DELETE /Users/:id: the member is deactivated (their own records stay theirs); 204. */
export async function deleteUser(client: ScimClient, userId: string, now = new Date()) {
	await changeUser(client, userId, { active: false }, now)
}
