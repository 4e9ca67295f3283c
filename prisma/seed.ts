/**
 * Demo data for a new installation: one organisation with its owner, an admin, two teams and
 * learners. Runs only against a database without any user or organisation.
 */
import { hashPassword } from '../app/auth/password.server'
import type { CompiledPath } from '../app/content/compiled-content'
import type { QuestionsFile } from '../app/content/content-schema'
import type { Database } from '../app/db/client.server'
import { acceptLogo } from '../app/issuing/issuer-logo.server'
import { ensureOrgIssuerRow } from '../app/issuing/org-issuers.server'
import { changeCredentialStatus } from '../app/issuing/status-changes.server'
import { recordCompletion } from '../app/learning/assessment.server'
import { drawForPath } from '../app/learning/draw-questions'
import { recordItemResponses } from '../app/learning/item-responses.server'
import { saveProfileSettings } from '../app/skills/public-profile.server'
import { seedAiRoles } from './seed-literacy'

export const DEMO_PASSWORD = 'northwind-learns-2026'
export const DEMO_ORG = { name: 'Northwind Logistics', slug: 'northwind' }
/** The demo organisation's logo: a compass needle on navy (drawn for the demo). */
const NORTHWIND_LOGO = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64" role="img" aria-label="Northwind Logistics">
  <rect width="64" height="64" rx="12" fill="#0f3d5e"/>
  <path d="M32 8 L40 32 L32 28 L24 32 Z" fill="#f4b942"/>
  <path d="M32 56 L24 32 L32 36 L40 32 Z" fill="#ffffff"/>
  <path d="M18 44 V20 L28 34 V20 M46 20 V44" fill="none" stroke="#ffffff" stroke-width="3" stroke-linecap="round" stroke-linejoin="round" opacity="0.35"/>
