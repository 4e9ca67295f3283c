/** What the admin area's home shows of an organisation. */
import type { Role } from '../auth/roles'
import { db } from '../db/db.server'

export async function getOrgOverview(orgId: string) {
	const [org, roles, teams] = await Promise.all([
		db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { name: true } }),
		db.membership.groupBy({ by: ['role'], where: { orgId, deactivatedAt: null }, _count: { _all: true } }),
		db.team.findMany({
			where: { orgId, archivedAt: null },
			orderBy: { name: 'asc' },
			select: { id: true, name: true, _count: { select: { memberships: { where: { deactivatedAt: null } } } } },
		}),
	])
	const countFor = (role: Role) => roles.find((r) => r.role === role)?._count._all ?? 0
	return {
		name: org.name,
		learners: countFor('LEARNER'),
		admins: countFor('ADMIN'),
		owners: countFor('OWNER'),
		teams: teams.map((team) => ({ id: team.id, name: team.name, members: team._count.memberships })),
	}
}
