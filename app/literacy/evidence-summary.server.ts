/**
 * The evidence report's figures as its page shows them, counted in the database: per role and team, who held
 * the role on the day and who met its requirements, who was overdue, and the first of the requirements not met.
 * The rules are those of evidence.server.ts, which builds each person's whole record (for the CSV, the PDF and a
 * person's page); here they are written as SQL, so that an organisation of 50,000 is counted without its people
 * being read one by one. A test holds the two to the same answers on both databases.
 *
 * For a holder and a required path, each of their credentials for it that was issued by the day and was not
 * suspended then "lapses" at the earliest of its expiry, its revocation and, for a role with a refresh period,
 * that many months after it was issued. The requirement is met when one lapses after the day; otherwise it is
 * due `dueDays` after the later of the day they came to hold the role and the last lapse, and overdue after that.
 */
import { getPath } from '../content/catalog.server'
import { config } from '../config.server'
import { Prisma } from '../db/generated/sqlite/client'
import { db } from '../db/db.server'
import { rolesAsOf, type RoleSummary } from './evidence.server'

type Sql = Prisma.Sql
const DAY_MS = 24 * 60 * 60 * 1000
const postgres = () => config.databaseProvider === 'postgresql'

/**
 * `time` plus whole months, on the same day of the month or the month's last day if it has fewer
 * (format/dates.ts `addMonths`; PostgreSQL's interval does the same; SQLite's own modifier would run on).
 */
function plusMonths(time: Sql, months: number): Sql {
	if (postgres()) return Prisma.sql`(${time} + make_interval(months => ${months}::int))`
	const index = Prisma.sql`(CAST(substr(${time}, 1, 4) AS INTEGER) * 12 + CAST(substr(${time}, 6, 2) AS INTEGER) - 1 + ${months})`
	const month = Prisma.sql`${index} / 12, ${index} % 12 + 1`
	const lastDay = Prisma.sql`CAST(strftime('%d', printf('%04d-%02d-01', ${month}), '+1 month', '-1 day') AS INTEGER)`
	return Prisma.sql`(printf('%04d-%02d-%02d', ${month}, min(CAST(substr(${time}, 9, 2) AS INTEGER), ${lastDay})) || substr(${time}, 11))`
}

/** The earlier of a time and one that may be null. */
const earlier = (a: Sql, b: Sql) => Prisma.sql`CASE WHEN ${b} IS NOT NULL AND ${b} < ${a} THEN ${b} ELSE ${a} END`
/** The later of a time and one that may be null. */
const later = (a: Sql, b: Sql) => Prisma.sql`CASE WHEN ${b} IS NOT NULL AND ${b} > ${a} THEN ${b} ELSE ${a} END`

export type SummaryGap = {
	userId: string
	name: string
	email: string
	teamId: string | null
	role: string
	path: string
	state: 'due' | 'overdue'
	dueOn: Date
}

export type EvidenceSummary = {
	asOf: Date
	roles: RoleSummary[]
	/** Per team with holders (null: people in no team), per role in `roles`' order. */
	teams: Array<{ teamId: string | null; cells: Array<{ holders: number; meeting: number }> }>
	/** Requirements not met, and the first `gapLimit` of them: overdue first, then by due date and name. */
	gapCount: number
	gaps: SummaryGap[]
}

type Row = {
	kind: 'team' | 'gap'
	teamId: string | null
	holders: number | bigint | null
	meeting: number | bigint | null
	overdue: number | bigint | null
	gaps: number | bigint | null
	userId: string | null
	name: string | null
	email: string | null
	requirement: number | bigint | null
	dueFrom: Date | string | null
}

type Role = Awaited<ReturnType<typeof rolesAsOf>>[number]

