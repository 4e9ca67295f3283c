/**
 * SCIM Groups (RFC 7643 section 4.2) of one organisation: its teams. A member belongs to one team, so
 * adding someone to a group moves them into that team, and removing them leaves them with none.
 * DELETE archives the team (its history stays). Every change and its audit entry are written in one
 * transaction; members must be people of the organisation.
 */
import { z } from 'zod'
import { recordAudit } from '../../audit/audit.server'
import { db } from '../../db/db.server'
import type { Prisma } from '../../db/generated/sqlite/client'
import { isUniqueViolation } from '../../db/errors.server'
import { grantTeamAssignments } from '../assignments.server'
import { teamNameSchema } from '../teams.server'
import { GROUP_SCHEMA, listBody, paging, parseFilter, readPatch, ScimError, type PatchOperation } from './protocol'
import { scimBaseUrl, type ScimClient } from './tokens.server'

type Tx = Prisma.TransactionClient

const teamSelect = {
	id: true,
	name: true,
	createdAt: true,
	scimExternalId: true,
	memberships: { where: { deactivatedAt: null }, select: { userId: true, user: { select: { name: true } } } },
} as const

type TeamRow = Prisma.TeamGetPayload<{ select: typeof teamSelect }>

function toResource(team: TeamRow, withMembers = true) {
	const base = scimBaseUrl()
	return {
		schemas: [GROUP_SCHEMA],
		id: team.id,
		...(team.scimExternalId ? { externalId: team.scimExternalId } : {}),
		displayName: team.name,
		...(withMembers
			? {
					members: team.memberships.map((m) => ({
						value: m.userId,
						display: m.user.name,
						$ref: `${base}/Users/${m.userId}`,
					})),
				}
			: {}),
		meta: { resourceType: 'Group', created: team.createdAt.toISOString(), location: `${base}/Groups/${team.id}` },
	}
}

const membersInput = z.array(z.looseObject({ value: z.string().max(100) })).max(10_000)

const groupInput = z.looseObject({
	displayName: z.string().max(200),
	externalId: z.string().max(255).nullish(),
	members: membersInput.nullish(),
})

function readDisplayName(value: unknown): string {
	const parsed = teamNameSchema.safeParse(value)
	if (!parsed.success)
		throw new ScimError(400, 'displayName must be a team name of 1 to 80 characters.', 'invalidValue')
	return parsed.data
}

function readMembers(value: unknown): string[] {
	const parsed = membersInput.safeParse(Array.isArray(value) ? value : [value])
	if (!parsed.success) throw new ScimError(400, 'members must be a list of { "value": user id }.', 'invalidValue')
	return parsed.data.map((m) => m.value)
}

async function findTeam(tx: Tx, orgId: string, teamId: string) {
	const team = await tx.team.findFirst({ where: { id: teamId, orgId, archivedAt: null }, select: teamSelect })
	if (!team) throw new ScimError(404, `There is no group ${teamId} in this organisation.`)
	return team
}

const wantsMembers = (search: URLSearchParams) =>
	!(search.get('excludedAttributes') ?? '')
		.toLowerCase()
		.split(',')
		.map((a) => a.trim())
		.includes('members')

export async function listGroups(client: ScimClient, search: URLSearchParams) {
	const filter = parseFilter(search.get('filter'), ['displayname', 'externalid'])
	const { startIndex, count } = paging(search)
	const where: Prisma.TeamWhereInput = { orgId: client.orgId, archivedAt: null }
	if (filter?.attribute === 'displayname') where.name = filter.value
	if (filter?.attribute === 'externalid') where.scimExternalId = filter.value
	const [total, rows] = await Promise.all([
		db.team.count({ where }),
		db.team.findMany({
			where,
			orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
			skip: startIndex - 1,
			take: count,
			select: teamSelect,
		}),
	])
	return listBody(
		rows.map((t) => toResource(t, wantsMembers(search))),
		total,
		startIndex,
	)
}

