/**
 * The admin home's one-click reminder to everyone overdue on an assignment: an email and a message
 * in the app to each person past the due date who has not completed it, at most once a day each
 * (a `nudge:<day>` reminder row per person and round, so a second click the same day, or two at
 * once, sends nothing twice), recorded in the audit log, all in one transaction.
 */
import { recordAudit, type Actor } from '../audit/audit.server'
import { config } from '../config.server'
import { getPath } from '../content/catalog.server'
import { db } from '../db/db.server'
import { isUniqueViolation } from '../db/errors.server'
import { queueEmails } from '../email/outbox.server'
import { formatDate } from '../format/dates'

export class OverdueReminderError extends Error {}

export type OverdueReminderOutcome = { sent: number; alreadyToday: number }

const dayOf = (at: Date) => at.toISOString().slice(0, 10)

export async function remindOverdue(
	orgId: string,
	actor: Actor,
	assignmentId: string,
	now = new Date(),
): Promise<OverdueReminderOutcome> {
	const assignment = await db.assignment.findFirst({
		where: { id: assignmentId, orgId, archivedAt: null },
		select: { id: true, pathSlug: true },
	})
	const org = await db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { name: true } })
	const path = assignment ? getPath(assignment.pathSlug) : undefined
	if (!assignment || !path) throw new OverdueReminderError('There is no such assignment in your organisation.')
	// Past due, active members, no completion since they were assigned.
	const overdue = await db.$queryRaw<
		Array<{ userId: string; email: string; round: number | bigint; dueAt: Date | string }>
	>`
		SELECT la."userId" AS "userId", u."email" AS "email", la."round" AS "round", la."dueAt" AS "dueAt"
		FROM "LearnerAssignment" la
		JOIN "Membership" m ON m."userId" = la."userId" AND m."orgId" = la."orgId" AND m."deactivatedAt" IS NULL
		JOIN "User" u ON u."id" = la."userId"
		WHERE la."assignmentId" = ${assignment.id} AND la."orgId" = ${orgId} AND la."dueAt" < ${now}
			AND la."completedAt" IS NULL`
	const kind = `nudge:${dayOf(now)}`
	const done = new Set(
		(
			await db.reminder.findMany({
				where: { assignmentId: assignment.id, kind },
				select: { userId: true, round: true },
			})
		).map((r) => `${r.userId}|${r.round}`),
	)
	const due = overdue.filter((o) => !done.has(`${o.userId}|${Number(o.round)}`))
	if (due.length === 0) return { sent: 0, alreadyToday: overdue.length }
	const link = `/paths/${path.slug}`
	try {
		await db.$transaction(async (tx) => {
			await tx.reminder.createMany({
				data: due.map((o) => ({ assignmentId: assignment.id, userId: o.userId, round: Number(o.round), kind })),
			})
			await tx.notification.createMany({
				data: due.map((o) => ({
					userId: o.userId,
					orgId,
					kind: 'assignment.overdue',
					title: `“${path.title}” is overdue`,
					body: `It was due on ${formatDate(new Date(o.dueAt))}. ${actor.name} sent you this reminder.`,
					link,
					createdAt: now,
				})),
			})
			await queueEmails(
				tx,
				due.map((o) => ({
					orgId,
					to: o.email,
					content: {
						template: 'overdue' as const,
						props: {
							orgName: org.name,
							pathTitle: path.title,
							link: `${config.PUBLIC_ORIGIN}${link}`,
							dueAt: new Date(o.dueAt).toISOString(),
						},
					},
				})),
			)
			await recordAudit(tx, {
				orgId,
				actor,
				action: 'assignment.remind',
				at: now,
				targetType: 'assignment',
				targetId: assignment.id,
				summary: `Reminded ${due.length} ${due.length === 1 ? 'person' : 'people'} overdue on “${path.title}”.`,
			})
		})
	} catch (error) {
		// A click at the same moment sent them first: nothing is sent twice.
		if (isUniqueViolation(error)) return { sent: 0, alreadyToday: overdue.length }
		throw error
	}
	return { sent: due.length, alreadyToday: overdue.length - due.length }
}