/** One role's team figures and first gaps, in one statement. */
function roleStatement(orgId: string, role: Role, asOf: Date, teamId: string | null | undefined, gapLimit: number) {
	const team =
		teamId === undefined
			? Prisma.empty
			: teamId === null
				? Prisma.sql`AND s."teamId" IS NULL`
				: Prisma.sql`AND s."teamId" = ${teamId}`
	const spanThen = Prisma.sql`s."orgId" = ${orgId} AND s."active" = ${true} AND s."startsAt" <= ${asOf}
		AND (s."endsAt" IS NULL OR s."endsAt" > ${asOf}) ${team}`
	const grantThen = Prisma.sql`g."roleId" = ${role.id} AND g."startsAt" <= ${asOf} AND (g."endsAt" IS NULL OR g."endsAt" > ${asOf})`
	// When a credential stops counting for this role, and whether it was suspended on the day.
	const lapse = (() => {
		const ends = earlier(Prisma.raw('c."validUntil"'), Prisma.raw('c."revokedAt"'))
		return role.refreshMonths === null
			? ends
			: earlier(ends, plusMonths(Prisma.raw('c."issuedAt"'), role.refreshMonths))
	})()
	// Credentials suspended on the day: the last suspension or lift by then was a suspension (a few rows).
	const suspended = Prisma.sql`SELECT e."credentialId" FROM "CredentialEvent" e
		WHERE e."kind" = 'suspended' AND e."createdAt" <= ${asOf}
		AND NOT EXISTS (SELECT 1 FROM "CredentialEvent" r WHERE r."credentialId" = e."credentialId" AND r."kind" = 'reinstated'
			AND r."createdAt" >= e."createdAt" AND r."createdAt" <= ${asOf})`
	const notSuspended = Prisma.sql`c."id" NOT IN (SELECT "credentialId" FROM "suspended")`
	const credentials = (pathSlug: string) => Prisma.sql`FROM "Credential" c
		WHERE c."userId" = h."userId" AND c."pathSlug" = ${pathSlug} AND c."issuedAt" <= ${asOf} AND ${notSuspended}`
	const paths = role.requirements.map((r) => r.pathSlug)
	const column = (name: string, i: number) => Prisma.raw(`"${name}${i}"`)
	// The latest lapse of a holder's credentials for each path: after the day, the requirement is met; else the
	// training is due from the later of that lapse and the day they came to hold the role.
	const judged = paths.map(
		(pathSlug, i) => Prisma.sql`,
		(SELECT MAX(${lapse}) ${credentials(pathSlug)}) AS ${column('last', i)}`,
	)
	// SQLite looks each holder's credentials up in the index; PostgreSQL joins them all at once (by hash), far
	// faster there than a lookup per holder.
	const judgedSelect =
		judged.length === 0
			? Prisma.sql`SELECT h."userId", h."teamId", h."since" FROM "holders" h`
			: postgres()
				? Prisma.sql`SELECT h."userId", h."teamId", h."since", ${Prisma.join(
						paths.map(
							(pathSlug, i) =>
								Prisma.sql`MAX(CASE WHEN c."pathSlug" = ${pathSlug} THEN ${lapse} END) AS ${column('last', i)}`,
						),
						', ',
					)}
				FROM "holders" h
				LEFT JOIN "Credential" c ON c."userId" = h."userId" AND c."pathSlug" IN (${Prisma.join(paths)})
					AND c."issuedAt" <= ${asOf} AND ${notSuspended}
				GROUP BY h."userId", h."teamId", h."since"`
				: Prisma.sql`SELECT h."userId", h."teamId", h."since" ${Prisma.join(judged, '')} FROM "holders" h`
	// Unmet, the moment the training is due from; overdue once that is more than the role's days before the day.
	const dated = paths.map(
		(_, i) => Prisma.sql`,
		CASE WHEN j.${column('last', i)} > ${asOf} THEN 1 ELSE 0 END AS ${column('met', i)},
		CASE WHEN j.${column('last', i)} > ${asOf} THEN NULL
			ELSE ${later(Prisma.raw('j."since"'), Prisma.sql`j.${column('last', i)}`)} END AS ${column('from', i)}`,
	)
	const lateBefore = new Date(asOf.getTime() - role.dueDays * DAY_MS)
	const all = (parts: Sql[], joiner: string, none: string) =>
		parts.length ? Prisma.join(parts, joiner) : Prisma.raw(none)
	const met = all(
		paths.map((_, i) => Prisma.sql`d.${column('met', i)} = 1`),
		' AND ',
		'1 = 1',
	)
	const overdue = all(
		paths.map((_, i) => Prisma.sql`(d.${column('from', i)} IS NOT NULL AND d.${column('from', i)} < ${lateBefore})`),
		' OR ',
		'1 = 0',
	)
	const unmet = all(
		paths.map((_, i) => Prisma.sql`(1 - d.${column('met', i)})`),
		' + ',
		'0',
	)
	const gapRows = paths.map(
		(_, i) => Prisma.sql`SELECT d."userId", d."teamId", ${Prisma.raw(String(i))} AS "requirement",
			d.${column('from', i)} AS "dueFrom", CASE WHEN d.${column('from', i)} < ${lateBefore} THEN 1 ELSE 0 END AS "late"
		FROM "dated" d WHERE d.${column('met', i)} = 0`,
	)
	const gaps = gapRows.length
		? Prisma.sql`UNION ALL
		SELECT * FROM (
			SELECT 'gap', x."teamId", CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), x."late", CAST(NULL AS BIGINT), x."userId", u."name", u."email", x."requirement", x."dueFrom"
			-- The gaps first, then each one's name by id (CROSS JOIN keeps SQLite to that order).
			FROM (${Prisma.join(gapRows, ' UNION ALL ')}) x
			CROSS JOIN "User" u WHERE u."id" = x."userId"
			ORDER BY x."late" DESC, x."dueFrom", u."name", x."userId", x."requirement"
			LIMIT ${gapLimit}
		) "first"`
		: Prisma.empty
	return Prisma.sql`
		WITH "suspended" AS MATERIALIZED (${suspended}), "held" AS (
			SELECT s."userId" AS "userId", s."teamId" AS "teamId",
				CASE WHEN g."startsAt" > s."startsAt" THEN g."startsAt" ELSE s."startsAt" END AS "since"
			FROM "MembershipSpan" s JOIN "AiRoleGrant" g ON g."teamId" = s."teamId" AND g."orgId" = s."orgId"
			WHERE ${spanThen} AND ${grantThen}
			UNION ALL
			SELECT s."userId", s."teamId", g."startsAt"
			FROM "MembershipSpan" s JOIN "AiRoleGrant" g ON g."userId" = s."userId" AND g."orgId" = s."orgId"
			WHERE ${spanThen} AND ${grantThen}
		), "holders" AS (
			SELECT "userId", "teamId", MIN("since") AS "since" FROM "held" GROUP BY "userId", "teamId"
		), "judged" AS MATERIALIZED (
			${judgedSelect}
		), "dated" AS MATERIALIZED (
			SELECT j.* ${dated.length ? Prisma.join(dated, '') : Prisma.empty} FROM "judged" j
		)
		SELECT 'team' AS "kind", d."teamId" AS "teamId", COUNT(*) AS "holders",
			SUM(CASE WHEN ${met} THEN 1 ELSE 0 END) AS "meeting",
			SUM(CASE WHEN ${overdue} THEN 1 ELSE 0 END) AS "overdue",
			SUM(${unmet}) AS "gaps",
			NULL AS "userId", NULL AS "name", NULL AS "email", NULL AS "requirement", NULL AS "dueFrom"
		FROM "dated" d
		GROUP BY d."teamId"
		${gaps}`
}

