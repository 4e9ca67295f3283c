/**
 * Reminders and recertification for assigned paths, run by a background job every hour:
 * - before the due date, on each of the organisation's reminder days ("7,1": a week and a day before);
 * - once when an assignment is overdue;
 * - before the credential that completed an assignment expires (the organisation's expiry days);
 * - when that credential has expired, the path is assigned again (a new round, due after the
 *   assignment's number of days, or 30 for one with a fixed date) and the learner is told.
 * Each message goes to the outbox and to the learner's notifications in the app. A `Reminder` row per
 * learner, assignment, round and kind is written in the same transaction, so a rerun (another
 * instance, a retried job) sends nothing twice. Deactivated members and archived assignments get
 * nothing.
 */
import { config } from '../config.server'
import { getPath } from '../content/catalog.server'
import { db } from '../db/db.server'
import { isUniqueViolation } from '../db/errors.server'
import type { Prisma } from '../db/generated/sqlite/client'
import { queueEmails, type EmailMessage } from '../email/outbox.server'
import { addMonths, formatDate } from '../format/dates'
import { enqueueJob } from '../jobs/queue.server'
import { parseReminderDays, REMINDERS_JOB } from './reminder-settings.server'

const DAY_MS = 24 * 60 * 60 * 1000
const HOUR_MS = 60 * 60 * 1000
/** Days a recertification round gives when the assignment had a fixed date instead of a number of days. */
export const RECERTIFY_DAYS_DEFAULT = 30
const CHUNK = 200

type Candidate = {
	assignmentId: string
	userId: string
	orgId: string
	pathSlug: string
	assignedAt: Date
	dueAt: Date
	round: number
	dueDays: number | null
	email: string
	completedAt: Date | null
}

type Message = {
	assignmentId: string
	userId: string
	orgId: string
	round: number
	/** Every kind this message settles (a late assignment settles its earlier reminder days too). */
	kinds: string[]
	email: EmailMessage
	notification: { kind: string; title: string; body: string; link: string }
}

const toDate = (value: Date | string | number | null) => (value === null ? null : new Date(value))

async function assignedCandidates(orgId: string, dueBefore: Date) {
	const rows = await db.$queryRaw<Array<Omit<Candidate, 'completedAt'> & { completedAt: Date | string | null }>>`
		SELECT la."assignmentId", la."userId", la."orgId", la."pathSlug", la."assignedAt", la."dueAt", la."round",
			a."dueDays", u."email",
			(SELECT MAX(pc."completedAt") FROM "PathCompletion" pc
				WHERE pc."userId" = la."userId" AND pc."pathSlug" = la."pathSlug") AS "completedAt"
		FROM "LearnerAssignment" la
		JOIN "Assignment" a ON a."id" = la."assignmentId" AND a."archivedAt" IS NULL
		JOIN "Membership" m ON m."userId" = la."userId" AND m."orgId" = la."orgId" AND m."deactivatedAt" IS NULL
		JOIN "User" u ON u."id" = la."userId"
		WHERE la."orgId" = ${orgId} AND la."dueAt" <= ${dueBefore}`
	return rows.map((r) => ({
		...r,
		assignedAt: new Date(r.assignedAt),
		dueAt: new Date(r.dueAt),
		round: Number(r.round),
		dueDays: r.dueDays === null ? null : Number(r.dueDays),
		completedAt: toDate(r.completedAt),
	}))
}

/**
 * Completed assignments due to be done again before `expiringBefore`, with the moment they are: when the
 * credential that completed them expires, or, for a role's assignment with a refresh period
 * (app/literacy/), that many months after the completion if it comes first (`refresh` is then set).
 */
async function expiringCandidates(orgId: string, expiringBefore: Date) {
	const rows = await db.$queryRaw<
		Array<{
			assignmentId: string
			userId: string
			orgId: string
			pathSlug: string
			assignedAt: Date | string
			round: number
			dueDays: number | null
			renewMonths: number | bigint | null
			email: string
			validUntil: Date | string
			completedAt: Date | string
		}>
	>`
		SELECT la."assignmentId", la."userId", la."orgId", la."pathSlug", la."assignedAt", la."round", a."dueDays",
			a."renewMonths", u."email", MAX(c."validUntil") AS "validUntil", MAX(pc."completedAt") AS "completedAt"
		FROM "LearnerAssignment" la
		JOIN "Assignment" a ON a."id" = la."assignmentId" AND a."archivedAt" IS NULL
		JOIN "Membership" m ON m."userId" = la."userId" AND m."orgId" = la."orgId" AND m."deactivatedAt" IS NULL
		JOIN "User" u ON u."id" = la."userId"
		JOIN "PathCompletion" pc ON pc."userId" = la."userId" AND pc."pathSlug" = la."pathSlug"
			AND pc."completedAt" >= la."assignedAt"
		JOIN "Credential" c ON c."completionId" = pc."id"
		WHERE la."orgId" = ${orgId}
		GROUP BY la."assignmentId", la."userId", la."orgId", la."pathSlug", la."assignedAt", la."round", a."dueDays",
			a."renewMonths", u."email"
		HAVING MAX(c."validUntil") <= ${expiringBefore} OR a."renewMonths" IS NOT NULL`
	return rows
		.map(({ renewMonths, completedAt, validUntil, ...r }) => {
			const expires = new Date(validUntil)
			const months = renewMonths === null ? null : Number(renewMonths)
			const renewsAt = months === null ? null : addMonths(new Date(completedAt), months)
			const refresh = months !== null && renewsAt! < expires ? { months, completedOn: new Date(completedAt) } : null
			return {
				...r,
				assignedAt: new Date(r.assignedAt),
				round: Number(r.round),
				dueDays: r.dueDays === null ? null : Number(r.dueDays),
				validUntil: refresh ? renewsAt! : expires,
				refresh,
			}
		})
		.filter((r) => r.validUntil <= expiringBefore)
}

