/**
 * Talent search: the people of an organisation who hold a skill verified now, at or above a level,
 * with the credentials that prove it; optionally in one team. Read from the skill evidence rows
 * (CredentialSkill), which carry the holder's organisation, team and membership (kept in step by
 * triggers) and whether the credential still counts, so one grouped query over one index finds
 * every holder.
 *
 * A level counts the distinct objectives across the holder's valid credentials (skill-level.ts). The
 * rows' sum of objective counts is exact when each of the holder's rows is from another path; only the
 * few holders with two valid credentials of one path have their objectives' lists read and counted.
 */
import { stringify } from 'csv-stringify/sync'
import { z } from 'zod'
import { Prisma } from '../db/generated/sqlite/client'
import { config } from '../config.server'
import { db } from '../db/db.server'
import { FRAMEWORK_LABELS, getSkill } from '../content/skill-ids'
import { LEVEL_THRESHOLDS, levelFor, type SkillLevel } from '../skills/skill-level'
import { targetableSkills } from './skills-gap.server'
import { teamParamSchema } from './report-query'

export const TALENT_PAGE_SIZE = 50

const MIN_OBJECTIVES: Record<1 | 2 | 3, number> = {
	1: 0,
	2: LEVEL_THRESHOLDS.practised,
	3: LEVEL_THRESHOLDS.proficient,
}

/** The search's address parameters; anything malformed falls back to no search. */
export const talentQuerySchema = z.object({
	skill: z
		.string()
		.max(80)
		.regex(/^(esco|digcomp|platform):[A-Za-z0-9.-]+$/)
		.optional()
		.catch(undefined),
	level: z.coerce
		.number()
		.int()
		.min(1)
		.max(3)
		.catch(1)
		.transform((n) => n as 1 | 2 | 3),
	team: teamParamSchema.optional().catch(undefined),
	page: z.coerce.number().int().min(1).max(100_000).catch(1),
})
export type TalentQuery = z.infer<typeof talentQuerySchema>

export type TalentProof = {
	credentialId: string
	name: string
	issuedAt: Date
	validUntil: Date
	publicId: string | null
}
export type TalentMatch = {
	userId: string
	name: string
	email: string
	team: string | null
	level: SkillLevel
	objectives: number
	proofs: TalentProof[]
}

type HolderRow = {
	userId: string
	name: string
	objectives: number | bigint
	found: number | bigint
	position: number | bigint
}

/**
 * The holders of `skillId` at `level` or above, highest level first (more objectives first), then by name
 * (the database's order, as the members list): one page of them (`page`, counted from 1) or all, and how
 * many there are. Grouped in the database from one index, so only the rows shown leave it.
 */