/** The report page's figures at `asOf`, for the organisation or one team (null: people in no team). */
export async function getEvidenceSummary(
	orgId: string,
	asOf: Date,
	scope: { teamId?: string | null } = {},
	gapLimit = 100,
): Promise<EvidenceSummary> {
	const roles = await rolesAsOf(orgId, asOf)
	const results = await Promise.all(
		roles.map((role) => db.$queryRaw<Row[]>(roleStatement(orgId, role, asOf, scope.teamId, gapLimit))),
	)
	const teams = new Map<string | null, Array<{ holders: number; meeting: number }>>()
	const gaps: Array<SummaryGap & { order: [number, number] }> = []
	let gapCount = 0
	const summaries = roles.map((role, r): RoleSummary => {
		const summary: RoleSummary = {
			roleId: role.id,
			name: role.name,
			refreshMonths: role.refreshMonths,
			paths: role.requirements.map((q) => ({ slug: q.pathSlug, title: getPath(q.pathSlug)?.title ?? q.pathSlug })),
			holders: 0,
			meeting: 0,
			overdue: 0,
		}
		for (const row of results[r]!) {
			if (row.kind === 'team') {
				const holders = Number(row.holders)
				const meeting = Number(row.meeting)
				summary.holders += holders
				summary.meeting += meeting
				summary.overdue += Number(row.overdue)
				gapCount += Number(row.gaps)
				const cells = teams.get(row.teamId) ?? roles.map(() => ({ holders: 0, meeting: 0 }))
				cells[r] = { holders, meeting }
				teams.set(row.teamId, cells)
			} else {
				gaps.push({
					userId: row.userId!,
					name: row.name!,
					email: row.email!,
					teamId: row.teamId,
					role: role.name,
					path: summary.paths[Number(row.requirement)]!.title,
					state: Number(row.overdue) === 1 ? 'overdue' : 'due',
					dueOn: new Date(new Date(row.dueFrom!).getTime() + role.dueDays * DAY_MS),
					order: [r, Number(row.requirement)],
				})
			}
		}
		return summary
	})
	// Each role's first gaps are in order; the first of all of them, in the same order.
	gaps.sort(
		(a, b) =>
			(a.state === 'overdue' ? 0 : 1) - (b.state === 'overdue' ? 0 : 1) ||
			a.dueOn.getTime() - b.dueOn.getTime() ||
			(a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
			(a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0) ||
			a.order[0] - b.order[0] ||
			a.order[1] - b.order[1],
	)
	return {
		asOf,
		roles: summaries,
		teams: [...teams.entries()].map(([teamId, cells]) => ({ teamId, cells })),
		gapCount,
		gaps: gaps.slice(0, gapLimit).map(({ order: _, ...gap }) => gap),
	}
}