async function sentKinds(keys: Array<{ assignmentId: string }>) {
	const ids = [...new Set(keys.map((k) => k.assignmentId))]
	const sent = new Set<string>()
	for (let i = 0; i < ids.length; i += CHUNK) {
		const rows = await db.reminder.findMany({
			where: { assignmentId: { in: ids.slice(i, i + CHUNK) } },
			select: { assignmentId: true, userId: true, round: true, kind: true },
		})
		for (const r of rows) sent.add(`${r.assignmentId}|${r.userId}|${r.round}|${r.kind}`)
	}
	return sent
}

const daysBetween = (from: Date, to: Date) => Math.max(0, Math.ceil((to.getTime() - from.getTime()) / DAY_MS))

export type ReminderRun = { dueSoon: number; overdue: number; expiring: number; recertified: number }

/** One pass over an organisation. Returns how many learners were told of what. */
export async function runOrgReminders(orgId: string, now = new Date()): Promise<ReminderRun> {
	const org = await db.organization.findUniqueOrThrow({
		where: { id: orgId },
		select: { name: true, reminderDays: true, expiryReminderDays: true },
	})
	const reminderDays = parseReminderDays(org.reminderDays)
	const maxDays = Math.max(0, ...reminderDays)
	const origin = config.PUBLIC_ORIGIN
	const messages: Message[] = []
	const recertifications: Array<{
		candidate: { assignmentId: string; userId: string; round: number }
		data: Prisma.LearnerAssignmentUpdateManyMutationInput
	}> = []
	const run: ReminderRun = { dueSoon: 0, overdue: 0, expiring: 0, recertified: 0 }

	const assigned = (await assignedCandidates(orgId, new Date(now.getTime() + maxDays * DAY_MS))).filter(
		(c) => !(c.completedAt && c.completedAt >= c.assignedAt),
	)
	const expiring = await expiringCandidates(orgId, new Date(now.getTime() + org.expiryReminderDays * DAY_MS))
	const sent = await sentKinds([...assigned, ...expiring])
	const isSent = (c: { assignmentId: string; userId: string; round: number }, kind: string) =>
		sent.has(`${c.assignmentId}|${c.userId}|${c.round}|${kind}`)

	for (const c of assigned) {
		const path = getPath(c.pathSlug)
		if (!path) continue
		const link = `/paths/${path.slug}`
		if (c.dueAt <= now) {
			if (isSent(c, 'overdue')) continue
			messages.push({
				...c,
				kinds: ['overdue', ...reminderDays.map((d) => `due:${d}`).filter((k) => !isSent(c, k))],
				email: {
					orgId,
					to: c.email,
					content: {
						template: 'overdue',
						props: { orgName: org.name, pathTitle: path.title, link: `${origin}${link}`, dueAt: c.dueAt.toISOString() },
					},
				},
				notification: {
					kind: 'assignment.overdue',
					title: `“${path.title}” is overdue`,
					body: `It was due on ${formatDate(c.dueAt)}.`,
					link,
				},
			})
			run.overdue++
			continue
		}
		// Every reminder day already reached; one message for the nearest, the rest settled with it.
		const reached = reminderDays.filter((d) => c.dueAt.getTime() - d * DAY_MS <= now.getTime())
		const open = reached.filter((d) => !isSent(c, `due:${d}`))
		if (open.length === 0) continue
		const left = daysBetween(now, c.dueAt)
		messages.push({
			...c,
			kinds: open.map((d) => `due:${d}`),
			email: {
				orgId,
				to: c.email,
				content: {
					template: 'dueSoon',
					props: {
						orgName: org.name,
						pathTitle: path.title,
						link: `${origin}${link}`,
						dueAt: c.dueAt.toISOString(),
						daysLeft: left,
					},
				},
			},
			notification: {
				kind: 'assignment.due-soon',
				title: `“${path.title}” is due ${left <= 1 ? 'within a day' : `in ${left} days`}`,
				body: `It is due on ${formatDate(c.dueAt)}.`,
				link,
			},
		})
		run.dueSoon++
	}

	for (const c of expiring) {
		const path = getPath(c.pathSlug)
		if (!path) continue
		const link = `/paths/${path.slug}`
		if (c.validUntil <= now) {
			const days = c.dueDays ?? RECERTIFY_DAYS_DEFAULT
			const dueAt = new Date(c.validUntil.getTime() + days * DAY_MS)
			const next = { ...c, round: c.round + 1 }
			recertifications.push({
				candidate: c,
				data: { round: next.round, assignedAt: c.validUntil, dueAt },
			})
			messages.push({
				...next,
				kinds: ['recertify'],
				email: {
					orgId,
					to: c.email,
					content: {
						template: 'assignedAgain',
						props: {
							orgName: org.name,
							pathTitle: path.title,
							link: `${origin}${link}`,
							expiredOn: c.validUntil.toISOString(),
							dueAt: dueAt.toISOString(),
							...(c.refresh
								? { refresh: { months: c.refresh.months, completedOn: c.refresh.completedOn.toISOString() } }
								: {}),
						},
					},
				},
				notification: {
					kind: 'assignment.recertify',
					title: `“${path.title}” is assigned to you again`,
					body: c.refresh
						? `Your role asks for it every ${c.refresh.months} months; you last completed it on ${formatDate(c.refresh.completedOn)}. Complete it again by ${formatDate(dueAt)}.`
						: `Your credential expired on ${formatDate(c.validUntil)}. Recertify by ${formatDate(dueAt)}.`,
					link,
				},
			})
			run.recertified++
			continue
		}
		// A refresh is announced by its new round's own reminders, not as an expiring credential.
		if (c.refresh || isSent(c, 'expiry')) continue
		messages.push({
			...c,
			kinds: ['expiry'],
			email: {
				orgId,
				to: c.email,
				content: {
					template: 'credentialExpiring',
					props: {
						orgName: org.name,
						pathTitle: path.title,
						link: `${origin}${link}`,
						validUntil: c.validUntil.toISOString(),
					},
				},
			},
			notification: {
				kind: 'credential.expiring',
				title: `Your “${path.title}” credential expires on ${formatDate(c.validUntil)}`,
				body: 'The path will be assigned to you again then. Retake the final assessment to renew it.',
				link,
			},
		})
		run.expiring++
	}

	// Written in chunks, each one transaction: the reminder rows, the notifications, the emails and
	// the new rounds commit together or not at all.
	const recertifyFor = new Map(recertifications.map((r) => [`${r.candidate.assignmentId}|${r.candidate.userId}`, r]))
	for (let i = 0; i < messages.length; i += CHUNK) {
		const chunk = messages.slice(i, i + CHUNK)
		try {
			await db.$transaction(async (tx) => {
				await tx.reminder.createMany({
					data: chunk.flatMap((m) =>
						m.kinds.map((kind) => ({ assignmentId: m.assignmentId, userId: m.userId, round: m.round, kind })),
					),
				})
				for (const m of chunk) {
					const r = m.kinds.includes('recertify') ? recertifyFor.get(`${m.assignmentId}|${m.userId}`) : undefined
					if (!r) continue
					const { count } = await tx.learnerAssignment.updateMany({
						where: { assignmentId: m.assignmentId, userId: m.userId, round: r.candidate.round },
						data: r.data,
					})
					if (count !== 1) throw new Error('The assignment changed while it was being renewed.')
				}
				await tx.notification.createMany({
					data: chunk.map((m) => ({ userId: m.userId, orgId, ...m.notification, createdAt: now })),
				})
				await queueEmails(
					tx,
					chunk.map((m) => m.email),
				)
			})
		} catch (error) {
			// Another run sent this chunk first (its reminder rows exist): nothing is sent twice.
			if (!isUniqueViolation(error)) throw error
		}
	}
	return run
}

