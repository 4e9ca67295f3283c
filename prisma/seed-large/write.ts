/**
 * The large seed's writes: the organisation, its teams and people, the progress rows, and the
 * signed credentials with their completions, events and evidence rows, a transaction per batch.
 */
import { hashPassword } from '../../app/auth/password.server'
import type { CompiledPath } from '../../app/content/compiled-content'
import { db } from '../../app/db/db.server'
import type { Prisma } from '../../app/db/generated/sqlite/client'
import type { StatusAction } from '../../app/issuing/status-changes.server'
import { addToSums, incrementItemStats, itemResponseRows } from '../../app/learning/item-responses.server'
import { BATCH, chunks, createManyInChunks, DAY, FIRST_NAMES, fmt, LAST_NAMES, newId } from './common'
import type { AttemptPlan, LearnerPlan } from './plan'
import type { SignedRows, SignJob, startSigners } from './signer'

type ItemSumsByKey = Parameters<typeof addToSums>[0]

/** Signed credentials written per transaction. */
const CREDENTIAL_BATCH = 250

type Staff = { id: string; name: string; email: string; role: 'OWNER' | 'ADMIN' }

export async function writePeople(input: {
	name: string
	slug: string
	/** Everyone's password (hashed once, with the app's settings). */
	password: string
	now: number
	teams: Array<{ name: string }>
	learners: LearnerPlan[]
	log: (line: string) => void
}) {
	const { now, learners, log } = input
	const domain = `${input.slug}.example`
	const passwordHash = await hashPassword(input.password)
	const longAgo = new Date(now - 3 * 365 * DAY)
	const org = await db.organization.create({
		data: { name: input.name, slug: input.slug, createdAt: longAgo },
		select: { id: true },
	})
	const teamIds = input.teams.map(() => newId())
	await db.team.createMany({
		data: input.teams.map((t, i) => ({ id: teamIds[i]!, orgId: org.id, name: t.name, createdAt: longAgo })),
	})
	const staff: Staff[] = [
		{ id: newId(), name: 'Morgan Hale', email: `owner@${domain}`, role: 'OWNER' },
		...Array.from({ length: Math.max(2, Math.round(learners.length / 10_000)) }, (_, i): Staff => ({
			id: newId(),
			name: `${FIRST_NAMES[(i * 7 + 3) % FIRST_NAMES.length]} ${LAST_NAMES[(i * 11 + 5) % LAST_NAMES.length]}`,
			email: `admin${i + 1}@${domain}`,
			role: 'ADMIN',
		})),
	]
	await db.$transaction(async (tx) => {
		await tx.user.createMany({
			data: staff.map((s) => ({
				id: s.id,
				name: s.name,
				email: s.email,
				passwordHash,
				createdAt: longAgo,
				emailVerifiedAt: longAgo,
			})),
		})
		await tx.membership.createMany({
			data: staff.map((s) => ({ userId: s.id, orgId: org.id, role: s.role, createdAt: longAgo })),
		})
	})
	for (const [b, batch] of chunks(learners, BATCH).entries()) {
		await db.$transaction(
			async (tx) => {
				await tx.user.createMany({
					data: batch.map((l) => ({
						id: l.id,
						name: l.name,
						email: l.email,
						passwordHash,
						createdAt: l.joinedAt,
						emailVerifiedAt: l.joinedAt,
						updatedAt: l.joinedAt,
						identitySalt: l.identitySalt,
					})),
				})
				await tx.membership.createMany({
					data: batch.map((l) => ({
						userId: l.id,
						orgId: org.id,
						role: 'LEARNER' as const,
						teamId: teamIds[l.team]!,
						createdAt: l.joinedAt,
					})),
				})
			},
			{ timeout: 120_000 },
		)
		if ((b + 1) % 20 === 0) log(`  people: ${fmt((b + 1) * BATCH)} / ${fmt(learners.length)}`)
	}
	return { orgId: org.id, teamIds, staff }
}

