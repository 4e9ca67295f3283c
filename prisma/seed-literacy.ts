/**
 * The demo organisation's AI-use roles (app/literacy/): the starter roles and one of its own, given to its teams and people some
 * weeks ago, with the assignments they made, so that the evidence report has realistic gaps to show: some
 * holders trained, some due, some overdue, and a report as of an earlier day that differs from today's.
 */
import type { CompiledPath } from '../app/content/compiled-content'
import type { Database } from '../app/db/client.server'
import { STARTER_ROLES, type StarterRole } from '../app/literacy/starter-roles'

const DAY = 24 * 60 * 60 * 1000

/**
 * A role of the demo organisation's own beside the starter ones: it requires the path some demo learners have
 * passed, so the report shows people who meet a role as well as gaps.
 */
const DEMO_ROLE: StarterRole = {
	name: 'Signs off AI-assisted decisions',
	description:
		'Approves refunds, claims or route changes a colleague prepared with AI. Needs to judge whether the decision is fair, explained and accountable, not to use the tools.',
	pathSlugs: ['ai-ethics'],
	refreshMonths: 24,
	dueDays: 30,
}

/** Who holds which role, and since how many days. */
const DEMO_GRANTS: Array<{ role: string; team?: string; email?: string; daysAgo: number }> = [
	{ role: 'Signs off AI-assisted decisions', team: 'Operations', daysAgo: 40 },
	{ role: 'Signs off AI-assisted decisions', team: 'Customer Service', daysAgo: 40 },
	{ role: 'Uses general AI assistants', team: 'Customer Service', daysAgo: 45 },
	{ role: 'Oversees a high-risk AI system', team: 'Operations', daysAgo: 12 },
	{ role: 'Uses AI in hiring or HR decisions', email: 'learner@northwind.example', daysAgo: 10 },
	{ role: 'Buys or configures AI tools', email: 'admin@northwind.example', daysAgo: 60 },
]

export async function seedAiRoles(db: Database, paths: CompiledPath[], orgId: string, now: number) {
	const known = new Set(paths.map((p) => p.slug))
	const owner = await db.membership.findFirstOrThrow({ where: { orgId, role: 'OWNER' }, select: { userId: true } })
	await db.$transaction(async (tx) => {
		for (const starter of [...STARTER_ROLES, DEMO_ROLE]) {
			const pathSlugs = starter.pathSlugs.filter((slug) => known.has(slug))
			if (pathSlugs.length === 0) continue
			const createdAt = new Date(now - 70 * DAY)
			const role = await tx.aiRole.create({
				data: {
					orgId,
					name: starter.name,
					description: starter.description,
					refreshMonths: starter.refreshMonths,
					dueDays: starter.dueDays,
					createdAt,
					requirements: { create: pathSlugs.map((pathSlug) => ({ pathSlug, startsAt: createdAt })) },
				},
				select: { id: true },
			})
			for (const g of DEMO_GRANTS.filter((grant) => grant.role === starter.name)) {
				const startsAt = new Date(now - g.daysAgo * DAY)
				const teamId = g.team
					? (await tx.team.findFirstOrThrow({ where: { orgId, name: g.team }, select: { id: true } })).id
					: null
				const userId = g.email
					? (await tx.user.findUniqueOrThrow({ where: { email: g.email }, select: { id: true } })).id
					: null
				const grant = await tx.aiRoleGrant.create({
					data: { roleId: role.id, orgId, teamId, userId, startsAt, createdById: owner.userId },
					select: { id: true },
				})
				const holders = await tx.membership.findMany({
					where: { orgId, deactivatedAt: null, ...(teamId ? { teamId } : { userId: userId! }) },
					select: { userId: true },
				})
				// The training the role assigned, as the site assigns it (app/orgs/assignments.server.ts).
				for (const pathSlug of pathSlugs) {
					const assignment = await tx.assignment.create({
						data: {
							orgId,
							pathSlug,
							teamId,
							roleGrantId: grant.id,
							renewMonths: starter.refreshMonths,
							dueDays: starter.dueDays,
							createdById: owner.userId,
							createdAt: startsAt,
						},
						select: { id: true },
					})
					await tx.learnerAssignment.createMany({
						data: holders.map((h) => ({
							assignmentId: assignment.id,
							userId: h.userId,
							orgId,
							pathSlug,
							assignedAt: startsAt,
							dueAt: new Date(startsAt.getTime() + starter.dueDays * DAY),
						})),
					})
				}
			}
		}
	})
}