/**
 * The job: every organisation with open assignments, then the next run in an hour; or, when an
 * admin asked for a run now, only their organisation.
 */
export async function remindersJobHandler(job: { payload: string }) {
	const now = new Date()
	const { orgId } = JSON.parse(job.payload) as { orgId?: string }
	if (orgId) return runOrgReminders(orgId, now)
	const orgs = await db.assignment.findMany({
		where: { archivedAt: null },
		distinct: ['orgId'],
		select: { orgId: true },
	})
	const totals: ReminderRun = { dueSoon: 0, overdue: 0, expiring: 0, recertified: 0 }
	for (const { orgId } of orgs) {
		const run = await runOrgReminders(orgId, now)
		for (const key of Object.keys(totals) as Array<keyof ReminderRun>) totals[key] += run[key]
	}
	await scheduleReminders(new Date(now.getTime() + HOUR_MS))
	return totals
}

/**
 * Queues the run for the hour of `at`, once: the job's id is its hour, so every instance asking
 * for it at start, and the run before it, add a single job.
 */
export async function scheduleReminders(at = new Date()) {
	const hour = new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS)
	try {
		await enqueueJob({ id: `reminders-${hour.toISOString()}`, kind: REMINDERS_JOB, payload: {}, runAt: hour })
	} catch (error) {
		if (!isUniqueViolation(error)) throw error
	}
}
