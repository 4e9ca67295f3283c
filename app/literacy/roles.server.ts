/**
 * AI-use roles (EU AI Act Article 4): an organisation's ways of using AI, each with the paths it requires,
 * a refresh period and the days a new holder has. A role is given to a team (everyone in it, while they are)
 * or to people, and the training follows: each grant makes one assignment per required path
 * (orgs/assignments.server.ts), renewed after the refresh period. Nothing is deleted: requirements and
 * grants end (`endsAt`), roles are archived, so the evidence report can be read as of any past date.
 * Every change is audited in its own transaction.
 */
import { z } from 'zod'
import { recordAudit, type Actor } from '../audit/audit.server'
import { getPath, listPaths } from '../content/catalog.server'
import { db } from '../db/db.server'
import type { Prisma } from '../db/generated/sqlite/client'
import { typedText } from '../http/typed-text'
import { archiveRoleAssignments, assignForRoleGrant } from '../orgs/assignments.server'
import { STARTER_ROLES } from './starter-roles'

type Tx = Prisma.TransactionClient

export class AiRoleError extends Error {}

const optionalMonths = z.preprocess(
	(value) => (value === '' || value === null || value === undefined ? null : value),
	z.coerce
		.number()
		.int('Give a whole number of months.')
		.min(1, 'At least 1 month.')
		.max(60, 'At most 60 months.')
		.nullable(),
)

export const aiRoleInputSchema = z.object({
	name: typedText(
		z
			.string()
			.trim()
			.min(3, 'Give the role a name of at least 3 characters.')
			.max(80, 'Keep the name under 80 characters.'),
	),
	description: typedText(
		z
			.string()
			.trim()
			.min(10, 'Say in a sentence what people in this role do with AI.')
			.max(600, 'Keep the description under 600 characters.'),
	),
	refreshMonths: optionalMonths,
	dueDays: z.coerce
		.number()
		.int('Give a whole number of days.')
		.min(1, 'At least 1 day.')
		.max(365, 'At most 365 days.'),
	pathSlugs: z
		.array(z.string().max(80))
		.min(1, 'Choose at least one path this role requires.')
		.max(20)
		.refine((slugs) => slugs.every((slug) => getPath(slug)), 'Choose paths from the catalogue.')
		.transform((slugs) => [...new Set(slugs)]),
})
export type AiRoleInput = z.infer<typeof aiRoleInputSchema>

const describeRefresh = (months: number | null) => (months ? `every ${months} months` : 'once')
const pathTitles = (slugs: string[]) => slugs.map((slug) => `“${getPath(slug)?.title ?? slug}”`).join(', ')

async function findRole(tx: Tx, orgId: string, roleId: string) {
	const role = await tx.aiRole.findFirst({ where: { id: roleId, orgId, archivedAt: null } })
	if (!role) throw new AiRoleError('There is no such role in your organisation.')
	return role
}

async function activeGrants(tx: Tx, roleId: string) {
	return tx.aiRoleGrant.findMany({ where: { roleId, endsAt: null }, select: { id: true, teamId: true, userId: true } })
}

function isNameTaken(error: unknown) {
	return typeof error === 'object' && error !== null && 'code' in error && error.code === 'P2002'
}

/** A new role and its requirements. */
export async function createAiRole(orgId: string, actor: Actor, input: AiRoleInput, now = new Date()) {
	try {
		return await db.$transaction(async (tx) => {
			const role = await tx.aiRole.create({
				data: {
					orgId,
					name: input.name,
					description: input.description,
					refreshMonths: input.refreshMonths,
					dueDays: input.dueDays,
					createdAt: now,
				},
			})
			await tx.aiRoleRequirement.createMany({
				data: input.pathSlugs.map((pathSlug) => ({ roleId: role.id, pathSlug, startsAt: now })),
			})
			await recordAudit(tx, {
				orgId,
				actor,
				action: 'ai-role.create',
				at: now,
				targetType: 'ai-role',
				targetId: role.id,
				summary: `Defined the AI-use role “${role.name}”: ${pathTitles(input.pathSlugs)}, ${describeRefresh(input.refreshMonths)}, within ${input.dueDays} days.`,
			})
			return role
		})
	} catch (error) {
		if (isNameTaken(error)) throw new AiRoleError(`There is already a role called “${input.name}”.`)
		throw error
	}
}

/**
 * Changes a role. A path no longer required ends (its assignments are archived); a path newly required is
 * assigned to everyone who holds the role now. A new refresh period applies to the role's assignments.
 */