</svg>`
const DEMO_ISSUER = {
	url: 'https://northwind.example',
	description: 'Freight forwarding and warehousing across northern Europe.',
	email: 'learning@northwind.example',
}

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

export type SeedContent = { paths: CompiledPath[]; questionsFor: (pathSlug: string) => QuestionsFile }

const DAY = 24 * 60 * 60 * 1000

type Tx = Parameters<Parameters<Database['$transaction']>[0]>[0]

/**
 * Realistic progress for the demo learners, in turn: not started, midway through the first path,
 * finished the first path with a passed assessment, a few lessons into the second path.
 */
async function seedProgress(tx: Tx, userId: string, index: number, content: SeedContent, now: number) {
	const [first, second] = content.paths
	const pattern = index % 4
	if (pattern === 0 || !first) return
	const path = pattern === 3 && second ? second : first
	const lessonsDone = pattern === 2 ? path.lessons.length : pattern === 1 ? Math.ceil(path.lessons.length / 2) : 2
	// One learner finished long ago, so their credential has expired (the paths are valid 24 months or less).
	const startedAt = now - (index === EXPIRED_INDEX ? 3 * 365 : 20 - index) * DAY
	const step = (i: number) => new Date(startedAt + i * 0.5 * DAY)
	for (const [i, lesson] of path.lessons.slice(0, lessonsDone + 1).entries()) {
		await tx.lessonProgress.create({
			data: {
				userId,
				pathSlug: path.slug,
				lessonSlug: lesson.slug,
				startedAt: step(i),
				completedAt: i < lessonsDone ? step(i) : null,
			},
			select: { id: true },
		})
	}
	const allDone = lessonsDone === path.lessons.length
	const last = path.lessons[Math.min(lessonsDone, path.lessons.length - 1)]!
	await tx.pathProgress.create({
		data: {
			userId,
			pathSlug: path.slug,
			startedAt: step(0),
			lastLessonSlug: last.slug,
			lastVisitedAt: step(lessonsDone),
			lessonsCompletedAt: allDone ? step(lessonsDone) : null,
		},
		select: { id: true },
	})
	if (!allDone) return
	// A passed final assessment: every drawn question answered with its key.
	const bank = content.questionsFor(path.slug).bank
	const questionIds = drawForPath(path, bank)
	const answers = Object.fromEntries(questionIds.map((id) => [id, bank.find((q) => q.id === id)!.answer]))
	const submittedAt = step(lessonsDone + 1)
	const attempt = await tx.assessmentAttempt.create({
		data: {
			userId,
			pathSlug: path.slug,
			contentHash: path.contentHash,
			questionIds: JSON.stringify(questionIds),
			startedAt: submittedAt,
			submittedAt,
			answers: JSON.stringify(answers),
			score: 1,
			passed: true,
		},
		select: { id: true },
	})
	await recordItemResponses(tx, {
		attemptId: attempt.id,
		userId,
		pathSlug: path.slug,
		submittedAt,
		graded: questionIds.map((questionId) => ({ questionId, correct: true })),
	})
	await recordCompletion(tx, {
		userId,
		path,
		attemptId: attempt.id,
		graded: questionIds.map((id) => {
			const question = bank.find((q) => q.id === id)!
			return { objective: question.objective, skills: question.skills, correct: true }
		}),
		at: submittedAt,
	})
}

/** The learner (by index among learners) whose credential has expired, and the one whose was revoked. */
const EXPIRED_INDEX = 10
const REVOKED_EMAIL = 'amara.diallo@northwind.example'

/** Fixed public links for the demo credentials, so that the README can point at them. */
export const DEMO_CREDENTIAL_LINKS = {
	valid: { email: 'priya.natarajan@northwind.example', publicId: 'northwind-demo-valid' },
	revoked: { email: REVOKED_EMAIL, publicId: 'northwind-demo-revoked' },
	expired: { email: 'aisha.rahman@northwind.example', publicId: 'northwind-demo-expired' },
} as const

async function seedCredentialStates(db: Database) {
	for (const { email, publicId } of Object.values(DEMO_CREDENTIAL_LINKS)) {
		const credential = await db.credential.findFirstOrThrow({ where: { user: { email } }, select: { id: true } })
		await db.credential.update({ where: { id: credential.id }, data: { publicId }, select: { id: true } })
	}
	const admin = await db.user.findUniqueOrThrow({ where: { email: 'admin@northwind.example' }, select: { id: true } })
	const revoked = await db.credential.findFirstOrThrow({
		where: { user: { email: REVOKED_EMAIL } },
		select: { id: true },
	})
	await changeCredentialStatus({
		credentialId: revoked.id,
		action: 'revoke',
		reason: 'The final assessment was taken on behalf of the learner by a colleague.',
		actorId: admin.id,
	})
	// One published skills profile, listing every credential of its holder.
	const holder = await db.user.findUniqueOrThrow({
		where: { email: DEMO_PUBLIC_PROFILE.email },
		select: { id: true, credentials: { select: { id: true } } },
	})
	await saveProfileSettings(holder.id, {
		handle: DEMO_PUBLIC_PROFILE.handle,
		published: true,
		credentialIds: holder.credentials.map((c) => c.id),
	})
}

/** The demo's published skills profile, at /u/<handle>. */
export const DEMO_PUBLIC_PROFILE = { email: 'priya.natarajan@northwind.example', handle: 'priya-natarajan' } as const

/**
 * One team assignment (the first path to the first team, due 30 days after it was made 20 days
 * ago) and skills targets for both teams, so the reports and the skills gap have something to show.
 */
async function seedAssignmentsAndTargets(db: Database, content: SeedContent, now: number) {
	const DAY = 24 * 60 * 60 * 1000
	const org = await db.organization.findUniqueOrThrow({ where: { slug: DEMO_ORG.slug }, select: { id: true } })
	const owner = await db.user.findUniqueOrThrow({ where: { email: DEMO_PEOPLE[0]!.email }, select: { id: true } })
	const teams = await db.team.findMany({ where: { orgId: org.id }, orderBy: { name: 'asc' }, select: { id: true } })
	const [first, second] = content.paths
	if (!first || teams.length === 0) return
	const assignedAt = new Date(now - 20 * DAY)
	await db.$transaction(async (tx) => {
		const assignment = await tx.assignment.create({
			data: {
				orgId: org.id,
				pathSlug: first.slug,
				teamId: teams[0]!.id,
				dueDays: 30,
				createdById: owner.id,
				createdAt: assignedAt,
			},
			select: { id: true },
		})
		const members = await tx.membership.findMany({
			where: { orgId: org.id, teamId: teams[0]!.id },
			select: { userId: true },
		})
		await tx.learnerAssignment.createMany({
			data: members.map((m) => ({
				assignmentId: assignment.id,
				userId: m.userId,
				orgId: org.id,
				pathSlug: first.slug,
				assignedAt,
				dueAt: new Date(assignedAt.getTime() + 30 * DAY),
			})),
		})
		const targets = [
			...first.skills.slice(0, 2).map((skillId) => ({ skillId, targetPercent: 50 })),
			...(second?.skills.slice(0, 1) ?? []).map((skillId) => ({ skillId, targetPercent: 30 })),
		]
		await tx.teamSkillTarget.createMany({
			data: teams.flatMap((team) => targets.map((t) => ({ ...t, teamId: team.id, orgId: org.id }))),
		})
	})
}

export async function seedDemoDataIfEmpty(db: Database, content: SeedContent) {
	if (!(await isDatabaseEmpty(db))) return null
	const now = Date.now()
	const passwordHashes = await Promise.all(DEMO_PEOPLE.map(() => hashPassword(DEMO_PASSWORD)))
	const logo = await acceptLogo({
		bytes: new TextEncoder().encode(NORTHWIND_LOGO),
		name: 'northwind-logo.svg',
		type: 'image/svg+xml',
	})
	await db.$transaction(async (tx) => {
		const org = await tx.organization.create({ data: DEMO_ORG, select: { id: true } })
		// The organisation issues its people's credentials under its own name, address and logo.
		await ensureOrgIssuerRow(tx, org.id)
		await tx.orgIssuer.update({
			where: { orgId: org.id },
			data: { ...DEMO_ISSUER, logo: logo.bytes, logoType: logo.type },
			select: { orgId: true },
		})
		const teamIds = new Map<string, string>()
		for (const name of TEAMS) {
			const team = await tx.team.create({ data: { orgId: org.id, name }, select: { id: true } })
			teamIds.set(name, team.id)
		}
		for (const [i, person] of DEMO_PEOPLE.entries()) {
			const user = await tx.user.create({
				data: {
					name: person.name,
					email: person.email,
					passwordHash: passwordHashes[i]!,
					emailVerifiedAt: new Date(now),
					memberships: {
						create: {
							orgId: org.id,
							role: person.role,
							teamId: person.team ? teamIds.get(person.team) : null,
							// Members for three months: the AI-literacy report's history starts there.
							createdAt: new Date(now - 90 * DAY),
						},
					},
				},
				select: { id: true },
			})
			if (person.role === 'LEARNER') await seedProgress(tx, user.id, i - 2, content, now)
		}
	})
	await seedCredentialStates(db)
	await seedAssignmentsAndTargets(db, content, now)
	const { id: orgId } = await db.organization.findUniqueOrThrow({
		where: { slug: DEMO_ORG.slug },
		select: { id: true },
	})
	await seedAiRoles(db, content.paths, orgId, now)
	return { organization: DEMO_ORG.name, people: DEMO_PEOPLE.length }
}