export async function getGroup(client: ScimClient, teamId: string, search = new URLSearchParams()) {
	return toResource(await findTeam(db, client.orgId, teamId), wantsMembers(search))
}

/**
 * Puts exactly `wanted` (when given) in the team, adding `add` and taking out `remove`: people moved in
 * leave their other team and get the team's assignments; people taken out are left with no team.
 */
async function setMembers(
	tx: Tx,
	client: ScimClient,
	team: { id: string; name: string },
	edits: { wanted?: string[]; add?: string[]; remove?: string[] },
	now: Date,
) {
	const current = new Set(
		(
			await tx.membership.findMany({
				where: { orgId: client.orgId, teamId: team.id, deactivatedAt: null },
				select: { userId: true },
			})
		).map((m) => m.userId),
	)
	const target = new Set(edits.wanted ?? current)
	for (const id of edits.add ?? []) target.add(id)
	for (const id of edits.remove ?? []) target.delete(id)
	const joining = [...target].filter((id) => !current.has(id))
	const leaving = [...current].filter((id) => !target.has(id))
	if (joining.length > 0) {
		const found = await tx.membership.count({ where: { orgId: client.orgId, userId: { in: joining } } })
		if (found !== joining.length)
			throw new ScimError(400, 'Some members are not people of this organisation.', 'invalidValue')
		await tx.membership.updateMany({
			where: { orgId: client.orgId, userId: { in: joining } },
			data: { teamId: team.id },
		})
		await grantTeamAssignments(tx, client.orgId, team.id, joining, now)
	}
	if (leaving.length > 0) {
		await tx.membership.updateMany({
			where: { orgId: client.orgId, teamId: team.id, userId: { in: leaving } },
			data: { teamId: null },
		})
	}
	if (joining.length + leaving.length > 0) {
		await recordAudit(tx, {
			orgId: client.orgId,
			actor: client.actor,
			action: 'member.move',
			targetType: 'team',
			targetId: team.id,
			summary: `Provisioning moved ${joining.length} ${joining.length === 1 ? 'person' : 'people'} into “${team.name}” and ${leaving.length} out of it.`,
			at: now,
		})
	}
}

function renameConflict(error: unknown, name: string): never {
	if (isUniqueViolation(error)) throw new ScimError(409, `A team named “${name}” exists already.`, 'uniqueness')
	throw error
}

export async function createGroup(client: ScimClient, body: unknown, now = new Date()) {
	const parsed = groupInput.safeParse(body)
	if (!parsed.success) throw new ScimError(400, 'This is not a SCIM Group: it needs a displayName.', 'invalidSyntax')
	const name = readDisplayName(parsed.data.displayName)
	return db
		.$transaction(async (tx) => {
			const team = await tx.team.create({
				data: { orgId: client.orgId, name, scimExternalId: parsed.data.externalId ?? null, createdAt: now },
				select: { id: true, name: true },
			})
			await recordAudit(tx, {
				orgId: client.orgId,
				actor: client.actor,
				action: 'team.create',
				targetType: 'team',
				targetId: team.id,
				summary: `Provisioning created the team “${name}”.`,
				at: now,
			})
			if (parsed.data.members?.length)
				await setMembers(tx, client, team, { wanted: readMembers(parsed.data.members) }, now)
			return toResource(await findTeam(tx, client.orgId, team.id))
		})
		.catch((error: unknown) => renameConflict(error, name))
}

async function rename(tx: Tx, client: ScimClient, team: { id: string; name: string }, name: string, now: Date) {
	if (name === team.name) return
	await tx.team.update({ where: { id: team.id }, data: { name }, select: { id: true } })
	await recordAudit(tx, {
		orgId: client.orgId,
		actor: client.actor,
		action: 'team.rename',
		targetType: 'team',
		targetId: team.id,
		summary: `Provisioning renamed the team “${team.name}” to “${name}”.`,
		at: now,
	})
}