/** Progress rows (lessons, paths) and failed attempts, a transaction per batch of learners. */
export async function writeProgress(
	learners: LearnerPlan[],
	orgId: string,
	log: (line: string) => void,
	stopped: () => boolean,
) {
	const counts = { pathProgress: 0, lessonProgress: 0, failedAttempts: 0 }
	for (const [b, batch] of chunks(learners, BATCH).entries()) {
		if (stopped()) break
		const pathRows: Prisma.PathProgressCreateManyInput[] = []
		const lessonRows: Prisma.LessonProgressCreateManyInput[] = []
		const attemptRows: Prisma.AssessmentAttemptCreateManyInput[] = []
		const itemRows: Prisma.AttemptItemCreateManyInput[] = []
		const sums: ItemSumsByKey = new Map()
		for (const learner of batch) {
			for (const plan of learner.paths) {
				const first = plan.lessons[0]
				const last = plan.lessons.at(-1)
				if (!first || !last) continue
				pathRows.push({
					userId: learner.id,
					pathSlug: plan.path.slug,
					startedAt: first.startedAt,
					lastLessonSlug: last.lessonSlug,
					lastVisitedAt: plan.lastVisitedAt,
					lessonsCompletedAt: plan.lessonsCompletedAt,
				})
				for (const lesson of plan.lessons) lessonRows.push({ userId: learner.id, pathSlug: plan.path.slug, ...lesson })
				for (const attempt of plan.attempts) {
					if (attempt.passed) continue
					attemptRows.push(attemptRow(learner.id, plan.path, attempt))
					const rows = attemptItemRows(learner.id, plan.path, attempt)
					itemRows.push(...rows)
					addToSums(sums, rows)
				}
			}
		}
		await db.$transaction(
			async (tx) => {
				await createManyInChunks(pathRows, (data) => tx.pathProgress.createMany({ data }))
				await createManyInChunks(lessonRows, (data) => tx.lessonProgress.createMany({ data }))
				await createManyInChunks(attemptRows, (data) => tx.assessmentAttempt.createMany({ data }))
				await createManyInChunks(itemRows, (data) => tx.attemptItem.createMany({ data }))
				await incrementItemStats(tx, orgId, sums.values())
			},
			{ timeout: 120_000 },
		)
		counts.pathProgress += pathRows.length
		counts.lessonProgress += lessonRows.length
		counts.failedAttempts += attemptRows.length
		if ((b + 1) % 20 === 0) log(`  progress: ${fmt((b + 1) * BATCH)} / ${fmt(learners.length)} learners`)
	}
	return counts
}

export type Completion = {
	job: SignJob
	attemptRow: Prisma.AssessmentAttemptCreateManyInput
	itemRows: Prisma.AttemptItemCreateManyInput[]
	status: StatusAction | null
	statusAt: Date
}

/**
 * Signs every completion (in the signing threads) and writes each batch of results in one
 * transaction: the passed attempt, its PathCompletion, the credential, its `issued` event and its
 * evidence rows, and the status-list entries taken, so a completion never exists without its credential.
 */