export async function updateAiRole(orgId: string, actor: Actor, roleId: string, input: AiRoleInput, now = new Date()) {
	try {
		return await db.$transaction(async (tx) => {
			const role = await findRole(tx, orgId, roleId)
			const current = await tx.aiRoleRequirement.findMany({ where: { roleId, endsAt: null } })
			const wanted = new Set(input.pathSlugs)
			const dropped = current.filter((r) => !wanted.has(r.pathSlug))
			const added = input.pathSlugs.filter((slug) => !current.some((r) => r.pathSlug === slug))
			const grants = await activeGrants(tx, roleId)
			const grantIds = grants.map((g) => g.id)
			await tx.aiRole.update({
				where: { id: roleId },
				data: {
					name: input.name,
					description: input.description,
					refreshMonths: input.refreshMonths,
					dueDays: input.dueDays,
				},
			})
			for (const requirement of dropped) {
				await tx.aiRoleRequirement.update({ where: { id: requirement.id }, data: { endsAt: now } })
				await archiveRoleAssignments(tx, grantIds, now, requirement.pathSlug)
			}
			if (added.length > 0) {
				await tx.aiRoleRequirement.createMany({
					data: added.map((pathSlug) => ({ roleId, pathSlug, startsAt: now })),
				})
				for (const grant of grants)
					await assignForRoleGrant(tx, {
						orgId,
						grant,
						pathSlugs: added,
						dueDays: input.dueDays,
						renewMonths: input.refreshMonths,
						actorId: actor.id,
						now,
					})
			}
			await tx.assignment.updateMany({
				where: { roleGrantId: { in: grantIds }, archivedAt: null },
				data: { renewMonths: input.refreshMonths, dueDays: input.dueDays },
			})
			const changes = [
				added.length > 0 ? `now requires ${pathTitles(added)}` : null,
				dropped.length > 0 ? `no longer requires ${pathTitles(dropped.map((r) => r.pathSlug))}` : null,
				role.refreshMonths !== input.refreshMonths ? `refresh ${describeRefresh(input.refreshMonths)}` : null,
				role.dueDays !== input.dueDays ? `within ${input.dueDays} days` : null,
				role.name !== input.name ? `renamed from “${role.name}”` : null,
			].filter(Boolean)
			await recordAudit(tx, {
				orgId,
				actor,
				action: 'ai-role.update',
				at: now,
				targetType: 'ai-role',
				targetId: roleId,
				summary: `Changed the AI-use role “${input.name}”${changes.length > 0 ? `: ${changes.join('; ')}` : ''}.`,
			})
		})
	} catch (error) {
		if (isNameTaken(error)) throw new AiRoleError(`There is already a role called “${input.name}”.`)
		throw error
	}
}

/** Archives a role: its grants end and their assignments are archived. Its history stays in the report. */
export async function archiveAiRole(orgId: string, actor: Actor, roleId: string, now = new Date()) {
	await db.$transaction(async (tx) => {
		const role = await findRole(tx, orgId, roleId)
		const grants = await activeGrants(tx, roleId)
		await tx.aiRoleGrant.updateMany({ where: { roleId, endsAt: null }, data: { endsAt: now } })
		await tx.aiRoleRequirement.updateMany({ where: { roleId, endsAt: null }, data: { endsAt: now } })
		await archiveRoleAssignments(
			tx,
			grants.map((g) => g.id),
			now,
		)
		await tx.aiRole.update({ where: { id: roleId }, data: { archivedAt: now } })
		await recordAudit(tx, {
			orgId,
			actor,
			action: 'ai-role.archive',
			at: now,
			targetType: 'ai-role',
			targetId: roleId,
			summary: `Archived the AI-use role “${role.name}”; ${grants.length} ${grants.length === 1 ? 'grant' : 'grants'} ended.`,
		})
	})
}

export type GrantTarget = { teamId: string } | { userIds: string[] } | { emails: string[] }

/** The people of the organisation with these addresses; refused, naming it, if one is not an active member. */
async function membersByEmail(tx: Tx, orgId: string, emails: string[]) {
	const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))]
	if (wanted.length === 0) throw new AiRoleError('Give the email address of at least one person.')
	const members = await tx.membership.findMany({
		where: { orgId, deactivatedAt: null, user: { email: { in: wanted } } },
		select: { userId: true, user: { select: { email: true } } },
	})
	const missing = wanted.filter((email) => !members.some((m) => m.user.email.toLowerCase() === email))
	if (missing.length > 0)
		throw new AiRoleError(`No active member of your organisation has the address ${missing.join(', ')}.`)
	return members.map((m) => m.userId)
}

/**
 * Gives a role to a team or to people, with the assignments it makes. A team or person who holds the role
 * already is left as they are; the count of new grants is returned.
 */
