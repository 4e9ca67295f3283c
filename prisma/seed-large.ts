/**
 * A large organisation for benchmarks and for trying the admin area at scale (`npm run seed:large`):
 * one organisation, by default 50,000 learners in 50 teams, written into the database of DATABASE_URL
 * next to whatever is there already. Nothing outside the new organisation is changed, except the
 * status lists its credentials take entries on (as issuing always does) and the planner statistics
 * (ANALYZE on SQLite, VACUUM ANALYZE on PostgreSQL) refreshed at the end.
 *
 * The mix (deterministic per slug, except for ids, tokens, signatures and the drawn questions):
 * - Teams: department + site ("Operations Rotterdam"); sizes uneven, from department and site weights
 *   with some jitter (at 50,000 learners, from about a hundred to several thousand); none empty.
 * - People: the learners (role LEARNER, each in a team, joined over the last three years, 15% in the
 *   last six months), one OWNER (owner@<slug>.example) and about one ADMIN per 10,000 learners (at
 *   least 2), all with the password SEED_LARGE_PASSWORD (hashed once with the app's argon2id settings).
 * - Learners: 40% not started on any path; 35% in progress (80% on one path, 20% on two; a share of
 *   the lessons done and the next one opened; 15% with every lesson done but no pass yet, half of
 *   those with a failed attempt); 25% completed one path (70%), two (22%) or three (8%), each with a
 *   passed final assessment (every answer right, or one or two wrong; 10% after a failed attempt; which
 *   questions are missed depends on their difficulty, see seed-large/answers.ts), a
 *   PathCompletion and a signed credential with its evidence rows; 30% of them are partway into
 *   another path. Activity falls in the last six months (after the learner joined; after the
 *   assignment when the path was assigned to their team). Members of a team with an assignment are
 *   more often active, and 80% of those start with the assigned path.
 * - Credentials: one per completion (about 17,300 at 50,000 learners), signed in signing threads with
 *   the credential library's `signAchievementCredential` and what issuing puts in it (issuer profile,
 *   achievement, status-list entries drawn as issuing draws them), with the evidence rows of skills'
 *   `skillEvidenceRows`, while the progress rows are written.
 *   At most `signedCredentials` of them: completed learners beyond the cap keep every lesson done but
 *   are not completed. About 1% were earned before their validity period (by people who joined long
 *   ago) and have expired; about 0.4% are revoked and 0.2% suspended through `changeCredentialStatus`,
 *   so the signed status lists agree.
 * - Assignments: about one team in four (at least 3) has a path assigned through `createAssignment`,
 *   10 to 150 days ago, due on a date 45 to 150 days later or within 30 to 120 days; members who have
 *   not completed it in time are overdue (the oldest, 120 days old and due within 30, always has some).
 *
 * The plan is made first (seed-large/plan.ts), then written (seed-large/write.ts) while the
 * credentials are signed (seed-large/signer.ts).
 */
import os from 'node:os'
import { getQuestions, listPaths } from '../app/content/catalog.server'
import { config } from '../app/config.server'
import { db } from '../app/db/db.server'
import { changeCredentialStatus } from '../app/issuing/status-changes.server'
import { createAssignment, listAssignments } from '../app/orgs/assignments.server'
import type { SeedContent } from './seed'
import { fmt, REVOKE_REASONS, seconds, SUSPEND_REASONS, titleFromSlug } from './seed-large/common'
import { planOrganisation } from './seed-large/plan'
import { reserveStatusLists, startSigners } from './seed-large/signer'
import {
	attemptItemRows,
	attemptRow,
	signAndWrite,
	together,
	writePeople,
	writeProgress,
	type Completion,
} from './seed-large/write'

export const SEED_LARGE_PASSWORD = 'skillproof-at-scale-2026'
export const DEFAULT_LARGE_SLUG = 'meridian-freight'

export type SeedLargeOptions = {
	learners: number
	teams: number
	slug?: string
	now?: Date
	/** At most this many signed credentials (default: one per planned completion). */
	signedCredentials?: number
	/** Signing threads; 0 signs in this thread (default: up to 2, one per core). */
	workers?: number
	/** The learning paths (default: the compiled catalogue, as the app reads it). */
	content?: SeedContent
	log?: (line: string) => void
}