async function findHolders(
	orgId: string,
	query: TalentQuery & { skill: string },
	now: Date,
	page: { number: number; size: number } | 'all',
) {
	// The rows that count now: the organisation's, of members, for the skill, valid, in the team asked for.
	const counting = (alias: string) => {
		const c = (column: string) => Prisma.raw(`${alias}."${column}"`)
		const team =
			query.team === undefined
				? Prisma.empty
				: query.team === 'none'
					? Prisma.sql`AND ${c('teamId')} IS NULL`
					: Prisma.sql`AND ${c('teamId')} = ${query.team}`
		return Prisma.sql`${c('orgId')} = ${orgId} AND ${c('skillId')} = ${query.skill} AND ${c('active')} = ${true}
			AND ${c('member')} = ${true} AND ${c('validUntil')} > ${now} ${team}`
	}
	// A holder's distinct objectives: the sum of their rows' counts when each row is from another path
	// (objectives carry their path, so they cannot repeat), else counted from the rows' lists (the rare
	// holder of two valid credentials of one path).
	const elements =
		config.databaseProvider === 'postgresql'
			? Prisma.sql`jsonb_array_elements_text(x."objectives"::jsonb) AS j("value")`
			: Prisma.sql`json_each(x."objectives") AS j`
	const least = MIN_OBJECTIVES[query.level]
	const ordered = Prisma.sql`h."objectives" DESC, u."name", u."id"`
	// The first page (or all): the top of the order, which the database finds without numbering every row. A later
	// page: its rows by position, or the last page's when the list has grown shorter than the page asked for (an
	// old link), in the same one pass.
	const size = page === 'all' ? 0 : page.size
	const later = page !== 'all' && page.number > 1
	const numbering = later ? Prisma.sql`ROW_NUMBER() OVER (ORDER BY ${ordered})` : Prisma.raw('1')
	const pick =
		page === 'all'
			? Prisma.sql`ORDER BY ${ordered}`
			: !later
				? Prisma.sql`ORDER BY ${ordered} LIMIT ${size}`
				: Prisma.sql`) "numbered"
				WHERE ("position" > ${(page.number - 1) * size} AND "position" <= ${page.number * size})
					OR ("found" <= ${(page.number - 1) * size} AND "position" > ("found" - 1) / ${Prisma.raw(String(size))} * ${Prisma.raw(String(size))})
				ORDER BY "position"`
	const rows = await db.$queryRaw<HolderRow[]>`
		WITH "grouped" AS (
			SELECT cs."userId" AS "userId", COUNT(*) AS "rows", COUNT(DISTINCT cs."pathSlug") AS "paths",
				SUM(cs."objectiveCount") AS "sum"
			FROM "CredentialSkill" cs
			WHERE ${counting('cs')}
			GROUP BY cs."userId"
			HAVING SUM(cs."objectiveCount") >= ${least}
		), "holders" AS (
			SELECT g."userId" AS "userId", CASE WHEN g."rows" = g."paths" THEN g."sum" ELSE (
				SELECT COUNT(DISTINCT j."value") FROM "CredentialSkill" x, ${elements}
				WHERE x."userId" = g."userId" AND ${counting('x')}
			) END AS "objectives"
			FROM "grouped" g
		)
		${later ? Prisma.sql`SELECT * FROM (` : Prisma.empty}
			SELECT h."userId" AS "userId", u."name" AS "name", h."objectives" AS "objectives",
				COUNT(*) OVER () AS "found", ${numbering} AS "position"
			FROM "holders" h
			JOIN "User" u ON u."id" = h."userId"
			WHERE h."objectives" >= ${least}
		${pick}`
	const found = rows.length === 0 ? 0 : Number(rows[0]!.found)
	return {
		found,
		page: !later || rows.length === 0 ? 1 : Math.floor((Number(rows[0]!.position) - 1) / size) + 1,
		holders: rows.map((h) => ({ userId: h.userId, name: h.name, objectives: Number(h.objectives) })),
	}
}

/** The teams and the proving credentials of some holders (a page of them, or all for the CSV). */
async function describe(orgId: string, skillId: string, userIds: string[], now: Date) {
	const [users, memberships, proofs] = await Promise.all([
		db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } }),
		db.membership.findMany({
			where: { orgId, userId: { in: userIds } },
			select: { userId: true, team: { select: { name: true } } },
		}),
		db.credentialSkill.findMany({
			where: { orgId, skillId, active: true, member: true, validUntil: { gt: now }, userId: { in: userIds } },
			select: {
				userId: true,
				credential: {
					select: {
						id: true,
						document: true,
						issuedAt: true,
						validUntil: true,
						publicId: true,
						publicLinkEnabled: true,
					},
				},
			},
			orderBy: { credential: { issuedAt: 'desc' } },
		}),
	])
	const emails = new Map(users.map((u) => [u.id, u.email]))
	const teams = new Map(memberships.map((m) => [m.userId, m.team?.name ?? null]))
	const byUser = new Map<string, TalentProof[]>()
	for (const { userId, credential: c } of proofs) {
		const list = byUser.get(userId) ?? []
		list.push({
			credentialId: c.id,
			name: (JSON.parse(c.document) as { name?: string }).name ?? 'Credential',
			issuedAt: c.issuedAt,
			validUntil: c.validUntil,
			// Only a link the holder has left switched on is shown.
			publicId: c.publicLinkEnabled ? c.publicId : null,
		})
		byUser.set(userId, list)
	}
	return { emails, teams, byUser }
}

export function talentSkills() {
	return targetableSkills().map((s) => ({ id: s.id, label: s.label, framework: FRAMEWORK_LABELS[s.framework] }))
}

export async function searchTalent(orgId: string, query: TalentQuery, now = new Date(), pageSize = TALENT_PAGE_SIZE) {
	if (!query.skill || !getSkill(query.skill)) return null
	const {
		found,
		page,
		holders: slice,
	} = await findHolders(orgId, { ...query, skill: query.skill }, now, {
		number: query.page,
		size: pageSize,
	})
	const pages = Math.max(1, Math.ceil(found / pageSize))
	const { emails, teams, byUser } = await describe(
		orgId,
		query.skill,
		slice.map((h) => h.userId),
		now,
	)
	const matches: TalentMatch[] = slice.map((h) => ({
		...h,
		email: emails.get(h.userId) ?? '',
		team: teams.get(h.userId) ?? null,
		level: levelFor(h.objectives),
		proofs: byUser.get(h.userId) ?? [],
	}))
	return { total: found, page, pages, matches }
}

/** Every match as CSV (a byte-order mark for Excel, formulas neutralised), proofs as verification links. */
export async function talentCsv(orgId: string, query: TalentQuery, verificationUrl: (publicId: string) => string) {
	const now = new Date()
	if (!query.skill || !getSkill(query.skill)) return null
	const { holders } = await findHolders(orgId, { ...query, skill: query.skill }, now, 'all')
	const skill = getSkill(query.skill)!
	const rows: Array<Array<string | number>> = []
	// In batches, so that the IN lists stay short at any size.
	for (let i = 0; i < holders.length; i += 500) {
		const batch = holders.slice(i, i + 500)
		const { emails, teams, byUser } = await describe(
			orgId,
			query.skill,
			batch.map((h) => h.userId),
			now,
		)
		for (const h of batch) {
			const proofs = byUser.get(h.userId) ?? []
			rows.push([
				h.name,
				emails.get(h.userId) ?? '',
				teams.get(h.userId) ?? '',
				skill.label,
				levelFor(h.objectives).label,
				h.objectives,
				proofs.map((p) => p.name).join('; '),
				proofs.map((p) => (p.publicId ? verificationUrl(p.publicId) : `urn:uuid:${p.credentialId}`)).join(' '),
			])
		}
	}
	return stringify(rows, {
		bom: true,
		header: true,
		columns: ['Name', 'Email', 'Team', 'Skill', 'Level', 'Objectives', 'Credentials', 'Proof'],
		escape_formulas: true,
	})
}
