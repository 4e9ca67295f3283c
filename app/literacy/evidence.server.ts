/**
 * The AI-literacy evidence report: for each AI-use role, who held it on a given day, whether they had the
 * training it requires then, and who was overdue. Read from the records as they stood that day, not as they
 * are now: the roles, requirements and grants with their start and end, where each member was
 * (MembershipSpan, kept by triggers), and the credentials with their issue, expiry, revocation and
 * suspension history.
 *
 * A required path is met on a day when the person holds a credential for it that was issued by then, had not
 * expired, been revoked or been suspended by then, and, for a role with a refresh period, was issued within
 * that many months. Someone who does not meet a requirement is overdue once the role's days have passed since
 * they came to hold the role, or since their training lapsed.
 */
import { getPath } from '../content/catalog.server'
import { db } from '../db/db.server'
import { addMonths } from '../format/dates'

const DAY_MS = 24 * 60 * 60 * 1000

export type RequirementState = 'met' | 'due' | 'overdue'

export type HeldRequirement = {
	pathSlug: string
	pathTitle: string
	state: RequirementState
	/** The credential that meets it (the latest that counted that day), if one does. */
	credentialId: string | null
	/** When the person must have it by, if not met. */
	dueAt: Date | null
}

export type HeldRole = {
	roleId: string
	roleName: string
	/** When the person came to hold the role (the grant, or joining the team it was given to). */
	since: Date
	via: 'team' | 'person'
	requirements: HeldRequirement[]
	meets: boolean
	overdue: boolean
}

export type PersonEvidence = {
	userId: string
	name: string
	email: string
	teamId: string | null
	roles: HeldRole[]
}

export type RoleSummary = {
	roleId: string
	name: string
	refreshMonths: number | null
	paths: Array<{ slug: string; title: string }>
	holders: number
	meeting: number
	overdue: number
}

type Evidence = { id: string; issuedAt: Date; lapsesAt: Date }

/** Was the moment `at` within [start, end)? */
const within = (at: Date, start: Date, end: Date | null) => start <= at && (end === null || at < end)

/** The roles, their requirements and grants as they stood at `asOf`. */
export async function rolesAsOf(orgId: string, asOf: Date) {
	const roles = await db.aiRole.findMany({
		where: { orgId, createdAt: { lte: asOf }, OR: [{ archivedAt: null }, { archivedAt: { gt: asOf } }] },
		orderBy: { name: 'asc' },
		include: {
			requirements: {
				where: { startsAt: { lte: asOf }, OR: [{ endsAt: null }, { endsAt: { gt: asOf } }] },
				select: { pathSlug: true },
			},
			grants: {
				where: { startsAt: { lte: asOf }, OR: [{ endsAt: null }, { endsAt: { gt: asOf } }] },
				select: { teamId: true, userId: true, startsAt: true },
			},
		},
	})
	return roles
}

/**
 * Every credential of these people for these paths that had been issued by `asOf`, with the moment it
 * stopped counting (expiry, revocation, or a suspension that was still on at `asOf`).
 */
