/**
 * Assignments: a path assigned to people or to a team, due on a date or within N days. Each learner
 * gets their own row with their assignment time and due date, written in the same transaction as
 * the assignment, or as their joining the team (see `grantTeamAssignments`), so dashboards, reports
 * and reminders read one indexed table. Each person newly assigned a path is told by email, in that
 * same transaction.
 */
import { z } from 'zod'
import { recordAudit, type Actor } from '../audit/audit.server'
import { config } from '../config.server'
import { getPath } from '../content/catalog.server'
import { db } from '../db/db.server'
import type { Prisma } from '../db/generated/sqlite/client'
import { queueEmails } from '../email/outbox.server'
import { formatDate } from '../format/dates'

type Tx = Prisma.TransactionClient
const DAY_MS = 24 * 60 * 60 * 1000
const CHUNK = 400

export class AssignmentError extends Error {}

export const dueSchema = z.discriminatedUnion('kind', [
	z.object({
		kind: z.literal('date'),
		date: z
			.string()
			.regex(/^\d{4}-\d{2}-\d{2}$/, 'Give the due date.')
			.refine((d) => !Number.isNaN(Date.parse(`${d}T23:59:59Z`)), 'Give a real date.'),
	}),
	z.object({
		kind: z.literal('days'),
		days: z.coerce.number().int().min(1, 'At least 1 day.').max(730, 'At most 730 days.'),
	}),
])
export type Due = z.infer<typeof dueSchema>

/** A learner's due time: the end of the given day (UTC), or N days after they were assigned. */
export function dueAtFor(assignment: { dueDate: Date | null; dueDays: number | null }, assignedAt: Date) {
	if (assignment.dueDate) return assignment.dueDate
	return new Date(assignedAt.getTime() + (assignment.dueDays ?? 30) * DAY_MS)
}

type AssignmentRow = { id: string; orgId: string; pathSlug: string; dueDate: Date | null; dueDays: number | null }

/**
 * Tells each person newly assigned the path, in the same transaction, by email and by a notice in the
 * app: what it is, when it is due and where to start. Someone who had the assignment already is not
 * told again.
 */
async function tellAssigned(tx: Tx, assignment: AssignmentRow, userIds: string[], assignedAt: Date) {
	const path = getPath(assignment.pathSlug)
	if (userIds.length === 0 || !path) return
	const [org, people] = await Promise.all([
		tx.organization.findUniqueOrThrow({ where: { id: assignment.orgId }, select: { name: true } }),
		tx.user.findMany({ where: { id: { in: userIds } }, select: { email: true } }),
	])
	const dueAt = dueAtFor(assignment, assignedAt)
	const props = {
		orgName: org.name,
		pathTitle: path.title,
		pathSummary: path.summary,
		link: `${config.PUBLIC_ORIGIN}/paths/${path.slug}`,
		dueAt: dueAt.toISOString(),
	}
	await tx.notification.createMany({
		data: userIds.map((userId) => ({
			userId,
			orgId: assignment.orgId,
			kind: 'assignment.new',
			title: `New assignment: “${path.title}”`,
			body: `${org.name} asks you to complete it by ${formatDate(dueAt)}.`,
			link: `/paths/${path.slug}`,
			createdAt: assignedAt,
		})),
	})
	await queueEmails(
		tx,
		people.map((person) => ({
			orgId: assignment.orgId,
			to: person.email,
			content: { template: 'assignment' as const, props },
		})),
	)
}

async function writeLearnerRows(tx: Tx, assignment: AssignmentRow, userIds: string[], assignedAt: Date) {
	let written = 0
	// In chunks: SQLite bounds the parameters of one statement.
	for (let i = 0; i < userIds.length; i += CHUNK) {
		const chunk = userIds.slice(i, i + CHUNK)
		const existing = new Set(
			(
				await tx.learnerAssignment.findMany({
					where: { assignmentId: assignment.id, userId: { in: chunk } },
					select: { userId: true },
				})
			).map((r) => r.userId),
		)
		const fresh = chunk.filter((id) => !existing.has(id))
		await tx.learnerAssignment.createMany({
			data: fresh.map((userId) => ({
				assignmentId: assignment.id,
				userId,
				orgId: assignment.orgId,
				pathSlug: assignment.pathSlug,
				assignedAt,
				dueAt: dueAtFor(assignment, assignedAt),
			})),
		})
		await tellAssigned(tx, assignment, fresh, assignedAt)
		written += fresh.length
	}
	return written
}

