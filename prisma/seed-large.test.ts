import { expect, test } from 'vitest'
import { verifyPassword } from '../app/auth/password.server'
import { getPath, getQuestions } from '../app/content/catalog.server'
import { db } from '../app/db/db.server'
import { verifyOnServer } from '../app/issuing/verify.server'
import { isCorrect, type Answer } from '../app/learning/grading'
import { dueAtFor, listAssignments } from '../app/orgs/assignments.server'
import { addToSums } from '../app/learning/item-responses.server'
import { getItemAnalysis } from '../app/orgs/item-analysis.server'
import { SEED_LARGE_PASSWORD, SeedLargeRefusedError, seedLargeOrg } from './seed-large'
import { flawedQuestions } from './seed-large/answers'
import { titleFromSlug } from './seed-large/common'

const DAY = 24 * 60 * 60 * 1000

test(
	'seeds a large organisation with a realistic mix, signed credentials and assignments',
	{ timeout: 180_000 },
	async () => {
		// Someone else's organisation, which the seed must leave alone.
		const other = await db.organization.create({
			data: {
				name: 'Other Org',
				slug: 'other-org',
				memberships: {
					create: { user: { create: { name: 'Other Person', email: 'other@other.example', passwordHash: 'x' } } },
				},
			},
			select: { id: true },
		})

		const now = new Date()
		const result = await seedLargeOrg({ learners: 300, teams: 6, slug: 'large-test', now })
		const org = await db.organization.findUniqueOrThrow({ where: { slug: 'large-test' }, select: { id: true } })
		expect(result.orgId).toBe(org.id)

		// Teams: as many as asked, every one with members, sizes uneven, the counts as reported.
		const teams = await db.team.findMany({
			where: { orgId: org.id },
			select: { id: true, name: true, _count: { select: { memberships: true } } },
		})
		expect(teams).toHaveLength(6)
		const sizes = new Map(teams.map((t) => [t.name, t._count.memberships]))
		expect(Object.fromEntries(sizes)).toEqual(Object.fromEntries(result.teams.map((t) => [t.name, t.members])))
		expect([...sizes.values()].reduce((a, b) => a + b, 0)).toBe(300)
		expect(Math.min(...sizes.values())).toBeGreaterThan(0)
		expect(Math.max(...sizes.values())).toBeGreaterThan(1.5 * Math.min(...sizes.values()))

		// People: one owner with the known password, a few admins, the learners.
		const memberships = await db.membership.findMany({
			where: { orgId: org.id },
			select: { role: true, teamId: true, userId: true, user: { select: { email: true, passwordHash: true } } },
		})
		const byRole = (role: string) => memberships.filter((m) => m.role === role)
		expect(byRole('OWNER')).toHaveLength(1)
		expect(byRole('ADMIN').length).toBeGreaterThanOrEqual(2)
		expect(byRole('LEARNER')).toHaveLength(300)
		expect(byRole('LEARNER').every((m) => m.teamId)).toBe(true)
		const owner = byRole('OWNER')[0]!
		expect(owner.user.email).toBe(result.owner.email)
		expect(await verifyPassword(owner.user.passwordHash, SEED_LARGE_PASSWORD)).toBe(true)
		const learnerIds = byRole('LEARNER').map((m) => m.userId)
		const teamOf = new Map(memberships.map((m) => [m.userId, m.teamId]))

		// States: 40% not started, 35% in progress, 25% completed.
		const progress = await db.pathProgress.findMany({
			where: { userId: { in: learnerIds } },
			select: { userId: true, pathSlug: true, lessonsCompletedAt: true },
		})
		const completions = await db.pathCompletion.findMany({
			where: { userId: { in: learnerIds } },
			select: {
				id: true,
				userId: true,
				pathSlug: true,
				score: true,
				completedAt: true,
				attempt: { select: { passed: true, score: true, submittedAt: true } },
				credential: { select: { id: true } },
			},
		})
		const started = new Set(progress.map((p) => p.userId))
		const completed = new Set(completions.map((c) => c.userId))
		const states = {
			notStarted: learnerIds.filter((id) => !started.has(id)).length,
			inProgress: learnerIds.filter((id) => started.has(id) && !completed.has(id)).length,
			completed: completed.size,
		}
		expect(states).toEqual(result.states)
		expect(states.notStarted / 300).toBeCloseTo(0.4, 1)
		expect(states.inProgress / 300).toBeCloseTo(0.35, 1)
		expect(states.completed / 300).toBeCloseTo(0.25, 1)

		// Progress uses the real paths and lessons; timestamps fall before now.
		const lessons = await db.lessonProgress.findMany({
			where: { userId: { in: learnerIds } },
			select: { pathSlug: true, lessonSlug: true, startedAt: true, completedAt: true },
		})
		expect(lessons.length).toBe(result.rows.lessonProgress)
		for (const lesson of lessons) {
			expect(getPath(lesson.pathSlug)?.lessons.some((l) => l.slug === lesson.lessonSlug)).toBe(true)
			expect(lesson.startedAt.getTime()).toBeLessThanOrEqual(now.getTime())
			if (lesson.completedAt) expect(lesson.completedAt >= lesson.startedAt).toBe(true)
		}
		expect(progress.some((p) => p.lessonsCompletedAt && !completed.has(p.userId))).toBe(true)

		// Every completion: a passed attempt and exactly one credential.
		expect(completions.length).toBe(result.credentials.signed)
		for (const c of completions) {
			const path = getPath(c.pathSlug)!
			expect(c.attempt.passed).toBe(true)
			expect(c.attempt.score).toBeGreaterThanOrEqual(path.assessment.passMark)
			expect(c.score).toBe(c.attempt.score)
			expect(c.credential).not.toBeNull()
		}

		// Every submitted attempt: one graded row per question, agreeing with grading its stored answers;
		// the first one of each learner's path marked so.
		const attempts = await db.assessmentAttempt.findMany({
			where: { user: { memberships: { some: { orgId: org.id } } }, submittedAt: { not: null } },
			select: {
				id: true,
				userId: true,
				pathSlug: true,
				submittedAt: true,
				questionIds: true,
				answers: true,
				items: true,
			},
			orderBy: { submittedAt: 'asc' },
		})
		expect(attempts.length).toBeGreaterThan(completions.length)
		const seenPath = new Set<string>()
		for (const attempt of attempts) {
			const bank = new Map(getQuestions(attempt.pathSlug).bank.map((q) => [q.id, q]))
			const answers = JSON.parse(attempt.answers!) as Record<string, Answer>
			const ids = JSON.parse(attempt.questionIds) as string[]
			expect(attempt.items.map((i) => i.questionId).sort()).toEqual([...ids].sort())
			const right = attempt.items.reduce((n, i) => n + i.correct, 0)
			for (const item of attempt.items) {
				expect(item.correct).toBe(isCorrect(bank.get(item.questionId)!, answers[item.questionId]!) ? 1 : 0)
				expect(item.restScore).toBe(right - item.correct)
				expect(item.firstAttempt).toBe(!seenPath.has(`${attempt.userId}/${attempt.pathSlug}`))
			}
			seenPath.add(`${attempt.userId}/${attempt.pathSlug}`)
		}
		// The organisation's running sums are exactly those of its members' rows.
		const expected = new Map<string, number[]>()
		for (const attempt of attempts) {
			const sums = addToSums(new Map(), attempt.items)
			for (const s of sums.values()) {
				const key = `${s.pathSlug}/${s.firstAttempt}/${s.questionId}`
				const was = expected.get(key) ?? [0, 0, 0, 0, 0]
				expected.set(key, [was[0]! + s.n, was[1]! + s.sumX, was[2]! + s.sumY, was[3]! + s.sumXY, was[4]! + s.sumYY])
			}
		}
		const stats = await db.itemStat.findMany({ where: { orgId: org.id } })
		expect(
			new Map(
				stats.map((s) => [
					`${s.pathSlug}/${s.firstAttempt}/${s.questionId}`,
					[s.answers, s.sumX, s.sumY, s.sumXY, s.sumYY],
				]),
			),
		).toEqual(expected)

		// Answers vary with ability and difficulty: each path's planted easy question is right far more
		// often than its planted hard one, and the rest are missed more by those who miss more.
		for (const path of new Set(attempts.map((a) => a.pathSlug))) {
			const compiled = getPath(path)!
			const flawed = flawedQuestions(compiled, getQuestions(path).bank)
			const analysis = await getItemAnalysis(org.id, compiled, 'all')
			const item = (id: string) => analysis.items.find((i) => i.questionId === id)!
			expect(item(flawed.easy).facility!).toBeGreaterThan(0.85)
			expect(item(flawed.hard).facility!).toBeLessThan(0.5)
			const others = analysis.items.filter(
				(i) => ![flawed.easy, flawed.hard, flawed.inverted].includes(i.questionId) && i.discrimination !== null,
			)
			const mean = others.reduce((a, i) => a + i.discrimination!, 0) / others.length
			expect(mean).toBeGreaterThan(0.1)
		}

		// Every credential: its evidence rows (one per skill of its path), its issued event, its org and team.
		const credentials = await db.credential.findMany({
			where: { orgId: org.id },
			select: {
				id: true,
				userId: true,
				pathSlug: true,
				document: true,
				validUntil: true,
				revokedAt: true,
				suspendedAt: true,
				revocationListId: true,
				suspensionListId: true,
				skills: true,
				events: { select: { kind: true } },
			},
		})
		expect(credentials.length).toBe(completions.length)
		for (const credential of credentials) {
			const path = getPath(credential.pathSlug)!
			expect(credential.skills.map((s) => s.skillId).sort()).toEqual([...path.skills].sort())
			for (const skill of credential.skills) {
				expect(skill).toMatchObject({
					userId: credential.userId,
					orgId: org.id,
					teamId: teamOf.get(credential.userId),
					member: true,
					active: !credential.revokedAt && !credential.suspendedAt,
					validUntil: credential.validUntil,
				})
				expect(JSON.parse(skill.objectives)).toHaveLength(skill.objectiveCount)
			}
			expect(credential.events.map((e) => e.kind)).toContain('issued')
		}
		const evidenceRows = credentials.reduce((a, c) => a + c.skills.length, 0)
		expect(evidenceRows).toBe(result.rows.credentialSkills)
		// Each status list counts the entries taken on it.
		for (const list of await db.statusList.findMany({ select: { id: true, purpose: true, allocated: true } })) {
			const holders = await db.credential.count({
				where: list.purpose === 'revocation' ? { revocationListId: list.id } : { suspensionListId: list.id },
			})
			expect(list.allocated).toBe(holders)
		}

		// A sample of the signed documents verifies with the app's own verifier, in each state.
		const state = (c: (typeof credentials)[number]) =>
			c.revokedAt ? 'revoked' : c.suspendedAt ? 'suspended' : c.validUntil <= now ? 'expired' : 'valid'
		expect(credentials.filter((c) => state(c) === 'expired')).toHaveLength(result.credentials.expired)
		expect(credentials.filter((c) => state(c) === 'revoked')).toHaveLength(result.credentials.revoked)
		expect(credentials.filter((c) => state(c) === 'suspended')).toHaveLength(result.credentials.suspended)
		const sample = ['expired', 'revoked', 'suspended'].flatMap((s) => credentials.filter((c) => state(c) === s))
		sample.push(...credentials.filter((c) => state(c) === 'valid').slice(0, 5))
		expect(sample.length).toBeGreaterThanOrEqual(8)
		// The organisation issues them, under its own DID, as issuing does.
		const { did } = await db.orgIssuer.findUniqueOrThrow({ where: { orgId: org.id }, select: { did: true } })
		for (const credential of sample) {
			const document = JSON.parse(credential.document) as { issuer: { id: string; name: string } }
			expect(document.issuer).toMatchObject({ id: did, name: titleFromSlug('large-test') })
			const report = await verifyOnServer(document)
			expect(report.state, `${credential.id}: ${JSON.stringify(report.checks)}`).toBe(state(credential))
			expect(report.checks.find((c) => c.id === 'signature')?.outcome).toBe('pass')
		}

		// Assignments: team assignments with a learner row per member of the team, some learners overdue.
		const assignments = await db.assignment.findMany({
			where: { orgId: org.id },
			select: {
				teamId: true,
				pathSlug: true,
				dueDate: true,
				dueDays: true,
				createdAt: true,
				learners: { select: { userId: true, pathSlug: true, assignedAt: true, dueAt: true } },
			},
		})
		expect(assignments.length).toBeGreaterThanOrEqual(3)
		expect(assignments.length).toBe(result.rows.assignments)
		for (const assignment of assignments) {
			expect(getPath(assignment.pathSlug)).toBeDefined()
			expect(assignment.createdAt < now).toBe(true)
			const members = memberships.filter((m) => m.teamId === assignment.teamId).map((m) => m.userId)
			expect(assignment.learners.map((l) => l.userId).sort()).toEqual(members.sort())
			for (const row of assignment.learners) {
				expect(row.pathSlug).toBe(assignment.pathSlug)
				expect(row.dueAt).toEqual(dueAtFor(assignment, row.assignedAt))
			}
		}
		expect(assignments.reduce((a, x) => a + x.learners.length, 0)).toBe(result.rows.learnerAssignments)
		const overdue = (await listAssignments(org.id, now)).reduce((a, x) => a + x.overdue, 0)
		expect(overdue).toBe(result.overdue)
		expect(overdue).toBeGreaterThan(0)
		// The oldest assignment is long past due.
		const oldest = assignments.reduce((a, b) => (a.createdAt < b.createdAt ? a : b))
		expect(oldest.createdAt.getTime()).toBeLessThan(now.getTime() - 60 * DAY)

		// A second run on the same slug is refused and changes nothing; the other organisation is untouched.
		const users = await db.user.count()
		await expect(seedLargeOrg({ learners: 10, teams: 2, slug: 'large-test' })).rejects.toThrow(SeedLargeRefusedError)
		expect(await db.user.count()).toBe(users)
		const otherMembers = await db.membership.findMany({ where: { orgId: other.id }, select: { teamId: true } })
		expect(otherMembers).toEqual([{ teamId: null }])
		expect(await db.credential.count({ where: { OR: [{ orgId: other.id }, { orgId: null }] } })).toBe(0)
	},
)

