/**
 * The members list of the admin area: search by name or email, filter by team and role, a page
 * at a time with the total. One query for the page and one for the count, on indexed columns; the
 * search is a case-insensitive substring match, the same on SQLite and PostgreSQL.
 */
import { recordAudit, type Actor } from '../audit/audit.server'
import type { Role } from '../auth/roles'
import { Prisma } from '../db/generated/sqlite/client'
import { db } from '../db/db.server'

export const MEMBERS_PAGE_SIZE = 50

export type MemberFilter = {
	q?: string | undefined
	/** A team id, or 'none' for people in no team. */
	team?: string | undefined
	role?: Role | undefined
	/** active (the default), deactivated, or invited: open invitations not yet accepted. */
	status?: MemberStatus | undefined
}

export const MEMBER_STATUSES = ['active', 'deactivated', 'invited'] as const
export type MemberStatus = (typeof MEMBER_STATUSES)[number]

export type MemberRow = {
	/** The user's id; for an invitation, the invitation's id. */
	userId: string
	name: string
	email: string
	role: Role
	teamId: string | null
	teamName: string | null
	status: MemberStatus
}

/** LIKE with the user's text taken literally (%, _ and \\ escaped). */
function likePattern(q: string) {
	return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

export async function listMembers(
	orgId: string,
	filter: MemberFilter,
	page = 1,
	now = new Date(),
): Promise<{ members: MemberRow[]; total: number; pages: number }> {
	if (filter.status === 'invited') return listInvited(orgId, filter, page, now)
	const conditions = [Prisma.sql`m."orgId" = ${orgId}`]
	conditions.push(
		filter.status === 'deactivated' ? Prisma.sql`m."deactivatedAt" IS NOT NULL` : Prisma.sql`m."deactivatedAt" IS NULL`,
	)
	if (filter.q) {
		const pattern = likePattern(filter.q)
		conditions.push(
			Prisma.sql`(LOWER(u."name") LIKE ${pattern} ESCAPE '\\' OR LOWER(u."email") LIKE ${pattern} ESCAPE '\\')`,
		)
	}
	conditions.push(...teamAndRole('m', filter))
	const where = Prisma.join(conditions, ' AND ')
	const offset = (page - 1) * MEMBERS_PAGE_SIZE
	const [rows, [count]] = await Promise.all([
		db.$queryRaw<
			Array<{ userId: string; name: string; email: string; role: Role; teamId: string | null; teamName: string | null }>
		>`
			SELECT u."id" AS "userId", u."name" AS "name", u."email" AS "email", m."role" AS "role",
				m."teamId" AS "teamId", t."name" AS "teamName"
			FROM "Membership" m
			JOIN "User" u ON u."id" = m."userId"
			LEFT JOIN "Team" t ON t."id" = m."teamId"
			WHERE ${where}
			ORDER BY u."name", u."id"
			LIMIT ${MEMBERS_PAGE_SIZE} OFFSET ${offset}`,
		db.$queryRaw<Array<{ total: bigint | number }>>`
			SELECT COUNT(*) AS "total" FROM "Membership" m JOIN "User" u ON u."id" = m."userId" WHERE ${where}`,
	])
	const total = Number(count?.total ?? 0)
	const status: MemberStatus = filter.status === 'deactivated' ? 'deactivated' : 'active'
	return {
		members: rows.map((r) => ({ ...r, status })),
		total,
		pages: Math.max(1, Math.ceil(total / MEMBERS_PAGE_SIZE)),
	}
}

/** The team and role filters on memberships (`m`) or invitations (`i`), which have the same columns. */
function teamAndRole(table: 'm' | 'i', filter: MemberFilter): Prisma.Sql[] {
	const t = Prisma.raw(table)
	const conditions: Prisma.Sql[] = []
	if (filter.team === 'none') conditions.push(Prisma.sql`${t}."teamId" IS NULL`)
	else if (filter.team) conditions.push(Prisma.sql`${t}."teamId" = ${filter.team}`)
	if (filter.role) conditions.push(Prisma.sql`CAST(${t}."role" AS TEXT) = ${filter.role}`)
	return conditions
}

/** Open invitations (not accepted, withdrawn or expired) as rows of the same list; the name is not known yet. */
async function listInvited(orgId: string, filter: MemberFilter, page: number, now: Date) {
	const conditions = [
		Prisma.sql`i."orgId" = ${orgId}`,
		Prisma.sql`i."acceptedAt" IS NULL`,
		Prisma.sql`i."revokedAt" IS NULL`,
		Prisma.sql`i."expiresAt" > ${now}`,
	]
	if (filter.q) conditions.push(Prisma.sql`LOWER(i."email") LIKE ${likePattern(filter.q)} ESCAPE '\\'`)
	conditions.push(...teamAndRole('i', filter))
	const where = Prisma.join(conditions, ' AND ')
	const offset = (page - 1) * MEMBERS_PAGE_SIZE
	const [rows, [count]] = await Promise.all([
		db.$queryRaw<Array<{ id: string; email: string; role: Role; teamId: string | null; teamName: string | null }>>`
			SELECT i."id", i."email", i."role", i."teamId", t."name" AS "teamName"
			FROM "Invitation" i
			LEFT JOIN "Team" t ON t."id" = i."teamId"
			WHERE ${where}
			ORDER BY i."email", i."id"
			LIMIT ${MEMBERS_PAGE_SIZE} OFFSET ${offset}`,
		db.$queryRaw<Array<{ total: bigint | number }>>`SELECT COUNT(*) AS "total" FROM "Invitation" i WHERE ${where}`,
	])
	const total = Number(count?.total ?? 0)
	return {
		members: rows.map((r) => ({
			userId: r.id,
			name: '',
			email: r.email,
			role: r.role,
			teamId: r.teamId,
			teamName: r.teamName,
			status: 'invited' as const,
		})),
		total,
		pages: Math.max(1, Math.ceil(total / MEMBERS_PAGE_SIZE)),
	}
}

export class MemberError extends Error {}

/**
 * Deactivates or reactivates people, all or none: a deactivated person keeps their account, progress
 * and credentials, but loses the organisation (its admin area, assignments and reminders) and leaves
 * its reports and skills coverage, and is signed out on every device. Nobody deactivates themselves;
 * only owners deactivate admins or owners.
 */
export async function setMembersActive(
	orgId: string,
	actor: Actor & { role: Role },
	userIds: string[],
	active: boolean,
	now = new Date(),
) {
	const ids = [...new Set(userIds)]
	if (ids.length === 0) throw new MemberError('Choose at least one person.')
	if (ids.length > 400) throw new MemberError('Choose at most 400 people at a time.')
	if (!active && ids.includes(actor.id)) throw new MemberError('You cannot deactivate yourself.')
	return db.$transaction(async (tx) => {
		const members = await tx.membership.findMany({
			where: { orgId, userId: { in: ids } },
			select: { userId: true, role: true, deactivatedAt: true, user: { select: { name: true } } },
		})
		if (members.length !== ids.length) throw new MemberError('Some of these people are not in your organisation.')
		if (!active && actor.role !== 'OWNER' && members.some((m) => m.role !== 'LEARNER'))
			throw new MemberError('Only owners can deactivate administrators or owners.')
		return writeMembersActive(tx, orgId, actor, members, active, now)
	})
}

/**
 * In the caller's transaction, for members already checked: the change of those whose state differs,
 * the end of the sessions of those deactivated, and an audit entry each. Gives how many changed.
 */
export async function writeMembersActive(
	tx: Prisma.TransactionClient,
	orgId: string,
	actor: Actor,
	members: Array<{ userId: string; deactivatedAt: Date | null; user: { name: string } }>,
	active: boolean,
	now: Date,
) {
	const changing = members.filter((m) => (m.deactivatedAt === null) === !active)
	if (changing.length === 0) return 0
	await tx.membership.updateMany({
		where: { orgId, userId: { in: changing.map((m) => m.userId) } },
		data: { deactivatedAt: active ? null : now },
	})
	// Every request reads the membership with the session, so access ends at once anyway; ending
	// their sessions too means nothing signed in before the change outlives it (Lucia's guide).
	if (!active) await tx.session.deleteMany({ where: { userId: { in: changing.map((m) => m.userId) } } })
	await recordAudit(
		tx,
		...changing.map((m) => ({
			orgId,
			actor,
			action: active ? ('member.reactivate' as const) : ('member.deactivate' as const),
			targetType: 'user',
			targetId: m.userId,
			summary: `${active ? 'Reactivated' : 'Deactivated'} ${m.user.name}.`,
		})),
	)
	return changing.length
}