export async function createAssignment(input: {
	orgId: string
	actor: Actor
	pathSlug: string
	target: { teamId: string } | { userIds: string[] }
	due: Due
	now?: Date
}) {
	const now = input.now ?? new Date()
	const path = getPath(input.pathSlug)
	if (!path) throw new AssignmentError('There is no such learning path.')
	const dueDate = input.due.kind === 'date' ? new Date(`${input.due.date}T23:59:59Z`) : null
	if (dueDate && dueDate <= now) throw new AssignmentError('The due date has passed; choose a later one.')
	return db.$transaction(async (tx) => {
		let teamId: string | null = null
		let userIds: string[]
		let targetText: string
		if ('teamId' in input.target) {
			const team = await tx.team.findFirst({
				where: { id: input.target.teamId, orgId: input.orgId, archivedAt: null },
				select: { id: true, name: true },
			})
			if (!team) throw new AssignmentError('Choose a team of your organisation that is not archived.')
			teamId = team.id
			userIds = (
				await tx.membership.findMany({
					where: { orgId: input.orgId, teamId, deactivatedAt: null },
					select: { userId: true },
				})
			).map((m) => m.userId)
			targetText = `the team “${team.name}”`
		} else {
			const ids = [...new Set(input.target.userIds)]
			if (ids.length === 0) throw new AssignmentError('Choose at least one person.')
			if (ids.length > CHUNK) throw new AssignmentError(`Choose at most ${CHUNK} people at a time, or assign a team.`)
			const members = await tx.membership.findMany({
				where: { orgId: input.orgId, userId: { in: ids }, deactivatedAt: null },
				select: { userId: true },
			})
			if (members.length !== ids.length) throw new AssignmentError('Some of these people are not in your organisation.')
			userIds = ids
			targetText = `${ids.length} ${ids.length === 1 ? 'person' : 'people'}`
		}
		const assignment = await tx.assignment.create({
			data: {
				orgId: input.orgId,
				pathSlug: path.slug,
				teamId,
				dueDate,
				dueDays: input.due.kind === 'days' ? input.due.days : null,
				createdById: input.actor.id,
				createdAt: now,
			},
			select: { id: true, orgId: true, pathSlug: true, dueDate: true, dueDays: true },
		})
		const assigned = await writeLearnerRows(tx, assignment, userIds, now)
		await recordAudit(tx, {
			orgId: input.orgId,
			actor: input.actor,
			action: 'assignment.create',
			at: now,
			targetType: 'assignment',
			targetId: assignment.id,
			summary: `Assigned “${path.title}” to ${targetText}, due ${input.due.kind === 'date' ? `on ${input.due.date}` : `within ${input.due.days} days`}.`,
		})
		return { id: assignment.id, assigned }
	})
}

/**
 * The assignments an AI-use role's grant makes (app/literacy/), in the caller's transaction: one per path
 * the role requires, to the team (and so to whoever joins it later) or to the one person, due within the
 * role's days and renewed after its refresh period. People already holding a completion still get the
 * assignment; it shows as completed for them at once.
 */
export async function assignForRoleGrant(
	tx: Tx,
	input: {
		orgId: string
		grant: { id: string; teamId: string | null; userId: string | null }
		pathSlugs: string[]
		dueDays: number
		renewMonths: number | null
		actorId: string
		now: Date
	},
) {
	const { grant } = input
	const userIds = (
		await tx.membership.findMany({
			where: {
				orgId: input.orgId,
				deactivatedAt: null,
				...(grant.teamId ? { teamId: grant.teamId } : { userId: grant.userId ?? '' }),
			},
			select: { userId: true },
		})
	).map((m) => m.userId)
	for (const slug of input.pathSlugs) {
		if (!getPath(slug)) continue
		const assignment = await tx.assignment.create({
			data: {
				orgId: input.orgId,
				pathSlug: slug,
				teamId: grant.teamId,
				roleGrantId: grant.id,
				renewMonths: input.renewMonths,
				dueDays: input.dueDays,
				createdById: input.actorId,
				createdAt: input.now,
			},
			select: { id: true, orgId: true, pathSlug: true, dueDate: true, dueDays: true },
		})
		await writeLearnerRows(tx, assignment, userIds, input.now)
	}
}