export async function replaceGroup(client: ScimClient, teamId: string, body: unknown, now = new Date()) {
	const parsed = groupInput.safeParse(body)
	if (!parsed.success) throw new ScimError(400, 'This is not a SCIM Group: it needs a displayName.', 'invalidSyntax')
	const name = readDisplayName(parsed.data.displayName)
	return db
		.$transaction(async (tx) => {
			const team = await findTeam(tx, client.orgId, teamId)
			await rename(tx, client, team, name, now)
			await tx.team.update({ where: { id: team.id }, data: { scimExternalId: parsed.data.externalId ?? null } })
			await setMembers(tx, client, { id: team.id, name }, { wanted: readMembers(parsed.data.members ?? []) }, now)
			return toResource(await findTeam(tx, client.orgId, teamId))
		})
		.catch((error: unknown) => renameConflict(error, name))
}

/** A member path of a remove: `members[value eq "id"]` (Okta, RFC 7644 3.5.2.2). */
const MEMBER_PATH = /^members\[value eq "([^"]+)"\]$/i

/** PATCH /Groups/:id, in the shapes Entra ID and Okta send: every operation, or none. */
export async function patchGroup(client: ScimClient, teamId: string, body: unknown, now = new Date()) {
	const ops = readPatch(body)
	const edits: { wanted?: string[]; add: string[]; remove: string[] } = { add: [], remove: [] }
	let name: string | undefined
	let externalId: string | null | undefined
	const apply = (op: PatchOperation) => {
		const path = op.path?.toLowerCase()
		if (path === undefined) {
			if (!op.value || typeof op.value !== 'object' || Array.isArray(op.value))
				throw new ScimError(400, 'An operation without a path needs an object value.', 'invalidSyntax')
			for (const [key, value] of Object.entries(op.value)) {
				// Okta repeats the group's id (and may send its schemas) beside the new name.
				if (!['id', 'schemas', 'meta'].includes(key)) apply({ op: op.op, path: key, value })
			}
		} else if (path === 'displayname') name = readDisplayName(op.value)
		else if (path === 'externalid') externalId = op.op === 'remove' ? null : z.string().max(255).parse(op.value)
		else if (path === 'members') {
			if (op.op === 'add') edits.add.push(...readMembers(op.value))
			else if (op.op === 'replace') edits.wanted = readMembers(op.value)
			else if (op.value === undefined) edits.wanted = []
			else edits.remove.push(...readMembers(op.value))
		} else if (op.op === 'remove' && MEMBER_PATH.test(op.path!)) edits.remove.push(MEMBER_PATH.exec(op.path!)![1]!)
		else throw new ScimError(400, `A group has no attribute at “${op.path}”.`, 'invalidPath')
	}
	ops.forEach(apply)
	return db
		.$transaction(async (tx) => {
			const team = await findTeam(tx, client.orgId, teamId)
			if (name) await rename(tx, client, team, name, now)
			if (externalId !== undefined)
				await tx.team.update({ where: { id: team.id }, data: { scimExternalId: externalId } })
			await setMembers(tx, client, { id: team.id, name: name ?? team.name }, edits, now)
			return toResource(await findTeam(tx, client.orgId, teamId))
		})
		.catch((error: unknown) => renameConflict(error, name ?? ''))
}

/** DELETE /Groups/:id: the team is archived, its members keep it as history until moved; 204. */
export async function deleteGroup(client: ScimClient, teamId: string, now = new Date()) {
	await db.$transaction(async (tx) => {
		const team = await findTeam(tx, client.orgId, teamId)
		await tx.team.update({ where: { id: team.id }, data: { archivedAt: now }, select: { id: true } })
		await recordAudit(tx, {
			orgId: client.orgId,
			actor: client.actor,
			action: 'team.archive',
			targetType: 'team',
			targetId: team.id,
			summary: `Provisioning archived the team “${team.name}”.`,
			at: now,
		})
	})
}
