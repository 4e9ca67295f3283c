import { expect, test } from 'vitest'
import { verifyPassword } from '../app/auth/password.server'
import { getQuestions, listPaths } from '../app/content/catalog.server'
import { db } from '../app/db/db.server'
import { getEvidenceReport } from '../app/literacy/evidence.server'
import { getPublicProfile } from '../app/skills/public-profile.server'
import type { CompiledPath } from '../app/content/compiled-content'
import { DEMO_CREDENTIAL_LINKS, DEMO_PASSWORD, DEMO_PUBLIC_PROFILE, seedDemoDataIfEmpty } from './seed'
import { seedAiRoles } from './seed-literacy'

const content = { paths: listPaths(), questionsFor: getQuestions }

test('seeds Northwind Logistics once, and never a database that has data', async () => {
	const first = await seedDemoDataIfEmpty(db, content)
	expect(first).toEqual({ organization: 'Northwind Logistics', people: 14 })

	const org = await db.organization.findUniqueOrThrow({
		where: { slug: 'northwind' },
		select: { teams: { select: { name: true } }, memberships: { select: { role: true, teamId: true } } },
	})
	expect(org.teams.map((t) => t.name).sort()).toEqual(['Customer Service', 'Operations'])
	const roles = org.memberships.map((m) => m.role)
	expect(roles.filter((r) => r === 'OWNER')).toHaveLength(1)
	expect(roles.filter((r) => r === 'ADMIN')).toHaveLength(1)
	expect(roles.filter((r) => r === 'LEARNER').length).toBeGreaterThanOrEqual(12)
	expect(org.memberships.filter((m) => m.role === 'LEARNER').every((m) => m.teamId)).toBe(true)

	const learner = await db.user.findUniqueOrThrow({ where: { email: 'learner@northwind.example' } })
	expect(await verifyPassword(learner.passwordHash, DEMO_PASSWORD)).toBe(true)
	// Every demo account's address counts as confirmed, so its passes carry credentials.
	expect(await db.user.count({ where: { emailVerifiedAt: null } })).toBe(0)

	// Learners in every state: not started, midway, and finished with a passed assessment.
	const progress = await db.pathProgress.findMany({ select: { lessonsCompletedAt: true } })
	expect(progress.some((p) => p.lessonsCompletedAt === null)).toBe(true)
	expect(progress.some((p) => p.lessonsCompletedAt !== null)).toBe(true)
	expect(
		await db.user.count({ where: { pathProgress: { none: {} }, memberships: { some: { role: 'LEARNER' } } } }),
	).toBeGreaterThan(0)
	const completions = await db.pathCompletion.findMany({ include: { attempt: true } })
	expect(completions.length).toBeGreaterThan(0)
	expect(completions.every((c) => c.attempt.passed && c.score === 1)).toBe(true)

	// Credentials for those who passed: valid, revoked and expired ones at fixed demo links.
	const credentials = await db.credential.findMany({ select: { publicId: true, revokedAt: true, validUntil: true } })
	expect(credentials.length).toBe(completions.length)
	const byLink = new Map(credentials.map((c) => [c.publicId, c]))
	const now = new Date()
	expect(byLink.get(DEMO_CREDENTIAL_LINKS.valid.publicId)).toMatchObject({ revokedAt: null })
	expect(byLink.get(DEMO_CREDENTIAL_LINKS.valid.publicId)!.validUntil > now).toBe(true)
	expect(byLink.get(DEMO_CREDENTIAL_LINKS.revoked.publicId)!.revokedAt).not.toBeNull()
	expect(byLink.get(DEMO_CREDENTIAL_LINKS.expired.publicId)!.validUntil < now).toBe(true)

	// A published skills profile, listing its holder's credentials and the skills they prove.
	const profile = await getPublicProfile(DEMO_PUBLIC_PROFILE.handle)
	expect(profile?.credentials.map((c) => c.state)).toContain('valid')
	expect(profile?.skills.verified.length).toBeGreaterThan(0)

	expect(await seedDemoDataIfEmpty(db, content)).toBeNull()
	expect(await db.user.count()).toBe(14)
})

test('the demo’s AI-use roles leave realistic gaps, and fewer holders a month and a half ago', async () => {
	await seedDemoDataIfEmpty(db, content)
	const { id: orgId } = await db.organization.findUniqueOrThrow({ where: { slug: 'northwind' }, select: { id: true } })
	// The tests' catalogue holds the fixture path only: the roles are given the real paths by their slugs.
	const realPaths = ['ai-proficiency', 'ai-ethics', 'data-literacy'].map((slug) => ({ slug })) as CompiledPath[]
	expect(await db.aiRole.count({ where: { orgId } })).toBe(0)
	await seedAiRoles(db, realPaths, orgId, Date.now())
	const today = await getEvidenceReport(orgId, new Date())
	expect(today.roles.map((r) => r.name).sort()).toEqual([
		'Buys or configures AI tools',
		'Oversees a high-risk AI system',
		'Signs off AI-assisted decisions',
		'Uses AI in hiring or HR decisions',
		'Uses general AI assistants',
	])
	// Both teams (12 learners) sign off decisions; 6 oversee a system, 6 use assistants; Lena and Adrian in person.
	expect(today.roles.reduce((sum, r) => sum + r.holders, 0)).toBe(26)
	// Customer Service has had its role for 45 days, 30 to complete: overdue; Operations is still within its days.
	expect(today.roles.find((r) => r.name === 'Uses general AI assistants')).toMatchObject({ holders: 6, overdue: 6 })
	expect(today.roles.find((r) => r.name === 'Oversees a high-risk AI system')).toMatchObject({ holders: 6, overdue: 0 })
	const earlier = await getEvidenceReport(orgId, new Date(Date.now() - 50 * 24 * 3600 * 1000))
	expect(earlier.roles.map((r) => [r.name, r.holders]).filter(([, n]) => n !== 0)).toEqual([
		['Buys or configures AI tools', 1],
	])
	// The roles' training is assigned: her team's roles ask for three paths and one, her own role for two.
	const learner = await db.user.findUniqueOrThrow({ where: { email: 'learner@northwind.example' } })
	expect(
		await db.learnerAssignment.count({ where: { userId: learner.id, assignment: { roleGrantId: { not: null } } } }),
	).toBe(6)
})

test('a database with any user is left alone', async () => {
	await db.user.deleteMany()
	// An organisation that has issued keeps its DID (its credentials must keep verifying): its issuer
	// row has to go first, as nothing in the site ever does.
	await db.orgIssuer.deleteMany()
	await db.organization.deleteMany()
	await db.user.create({ data: { name: 'Existing', email: 'existing@example.test', passwordHash: 'x' } })
	expect(await seedDemoDataIfEmpty(db, content)).toBeNull()
	expect(await db.organization.count()).toBe(0)
})