export async function signAndWrite(
	completions: Completion[],
	orgId: string,
	signers: Awaited<ReturnType<typeof startSigners>>,
	log: (line: string) => void,
	stopped: () => boolean,
) {
	type Signed = SignedRows & Pick<Completion, 'attemptRow' | 'itemRows'>
	const statusChanges: Array<{ credentialId: string; action: StatusAction; at: Date }> = []
	let signed = 0
	let credentialSkills = 0
	let writing = Promise.resolve()
	const write = (rows: Signed[]) => {
		writing = writing.then(async () => {
			if (rows.length === 0) return
			const perList = new Map<number, number>()
			for (const r of rows) {
				for (const id of [r.credential.revocationListId, r.credential.suspensionListId])
					perList.set(Number(id), (perList.get(Number(id)) ?? 0) + 1)
			}
			await db.$transaction(
				async (tx) => {
					await tx.assessmentAttempt.createMany({ data: rows.map((r) => r.attemptRow) })
					await createManyInChunks(
						rows.flatMap((r) => r.itemRows),
						(data) => tx.attemptItem.createMany({ data }),
					)
					const sums: ItemSumsByKey = new Map()
					for (const r of rows) addToSums(sums, r.itemRows)
					await incrementItemStats(tx, orgId, sums.values())
					await tx.pathCompletion.createMany({ data: rows.map((r) => r.completion) })
					await tx.credential.createMany({ data: rows.map((r) => r.credential) })
					await tx.credentialEvent.createMany({ data: rows.flatMap((r) => r.events) })
					await createManyInChunks(
						rows.flatMap((r) => r.skills),
						(data) => tx.credentialSkill.createMany({ data }),
					)
					// The entries issuing would have counted one at a time.
					for (const [id, n] of perList) {
						await tx.statusList.update({ where: { id }, data: { allocated: { increment: n } }, select: { id: true } })
					}
				},
				{ timeout: 120_000 },
			)
			signed += rows.length
			credentialSkills += rows.reduce((a, r) => a + r.skills.length, 0)
		})
		return writing
	}
	const started = performance.now()
	let lastLog = 0
	let buffer: Signed[] = []
	const groups = chunks(completions, 10)
	let next = 0
	// A few groups queued per thread keep every thread busy while results are written.
	await Promise.all(
		Array.from({ length: Math.max(1, signers.threads) * 3 }, async () => {
			while (next < groups.length && !stopped()) {
				const group = groups[next++]!
				const rows = await signers.sign(group.map((c) => c.job))
				for (const [i, r] of rows.entries()) {
					const c = group[i]!
					buffer.push({ ...r, attemptRow: c.attemptRow, itemRows: c.itemRows })
					if (c.status) statusChanges.push({ credentialId: String(r.credential.id), action: c.status, at: c.statusAt })
				}
				if (buffer.length >= CREDENTIAL_BATCH) {
					const batch = buffer
					buffer = []
					await write(batch)
				}
				if (signed - lastLog >= 2000) {
					lastLog = signed
					const rate = signed / ((performance.now() - started) / 1000)
					log(`  credentials: ${fmt(signed)} / ${fmt(completions.length)} (${rate.toFixed(0)} per second)`)
				}
			}
		}),
	)
	await write(buffer)
	return { signed, credentialSkills, statusChanges }
}

/** Runs both to the end; the first failure stops the other at its next step and is thrown. */
export async function together<A, B>(
	a: (stopped: () => boolean) => Promise<A>,
	b: (stopped: () => boolean) => Promise<B>,
): Promise<[A, B]> {
	let failed = false
	const stopped = () => failed
	const guard = <T>(promise: Promise<T>) =>
		promise.catch((error: unknown) => {
			failed = true
			throw error
		})
	const [ra, rb] = await Promise.allSettled([guard(a(stopped)), guard(b(stopped))])
	if (ra.status === 'rejected') throw ra.reason
	if (rb.status === 'rejected') throw rb.reason
	return [ra.value, rb.value]
}

export function attemptRow(
	userId: string,
	path: CompiledPath,
	attempt: AttemptPlan,
): Prisma.AssessmentAttemptCreateManyInput {
	return {
		id: attempt.id,
		userId,
		pathSlug: path.slug,
		contentHash: path.contentHash,
		questionIds: JSON.stringify(attempt.questionIds),
		startedAt: attempt.startedAt,
		submittedAt: attempt.submittedAt,
		answers: JSON.stringify(attempt.answers),
		score: attempt.score,
		passed: attempt.passed,
	}
}

/** The attempt's graded rows for item analysis, as grading writes them. */
export function attemptItemRows(userId: string, path: CompiledPath, attempt: AttemptPlan) {
	return itemResponseRows({
		attemptId: attempt.id,
		userId,
		pathSlug: path.slug,
		submittedAt: attempt.submittedAt,
		graded: attempt.questionIds.map((questionId, i) => ({ questionId, correct: attempt.graded[i]!.correct })),
		firstAttempt: attempt.firstAttempt,
	})
}
