/**
 * Talent search: the people of an organisation who hold a skill verified now, at or above a level,
 * with the credentials that prove it; optionally in one team. Read from the skill evidence rows
 * (CredentialSkill), which carry the holder's organisation, team and membership (kept in step by
 * triggers) and whether the credential still counts, so one grouped query over one index finds
 * every holder.
 *
 * A level counts the distinct objectives across the holder's valid credentials (skill-level.ts). The
 * query's sum of objective counts is exact for a holder with one credential for the skill and an
 * upper bound otherwise; only those few holders have their objectives read and counted exactly.
 */
import { stringify } from 'csv-stringify/sync'
import { z } from 'zod'
import { Prisma } from '../db/generated/sqlite/client'
import { db } from '../db/db.server'
import { FRAMEWORK_LABELS, getSkill } from '../content/skill-ids'
import { LEVEL_THRESHOLDS, levelFor, type SkillLevel } from '../skills/skill-level'
import { targetableSkills } from './skills-gap.server'
import { teamParamSchema } from './report-query'

export const TALENT_PAGE_SIZE = 50

/** Names in a reader's order; a collator compares tens of thousands far faster than localeCompare. */
const byName = new Intl.Collator('en-GB')

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
	rows: number | bigint
	total: number | bigint | null
}

/** Every holder of `skillId` at `level` or above, sorted by level (highest first), then name. */
async function findHolders(orgId: string, query: TalentQuery & { skill: string }, now: Date) {
	// The rows that count now: the organisation's, of members, for the skill, valid, in the team asked for.
	const counting = (alias: string) => {
		const c = (column: string) => Prisma.raw(`${alias}."${column}"`)
		const team =
			query.team === undefined
				? Prisma.empty
				: query.team === 'none'
					? Prisma.sql`AND ${c('teamId')} IS NULL`
					: Prisma.sql`AND ${c('teamId')} = ${query.team}`
		return Prisma.sql`${c('orgId')} = ${orgId} AND ${c('active')} = ${true} AND ${c('member')} = ${true}
			AND ${c('skillId')} = ${query.skill} AND ${c('validUntil')} > ${now} ${team}`
	}
	const least = MIN_OBJECTIVES[query.level]
	const holders = await db.$queryRaw<HolderRow[]>`
		SELECT cs."userId" AS "userId", u."name" AS "name",
			COUNT(*) AS "rows", SUM(cs."objectiveCount") AS "total"
		FROM "CredentialSkill" cs
		JOIN "User" u ON u."id" = cs."userId"
		WHERE ${counting('cs')}
		GROUP BY cs."userId", u."name"
		HAVING SUM(cs."objectiveCount") >= ${least}`
	// Holders with several credentials for the skill: their distinct objectives, counted exactly. Found
	// by a subquery, not a list of ids, which could pass any database's limit on parameters.
	const exact = new Map<string, number>()
	if (holders.some((h) => Number(h.rows) > 1)) {
		const rows = await db.$queryRaw<Array<{ userId: string; objectives: string }>>`
			SELECT cs."userId" AS "userId", cs."objectives" AS "objectives"
			FROM "CredentialSkill" cs
			WHERE ${counting('cs')} AND cs."userId" IN (
				SELECT c2."userId" FROM "CredentialSkill" c2 WHERE ${counting('c2')}
				GROUP BY c2."userId" HAVING COUNT(*) > 1 AND SUM(c2."objectiveCount") >= ${least})`
		const sets = new Map<string, Set<string>>()
		for (const row of rows) {
			const set = sets.get(row.userId) ?? new Set<string>()
			for (const objective of JSON.parse(row.objectives) as string[]) set.add(objective)
			sets.set(row.userId, set)
		}
		for (const [userId, set] of sets) exact.set(userId, set.size)
	}
	return holders
		.map((h) => ({
			userId: h.userId,
			name: h.name,
			objectives: exact.get(h.userId) ?? Number(h.total ?? 0),
		}))
		.filter((h) => h.objectives >= least)
		.sort((a, b) => b.objectives - a.objectives || byName.compare(a.name, b.name) || (a.userId < b.userId ? -1 : 1))
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

export async function searchTalent(orgId: string, query: TalentQuery, now = new Date()) {
	if (!query.skill || !getSkill(query.skill)) return null
	const holders = await findHolders(orgId, { ...query, skill: query.skill }, now)
	const pages = Math.max(1, Math.ceil(holders.length / TALENT_PAGE_SIZE))
	const page = Math.min(query.page, pages)
	const slice = holders.slice((page - 1) * TALENT_PAGE_SIZE, page * TALENT_PAGE_SIZE)
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
	return { total: holders.length, page, pages, matches }
}

/** Every match as CSV (a byte-order mark for Excel, formulas neutralised), proofs as verification links. */
export async function talentCsv(orgId: string, query: TalentQuery, verificationUrl: (publicId: string) => string) {
	const now = new Date()
	if (!query.skill || !getSkill(query.skill)) return null
	const holders = await findHolders(orgId, { ...query, skill: query.skill }, now)
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