async function evidenceAsOf(orgId: string, userIds: string[] | null, pathSlugs: string[], asOf: Date) {
	if (pathSlugs.length === 0) return new Map<string, Evidence[]>()
	// The same credentials for both reads: of the people named (a few hundred per query, within any database's
	// limit on parameters), or of every member of the organisation by a filter.
	const read = (people: { userId: { in: string[] } } | { user: { memberships: { some: { orgId: string } } } }) => {
		const whose = { ...people, pathSlug: { in: pathSlugs }, issuedAt: { lte: asOf } }
		return Promise.all([
			db.credential.findMany({
				where: whose,
				select: { id: true, userId: true, pathSlug: true, issuedAt: true, validUntil: true, revokedAt: true },
			}),
			// Suspensions: the state at `asOf` is the last suspend or lift before it (events keep the history).
			db.credentialEvent.findMany({
				where: { credential: whose, kind: { in: ['suspended', 'reinstated'] }, createdAt: { lte: asOf } },
				orderBy: { createdAt: 'asc' },
				select: { credentialId: true, kind: true },
			}),
		])
	}
	const parts = userIds
		? await Promise.all(
				Array.from({ length: Math.ceil(userIds.length / 500) }, (_, i) =>
					read({ userId: { in: userIds.slice(i * 500, (i + 1) * 500) } }),
				),
			)
		: [await read({ user: { memberships: { some: { orgId } } } })]
	const credentials = parts.flatMap(([found]) => found)
	// Each credential's events are in one part, in time order.
	const events = parts.flatMap(([, found]) => found)
	const suspendedThen = new Set<string>()
	for (const e of events) {
		if (e.kind === 'suspended') suspendedThen.add(e.credentialId)
		else suspendedThen.delete(e.credentialId)
	}
	const byKey = new Map<string, Evidence[]>()
	for (const c of credentials) {
		if (suspendedThen.has(c.id)) continue
		const lapsesAt = c.revokedAt && c.revokedAt < c.validUntil ? c.revokedAt : c.validUntil
		const key = `${c.userId}|${c.pathSlug}`
		const list = byKey.get(key) ?? []
		list.push({ id: c.id, issuedAt: c.issuedAt, lapsesAt })
		byKey.set(key, list)
	}
	return byKey
}

/** Where each member was at `asOf` (one person's, or one team's members then): their team, if they were active. */
async function membersAsOf(orgId: string, asOf: Date, only: { userId?: string; teamId?: string | null }) {
	const spans = await db.membershipSpan.findMany({
		where: {
			orgId,
			startsAt: { lte: asOf },
			OR: [{ endsAt: null }, { endsAt: { gt: asOf } }],
			...(only.userId ? { userId: only.userId } : {}),
			...(only.teamId !== undefined ? { teamId: only.teamId } : {}),
		},
		select: { userId: true, teamId: true, active: true, startsAt: true },
	})
	const members = new Map<string, { teamId: string | null; since: Date }>()
	for (const s of spans) if (s.active) members.set(s.userId, { teamId: s.teamId, since: s.startsAt })
	return members
}

/** One requirement's state at `asOf` for a holder since `since`. */
function judge(
	evidence: Evidence[] | undefined,
	since: Date,
	refreshMonths: number | null,
	dueDays: number,
	asOf: Date,
) {
	const counts = (e: Evidence) =>
		within(asOf, e.issuedAt, e.lapsesAt) && (refreshMonths === null || asOf < addMonths(e.issuedAt, refreshMonths))
	const meeting = (evidence ?? []).filter(counts).sort((a, b) => b.issuedAt.getTime() - a.issuedAt.getTime())[0]
	if (meeting) return { state: 'met' as const, credentialId: meeting.id, dueAt: null }
	// Lapsed training is due again from the moment it lapsed, if that is later than holding the role.
	const lapses = (evidence ?? []).map((e) =>
		refreshMonths === null
			? e.lapsesAt
			: new Date(Math.min(e.lapsesAt.getTime(), addMonths(e.issuedAt, refreshMonths).getTime())),
	)
	const from = new Date(Math.max(since.getTime(), ...lapses.filter((l) => l <= asOf).map((l) => l.getTime())))
	const dueAt = new Date(from.getTime() + dueDays * DAY_MS)
	return { state: asOf > dueAt ? ('overdue' as const) : ('due' as const), credentialId: null, dueAt }
}

export type EvidenceReport = {
	asOf: Date
	roles: RoleSummary[]
	people: PersonEvidence[]
}

/**
 * The report at `asOf` for the organisation, or one team (the people in it that day), or one person.
 * People are those who held at least one role then, ordered by name.
 */
