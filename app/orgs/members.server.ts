/**
 * The members list of the admin area: search by name or email, filter by team and role, a page
 * at a time with the total. One query for the page and one for the count, on indexed columns; the
 * search is a case-insensitive substring match, the same on SQLite and PostgreSQL.
 */
import { Prisma } from '../db/generated/sqlite/client'
import { db } from '../db/db.server'
import type { Role } from '../db/generated/sqlite/enums'

export const MEMBERS_PAGE_SIZE = 50

export type MemberFilter = {
	q?: string | undefined
	/** A team id, or 'none' for people in no team. */
	team?: string | undefined
	role?: Role | undefined
}

/** LIKE with the user's text taken literally (%, _ and \\ escaped). */
function likePattern(q: string) {
	return `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

export async function listMembers(orgId: string, filter: MemberFilter, page = 1) {
	const conditions = [Prisma.sql`m."orgId" = ${orgId}`]
	if (filter.q) {
		const pattern = likePattern(filter.q)
		conditions.push(
			Prisma.sql`(LOWER(u."name") LIKE ${pattern} ESCAPE '\\' OR LOWER(u."email") LIKE ${pattern} ESCAPE '\\')`,
		)
	}
	if (filter.team === 'none') conditions.push(Prisma.sql`m."teamId" IS NULL`)
	else if (filter.team) conditions.push(Prisma.sql`m."teamId" = ${filter.team}`)
	if (filter.role) conditions.push(Prisma.sql`CAST(m."role" AS TEXT) = ${filter.role}`)
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
	return { members: rows, total, pages: Math.max(1, Math.ceil(total / MEMBERS_PAGE_SIZE)) }
}