export async function grantAiRole(orgId: string, actor: Actor, roleId: string, target: GrantTarget, now = new Date()) {
	return db.$transaction(async (tx) => {
		const role = await findRole(tx, orgId, roleId)
		const requirements = await tx.aiRoleRequirement.findMany({ where: { roleId, endsAt: null } })
		let targets: Array<{ teamId: string | null; userId: string | null }>
		let targetText: string
		if ('teamId' in target) {
			const team = await tx.team.findFirst({ where: { id: target.teamId, orgId, archivedAt: null } })
			if (!team) throw new AiRoleError('Choose a team of your organisation that is not archived.')
			targets = [{ teamId: team.id, userId: null }]
			targetText = `the team “${team.name}”`
		} else {
			const ids = [...new Set('emails' in target ? await membersByEmail(tx, orgId, target.emails) : target.userIds)]
			if (ids.length === 0) throw new AiRoleError('Choose at least one person.')
			const members = await tx.membership.count({ where: { orgId, userId: { in: ids }, deactivatedAt: null } })
			if (members !== ids.length) throw new AiRoleError('Some of these people are not active in your organisation.')
			targets = ids.map((userId) => ({ teamId: null, userId }))
			targetText = `${ids.length} ${ids.length === 1 ? 'person' : 'people'}`
		}
		const existing = await activeGrants(tx, roleId)
		const fresh = targets.filter(
			(t) => !existing.some((g) => (t.teamId ? g.teamId === t.teamId : g.userId === t.userId)),
		)
		for (const t of fresh) {
			const grant = await tx.aiRoleGrant.create({
				data: { roleId, orgId, teamId: t.teamId, userId: t.userId, startsAt: now, createdById: actor.id },
				select: { id: true, teamId: true, userId: true },
			})
			await assignForRoleGrant(tx, {
				orgId,
				grant,
				pathSlugs: requirements.map((r) => r.pathSlug),
				dueDays: role.dueDays,
				renewMonths: role.refreshMonths,
				actorId: actor.id,
				now,
			})
		}
		if (fresh.length > 0)
			await recordAudit(tx, {
				orgId,
				actor,
				action: 'ai-role.grant',
				at: now,
				targetType: 'ai-role',
				targetId: roleId,
				summary: `Gave the AI-use role “${role.name}” to ${targetText}.`,
			})
		return { granted: fresh.length }
	})
}

/** Ends one grant: the team or person no longer holds the role, and its assignments are archived. */
export async function endAiRoleGrant(orgId: string, actor: Actor, grantId: string, now = new Date()) {
	await db.$transaction(async (tx) => {
		const grant = await tx.aiRoleGrant.findFirst({
			where: { id: grantId, orgId, endsAt: null },
			include: { role: { select: { name: true } } },
		})
		if (!grant) throw new AiRoleError('This role is not given there any more.')
		await tx.aiRoleGrant.update({ where: { id: grantId }, data: { endsAt: now } })
		await archiveRoleAssignments(tx, [grantId], now)
		const holder = grant.teamId
			? `the team “${(await tx.team.findUnique({ where: { id: grant.teamId }, select: { name: true } }))?.name ?? '?'}”`
			: ((await tx.user.findUnique({ where: { id: grant.userId ?? '' }, select: { name: true } }))?.name ?? 'a person')
		await recordAudit(tx, {
			orgId,
			actor,
			action: 'ai-role.ungrant',
			at: now,
			targetType: 'ai-role',
			targetId: grant.roleId,
			summary: `Took the AI-use role “${grant.role.name}” from ${holder}.`,
		})
	})
}

/** The starter roles (./starter-roles.ts), for an organisation that has none yet; returns how many were made. */
export async function addStarterRoles(orgId: string, actor: Actor, now = new Date()) {
	if ((await db.aiRole.count({ where: { orgId } })) > 0) return 0
	const known = new Set(listPaths().map((p) => p.slug))
	let made = 0
	for (const starter of STARTER_ROLES) {
		const pathSlugs = starter.pathSlugs.filter((slug) => known.has(slug))
		if (pathSlugs.length === 0) continue
		await createAiRole(orgId, actor, { ...starter, pathSlugs }, now)
		made++
	}
	return made
}

/** The organisation's roles now: requirements, and who holds each (teams and people). */
export async function listAiRoles(orgId: string) {
	const roles = await db.aiRole.findMany({
		where: { orgId, archivedAt: null },
		orderBy: { name: 'asc' },
		include: {
			requirements: { where: { endsAt: null }, select: { pathSlug: true } },
			grants: { where: { endsAt: null }, select: { id: true, teamId: true, userId: true, startsAt: true } },
		},
	})
	const teamIds = roles.flatMap((r) => r.grants.flatMap((g) => (g.teamId ? [g.teamId] : [])))
	const userIds = roles.flatMap((r) => r.grants.flatMap((g) => (g.userId ? [g.userId] : [])))
	const [teams, users] = await Promise.all([
		db.team.findMany({ where: { id: { in: teamIds } }, select: { id: true, name: true } }),
		db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }),
	])
	const teamName = new Map(teams.map((t) => [t.id, t.name]))
	const userName = new Map(users.map((u) => [u.id, u.name]))
	return roles.map((role) => ({
		id: role.id,
		name: role.name,
		description: role.description,
		refreshMonths: role.refreshMonths,
		dueDays: role.dueDays,
		paths: role.requirements.map((r) => ({ slug: r.pathSlug, title: getPath(r.pathSlug)?.title ?? r.pathSlug })),
		grants: role.grants.map((g) => ({
			id: g.id,
			kind: g.teamId ? ('team' as const) : ('person' as const),
			name: g.teamId ? (teamName.get(g.teamId) ?? 'A team') : (userName.get(g.userId ?? '') ?? 'A person'),
			since: g.startsAt,
		})),
	}))
}