export async function getEvidenceReport(
	orgId: string,
	asOf: Date,
	scope: { teamId?: string | null; userId?: string } = {},
): Promise<EvidenceReport> {
	const roles = await rolesAsOf(orgId, asOf)
	const members = await membersAsOf(orgId, asOf, scope)
	// Who holds what: team grants through the member's team that day, personal grants directly.
	const holdings = new Map<string, Array<{ role: (typeof roles)[number]; since: Date; via: 'team' | 'person' }>>()
	const byTeam = new Map<string | null, string[]>()
	for (const [userId, member] of members) {
		if (scope.teamId !== undefined && member.teamId !== scope.teamId) continue
		const list = byTeam.get(member.teamId) ?? []
		list.push(userId)
		byTeam.set(member.teamId, list)
	}
	for (const role of roles) {
		for (const grant of role.grants) {
			const holders = grant.teamId ? (byTeam.get(grant.teamId) ?? []) : grant.userId ? [grant.userId] : []
			for (const userId of holders) {
				const member = members.get(userId)
				if (!member) continue
				if (scope.teamId !== undefined && member.teamId !== scope.teamId) continue
				const since = grant.teamId
					? new Date(Math.max(grant.startsAt.getTime(), member.since.getTime()))
					: grant.startsAt
				const list = holdings.get(userId) ?? []
				const already = list.find((h) => h.role.id === role.id)
				if (already) {
					if (since < already.since) already.since = since
				} else list.push({ role, since, via: grant.teamId ? 'team' : 'person' })
				holdings.set(userId, list)
			}
		}
	}
	const userIds = [...holdings.keys()]
	const pathSlugs = [...new Set(roles.flatMap((r) => r.requirements.map((q) => q.pathSlug)))]
	const [evidence, users] = await Promise.all([
		// A team's or a person's credentials by their ids; the whole organisation's by the filter.
		evidenceAsOf(orgId, userIds.length <= 5000 ? userIds : null, pathSlugs, asOf),
		loadUsers(orgId, userIds),
	])

	const summaries = new Map<string, RoleSummary>(
		roles.map((role) => [
			role.id,
			{
				roleId: role.id,
				name: role.name,
				refreshMonths: role.refreshMonths,
				paths: role.requirements.map((r) => ({ slug: r.pathSlug, title: getPath(r.pathSlug)?.title ?? r.pathSlug })),
				holders: 0,
				meeting: 0,
				overdue: 0,
			},
		]),
	)
	const people: PersonEvidence[] = []
	for (const [userId, held] of holdings) {
		const user = users.get(userId)
		if (!user) continue
		const heldRoles: HeldRole[] = held.map(({ role, since, via }) => {
			const requirements = role.requirements.map((r) => ({
				pathSlug: r.pathSlug,
				pathTitle: getPath(r.pathSlug)?.title ?? r.pathSlug,
				...judge(evidence.get(`${userId}|${r.pathSlug}`), since, role.refreshMonths, role.dueDays, asOf),
			}))
			const meets = requirements.every((r) => r.state === 'met')
			const overdue = requirements.some((r) => r.state === 'overdue')
			const summary = summaries.get(role.id)!
			summary.holders++
			if (meets) summary.meeting++
			if (overdue) summary.overdue++
			return { roleId: role.id, roleName: role.name, since, via, requirements, meets, overdue }
		})
		people.push({
			userId,
			name: user.name,
			email: user.email,
			teamId: members.get(userId)?.teamId ?? null,
			roles: heldRoles,
		})
	}
	const byName = new Intl.Collator('en-GB')
	people.sort((a, b) => byName.compare(a.name, b.name) || (a.userId < b.userId ? -1 : 1))
	return { asOf, roles: [...summaries.values()], people }
}

/** The names and addresses of these people: by their ids (500 a query) when a few thousand, else with every member. */
async function loadUsers(orgId: string, userIds: string[]) {
	const users = new Map<string, { name: string; email: string }>()
	if (userIds.length <= 5000) {
		const parts = await Promise.all(
			Array.from({ length: Math.ceil(userIds.length / 500) }, (_, i) =>
				db.user.findMany({
					where: { id: { in: userIds.slice(i * 500, (i + 1) * 500) } },
					select: { id: true, name: true, email: true },
				}),
			),
		)
		for (const u of parts.flat()) users.set(u.id, { name: u.name, email: u.email })
		return users
	}
	const wanted = new Set(userIds)
	const rows = await db.membership.findMany({
		where: { orgId },
		select: { userId: true, user: { select: { name: true, email: true } } },
	})
	for (const m of rows) if (wanted.has(m.userId)) users.set(m.userId, m.user)
	return users
}