/** Archives the assignments of these grants (all, or only those of one path): no more reminders or renewals. */
export async function archiveRoleAssignments(tx: Tx, grantIds: string[], now: Date, pathSlug?: string) {
	if (grantIds.length === 0) return
	await tx.assignment.updateMany({
		where: { roleGrantId: { in: grantIds }, archivedAt: null, ...(pathSlug ? { pathSlug } : {}) },
		data: { archivedAt: now },
	})
}

/**
 * People joining a team get its open assignments, due from the moment they join (a fixed date
 * stays the date). Called in the transaction that puts them in the team.
 */
export async function grantTeamAssignments(tx: Tx, orgId: string, teamId: string, userIds: string[], now: Date) {
	if (userIds.length === 0) return
	const assignments = await tx.assignment.findMany({
		where: { orgId, teamId, archivedAt: null },
		select: { id: true, orgId: true, pathSlug: true, dueDate: true, dueDays: true },
	})
	for (const assignment of assignments) await writeLearnerRows(tx, assignment, userIds, now)
}

export type AssignmentState = 'completed' | 'overdue' | 'due'

/** A learner's assignments with their state: completed once a completion follows the assignment. */
export async function listMyAssignments(userId: string, now = new Date()) {
	const [rows, completions] = await Promise.all([
		db.learnerAssignment.findMany({
			// Only organisations the learner is still an active member of.
			where: {
				userId,
				assignment: { archivedAt: null },
				orgId: {
					in: (await db.membership.findMany({ where: { userId, deactivatedAt: null }, select: { orgId: true } })).map(
						(m) => m.orgId,
					),
				},
			},
			orderBy: { dueAt: 'asc' },
			select: { pathSlug: true, assignedAt: true, dueAt: true, orgId: true },
		}),
		db.pathCompletion.findMany({ where: { userId }, select: { pathSlug: true, completedAt: true } }),
	])
	const byPath = new Map<string, (typeof rows)[number]>()
	for (const row of rows) if (!byPath.has(row.pathSlug)) byPath.set(row.pathSlug, row)
	return [...byPath.values()].flatMap((row) => {
		const path = getPath(row.pathSlug)
		if (!path) return []
		const done = completions.some((c) => c.pathSlug === row.pathSlug && c.completedAt >= row.assignedAt)
		const state: AssignmentState = done ? 'completed' : row.dueAt < now ? 'overdue' : 'due'
		return [{ pathSlug: path.slug, title: path.title, dueAt: row.dueAt, assignedAt: row.assignedAt, state }]
	})
}

/** The organisation's assignments with how many learners have each, completed it, and are late. */
export async function listAssignments(orgId: string, now = new Date()) {
	const assignments = await db.assignment.findMany({
		where: { orgId, archivedAt: null },
		orderBy: { createdAt: 'desc' },
		take: 100,
		select: { id: true, pathSlug: true, teamId: true, dueDate: true, dueDays: true, createdAt: true },
	})
	const ids = assignments.map((a) => a.id)
	const counts = ids.length
		? await db.$queryRaw<
				Array<{ assignmentId: string; learners: bigint | number; completed: bigint | number; overdue: bigint | number }>
			>`
			SELECT la."assignmentId" AS "assignmentId",
				COUNT(*) AS "learners",
				SUM(CASE WHEN la."completedAt" IS NOT NULL THEN 1 ELSE 0 END) AS "completed",
				SUM(CASE WHEN la."completedAt" IS NULL AND la."dueAt" < ${now} THEN 1 ELSE 0 END) AS "overdue"
			FROM "LearnerAssignment" la
			WHERE la."orgId" = ${orgId}
			GROUP BY la."assignmentId"`
		: []
	const byId = new Map(counts.map((c) => [c.assignmentId, c]))
	const teams = new Map(
		(await db.team.findMany({ where: { orgId }, select: { id: true, name: true } })).map((t) => [t.id, t.name]),
	)
	return assignments.map((a) => {
		const c = byId.get(a.id)
		return {
			id: a.id,
			path: getPath(a.pathSlug)?.title ?? a.pathSlug,
			team: a.teamId ? (teams.get(a.teamId) ?? null) : null,
			due: a.dueDate ? { kind: 'date' as const, date: a.dueDate } : { kind: 'days' as const, days: a.dueDays ?? 0 },
			createdAt: a.createdAt,
			learners: Number(c?.learners ?? 0),
			completed: Number(c?.completed ?? 0),
			overdue: Number(c?.overdue ?? 0),
		}
	})
}
