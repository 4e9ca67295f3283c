/**
 * Demo data for a new installation: one organisation with its owner, an admin, two teams and
 * learners. Runs only against a database without any user or organisation.
 */
import { hashPassword } from '../app/auth/password.server'
import type { Database } from '../app/db/client.server'

export const DEMO_PASSWORD = 'northwind-learns-2026'
export const DEMO_ORG = { name: 'Northwind Logistics', slug: 'northwind' }

type DemoPerson = { name: string; email: string; role: 'OWNER' | 'ADMIN' | 'LEARNER'; team: string | null }

const TEAMS = ['Operations', 'Customer Service']

export const DEMO_PEOPLE: DemoPerson[] = [
	{ name: 'Olivia Okafor', email: 'owner@northwind.example', role: 'OWNER', team: null },
	{ name: 'Adrian Alvarez', email: 'admin@northwind.example', role: 'ADMIN', team: null },
	{ name: 'Lena Larsen', email: 'learner@northwind.example', role: 'LEARNER', team: 'Operations' },
	{ name: 'Mateo Rossi', email: 'mateo.rossi@northwind.example', role: 'LEARNER', team: 'Operations' },
	{ name: 'Priya Natarajan', email: 'priya.natarajan@northwind.example', role: 'LEARNER', team: 'Operations' },
	{ name: 'Kwame Mensah', email: 'kwame.mensah@northwind.example', role: 'LEARNER', team: 'Operations' },
	{ name: 'Sofia Lindqvist', email: 'sofia.lindqvist@northwind.example', role: 'LEARNER', team: 'Operations' },
	{ name: 'Hiroshi Tanaka', email: 'hiroshi.tanaka@northwind.example', role: 'LEARNER', team: 'Operations' },
	{ name: 'Amara Diallo', email: 'amara.diallo@northwind.example', role: 'LEARNER', team: 'Customer Service' },
	{ name: 'Jonas Becker', email: 'jonas.becker@northwind.example', role: 'LEARNER', team: 'Customer Service' },
	{ name: 'Chloé Martin', email: 'chloe.martin@northwind.example', role: 'LEARNER', team: 'Customer Service' },
	{ name: 'Rafael Souza', email: 'rafael.souza@northwind.example', role: 'LEARNER', team: 'Customer Service' },
	{ name: 'Aisha Rahman', email: 'aisha.rahman@northwind.example', role: 'LEARNER', team: 'Customer Service' },
	{ name: 'Tomasz Nowak', email: 'tomasz.nowak@northwind.example', role: 'LEARNER', team: 'Customer Service' },
]

export async function isDatabaseEmpty(db: Database): Promise<boolean> {
	const [users, orgs] = await Promise.all([db.user.count(), db.organization.count()])
	return users === 0 && orgs === 0
}

export async function seedDemoDataIfEmpty(db: Database) {
	if (!(await isDatabaseEmpty(db))) return null
	const passwordHashes = await Promise.all(DEMO_PEOPLE.map(() => hashPassword(DEMO_PASSWORD)))
	await db.$transaction(async (tx) => {
		const org = await tx.organization.create({ data: DEMO_ORG, select: { id: true } })
		const teamIds = new Map<string, string>()
		for (const name of TEAMS) {
			const team = await tx.team.create({ data: { orgId: org.id, name }, select: { id: true } })
			teamIds.set(name, team.id)
		}
		for (const [i, person] of DEMO_PEOPLE.entries()) {
			await tx.user.create({
				data: {
					name: person.name,
					email: person.email,
					passwordHash: passwordHashes[i]!,
					memberships: {
						create: { orgId: org.id, role: person.role, teamId: person.team ? teamIds.get(person.team) : null },
					},
				},
				select: { id: true },
			})
		}
	})
	return { organization: DEMO_ORG.name, people: DEMO_PEOPLE.length }
}