export type SeedLargeResult = {
	orgId: string
	slug: string
	name: string
	owner: { email: string; password: string }
	admins: string[]
	learners: number
	teams: Array<{ name: string; members: number }>
	states: { notStarted: number; inProgress: number; completed: number }
	rows: {
		users: number
		pathProgress: number
		lessonProgress: number
		attempts: number
		completions: number
		credentials: number
		credentialSkills: number
		assignments: number
		learnerAssignments: number
	}
	credentials: { signed: number; expired: number; revoked: number; suspended: number; leftUnsigned: number }
	overdue: number
	/** Seconds per phase. */
	timings: Record<string, number>
}

/** The organisation (or its people) already exists: refused, nothing written. */
export class SeedLargeRefusedError extends Error {}

// ---------------------------------------------------------------------------------------------
// The seed

export async function seedLargeOrg(options: SeedLargeOptions): Promise<SeedLargeResult> {
	const started = performance.now()
	const log = options.log ?? (() => {})
	const slug = options.slug ?? DEFAULT_LARGE_SLUG
	const now = (options.now ?? new Date()).getTime()
	const content = options.content ?? { paths: listPaths(), questionsFor: getQuestions }
	if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) throw new SeedLargeRefusedError(`"${slug}" is not a valid slug.`)
	if (!Number.isInteger(options.learners) || options.learners < 1) throw new Error('learners must be at least 1')
	if (!Number.isInteger(options.teams) || options.teams < 1) throw new Error('teams must be at least 1')
	if (content.paths.length === 0) throw new Error('There are no learning paths to seed progress on.')
	const existing = await db.organization.findUnique({
		where: { slug },
		select: { _count: { select: { memberships: true } } },
	})
	if (existing) {
		throw new SeedLargeRefusedError(
			`An organisation with the slug "${slug}" already exists (${fmt(existing._count.memberships)} members); ` +
				'nothing was written. Choose another slug, or delete that organisation first.',
		)
	}
	const clash = await db.user.count({ where: { email: { endsWith: `@${slug}.example` } } })
	if (clash > 0) {
		throw new SeedLargeRefusedError(
			`${fmt(clash)} account(s) with an @${slug}.example address already exist (an earlier, interrupted run?); ` +
				'nothing was written. Choose another slug.',
		)
	}

	const timings: Record<string, number> = {}
	let phase = performance.now()
	const plan = planOrganisation(options, content, slug, now)
	const { rng, teams, assignments, learners } = plan
	const name = titleFromSlug(slug)
	timings.plan = seconds(phase)
	log(
		`Planned ${fmt(learners.length)} learners in ${teams.length} teams and ${fmt(plan.completions)} credentials` +
			(plan.leftUnsigned ? ` (${fmt(plan.leftUnsigned)} more left out by the cap)` : ''),
	)

	phase = performance.now()
	const { orgId, teamIds, staff } = await writePeople({
		name,
		slug,
		password: SEED_LARGE_PASSWORD,
		now,
		teams,
		learners,
		log,
	})
	timings.people = seconds(phase)
	log(
		`Wrote the organisation, ${teams.length} teams and ${fmt(learners.length + staff.length)} people (${timings.people} s)`,
	)
	// The organisation issues its learners' credentials, on status lists of its own. The signing
	// threads start now, so that loading the app's modules overlaps the assignments' writes.
	const reserved = await reserveStatusLists(plan.completions, orgId)
	const threads = Math.max(0, Math.min(options.workers ?? 2, os.availableParallelism()))
	const signers = await startSigners(plan.completions > 0 ? threads : 0, content.paths, reserved.bitmaps)
	try {
		// Assignments through the app, which writes a row per member of the team.
		phase = performance.now()
		const admin = { id: staff[1]!.id, name: staff[1]!.name }
		let learnerAssignments = 0
		for (const a of [...assignments].sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime())) {
			const created = await createAssignment({
				orgId,
				actor: admin,
				pathSlug: a.path.slug,
				target: { teamId: teamIds[a.team]! },
				due: a.due,
				now: a.createdAt,
			})
			learnerAssignments += created.assigned
		}
		timings.assignments = seconds(phase)
		log(
			`Assigned ${assignments.length} paths to teams: ${fmt(learnerAssignments)} learner rows (${timings.assignments} s)`,
		)

		// Progress rows and credentials are written side by side: signing needs only the people.
		const completions: Completion[] = learners
			.flatMap((learner) =>
				learner.paths.flatMap((p) =>
					p.attempts.filter((attempt) => attempt.passed).map((attempt) => ({ learner, plan: p, attempt })),
				),
			)
			.map(({ learner, plan: p, attempt }, n) => {
				const issued = attempt.submittedAt.getTime()
				return {
					job: {
						userId: learner.id,
						learner: { name: learner.name, email: learner.email, salt: learner.identitySalt },
						orgId,
						teamId: teamIds[learner.team]!,
						pathSlug: p.path.slug,
						attemptId: attempt.id,
						graded: attempt.graded,
						at: attempt.submittedAt,
						lists: { revocation: reserved.listFor('revocation', n), suspension: reserved.listFor('suspension', n) },
					},
					attemptRow: attemptRow(learner.id, p.path, attempt),
					itemRows: attemptItemRows(learner.id, p.path, attempt),
					status: p.status,
					statusAt: new Date(issued + (now - issued) * rng.between(0.3, 0.95)),
				}
			})
		phase = performance.now()
		const [progress, credentials] = await together(
			async (stopped) => {
				const counts = await writeProgress(learners, orgId, log, stopped)
				timings.progress = seconds(phase)
				log(
					`Wrote progress: ${fmt(counts.pathProgress)} paths, ${fmt(counts.lessonProgress)} lessons, ` +
						`${fmt(counts.failedAttempts)} failed attempts (${timings.progress} s)`,
				)
				return counts
			},
			async (stopped) => {
				const result = await signAndWrite(completions, orgId, signers, log, stopped)
				timings.credentials = seconds(phase)
				log(
					`Signed and wrote ${fmt(result.signed)} credentials with ${signers.threads || 'no'} signing thread(s) ` +
						`(${timings.credentials} s, ${(result.signed / Math.max(timings.credentials, 0.001)).toFixed(0)} per second)`,
				)
				return result
			},
		)

		// Revocations and suspensions, as an admin makes them (each re-signs its status list).
		phase = performance.now()
		for (const change of credentials.statusChanges.sort((a, b) => a.at.getTime() - b.at.getTime())) {
			await changeCredentialStatus({
				credentialId: change.credentialId,
				action: change.action,
				reason: rng.pick(change.action === 'revoke' ? REVOKE_REASONS : SUSPEND_REASONS),
				actorId: admin.id,
				orgId,
				actorName: admin.name,
				now: change.at,
			})
		}
		timings.statusChanges = seconds(phase)

		// Statistics for the query planner, as after any bulk load.
		phase = performance.now()
		await db.$executeRawUnsafe(config.databaseProvider === 'postgresql' ? 'VACUUM ANALYZE' : 'ANALYZE')
		timings.analyze = seconds(phase)

		const overdue = (await listAssignments(orgId, new Date(now))).reduce((a, x) => a + x.overdue, 0)
		const completed = learners.filter((l) => l.state === 'completed').length
		const notStarted = learners.filter((l) => l.state === 'not-started').length
		timings.total = seconds(started)
		return {
			orgId,
			slug,
			name,
			owner: { email: staff[0]!.email, password: SEED_LARGE_PASSWORD },
			admins: staff.slice(1).map((s) => s.email),
			learners: learners.length,
			teams: teams.map((t) => ({ name: t.name, members: t.size })),
			states: { notStarted, inProgress: learners.length - notStarted - completed, completed },
			rows: {
				users: learners.length + staff.length,
				pathProgress: progress.pathProgress,
				lessonProgress: progress.lessonProgress,
				attempts: progress.failedAttempts + credentials.signed,
				completions: credentials.signed,
				credentials: credentials.signed,
				credentialSkills: credentials.credentialSkills,
				assignments: assignments.length,
				learnerAssignments,
			},
			credentials: {
				signed: credentials.signed,
				expired: learners.reduce((a, l) => a + l.paths.filter((p) => p.expired && p.assessment === 'passed').length, 0),
				revoked: credentials.statusChanges.filter((c) => c.action === 'revoke').length,
				suspended: credentials.statusChanges.filter((c) => c.action === 'suspend').length,
				leftUnsigned: plan.leftUnsigned,
			},
			overdue,
			timings,
		}
	} finally {
		await signers.close()
	}
}