test(
	'a cap on signed credentials leaves the learners beyond it short of completion',
	{ timeout: 120_000 },
	async () => {
		const result = await seedLargeOrg({ learners: 40, teams: 3, slug: 'capped', signedCredentials: 4, workers: 0 })
		const org = await db.organization.findUniqueOrThrow({ where: { slug: 'capped' }, select: { id: true } })
		expect(result.credentials.signed).toBe(4)
		expect(result.credentials.leftUnsigned).toBeGreaterThan(0)
		expect(await db.credential.count({ where: { orgId: org.id } })).toBe(4)
		const learners = { memberships: { some: { orgId: org.id, role: 'LEARNER' as const } } }
		expect(await db.pathCompletion.count({ where: { user: learners } })).toBe(4)
		expect(await db.user.count({ where: { ...learners, completions: { some: {} } } })).toBe(result.states.completed)
		// Those left out finished every lesson, without a passed attempt.
		expect(
			await db.user.count({
				where: {
					...learners,
					completions: { none: {} },
					pathProgress: { some: { lessonsCompletedAt: { not: null } } },
				},
			}),
		).toBeGreaterThanOrEqual(result.credentials.leftUnsigned > 0 ? 1 : 0)
		expect(await db.assessmentAttempt.count({ where: { user: learners, passed: true } })).toBe(4)
	},
)
