/**
 * An organisation's reminder settings (the days before a due date, the notice before a credential
 * expires), checked as admins type them, and an admin's request for the reminders to go out now.
 * The runs themselves are in reminders.server.ts.
 */
import { z } from 'zod'
import { recordAudit } from '../audit/audit.server'
import { db } from '../db/db.server'
import { enqueueJob } from '../jobs/queue.server'

export const REMINDERS_JOB = 'reminders.run'

export const reminderSettingsSchema = z.object({
	reminderDays: z
		.string()
		.trim()
		.transform((text, ctx) => {
			const parts = text === '' ? [] : text.split(/[\s,]+/).filter(Boolean)
			const days = parts.map(Number)
			if (days.some((d) => !Number.isInteger(d) || d < 1 || d > 90)) {
				ctx.addIssue({ code: 'custom', message: 'Give whole numbers of days from 1 to 90, separated by commas.' })
				return z.NEVER
			}
			if (days.length > 5) {
				ctx.addIssue({ code: 'custom', message: 'Give at most 5 reminder days.' })
				return z.NEVER
			}
			return [...new Set(days)].sort((a, b) => b - a)
		}),
	expiryReminderDays: z.coerce
		.number({ message: 'Give a number of days.' })
		.int('Give a whole number of days.')
		.min(1, 'At least 1 day.')
		.max(180, 'At most 180 days.'),
})

export function parseReminderDays(text: string): number[] {
	const parsed = reminderSettingsSchema.shape.reminderDays.safeParse(text)
	return parsed.success ? parsed.data : [7, 1]
}

export async function getReminderSettings(orgId: string) {
	const org = await db.organization.findUniqueOrThrow({
		where: { id: orgId },
		select: { reminderDays: true, expiryReminderDays: true },
	})
	return { reminderDays: parseReminderDays(org.reminderDays), expiryReminderDays: org.expiryReminderDays }
}

export async function updateReminderSettings(
	orgId: string,
	actor: { id: string; name: string },
	input: z.infer<typeof reminderSettingsSchema>,
) {
	const reminderDays = input.reminderDays.join(',')
	await db.$transaction(async (tx) => {
		await tx.organization.update({
			where: { id: orgId },
			data: { reminderDays, expiryReminderDays: input.expiryReminderDays },
			select: { id: true },
		})
		await recordAudit(tx, {
			orgId,
			actor,
			action: 'settings.reminders',
			targetType: 'organization',
			targetId: orgId,
			summary: `Reminders ${reminderDays ? `${reminderDays.replace(/,/g, ', ')} days before the due date` : 'only when overdue'}; expiry notice ${input.expiryReminderDays} days before.`,
		})
	})
}

/** An admin asks for their organisation's reminders to go out now rather than at the next hourly run. */
export async function requestReminderRun(orgId: string, actor: { id: string; name: string }) {
	await db.$transaction(async (tx) => {
		await enqueueJob({ kind: REMINDERS_JOB, payload: { orgId }, orgId, createdById: actor.id }, tx)
		await recordAudit(tx, {
			orgId,
			actor,
			action: 'reminders.run',
			targetType: 'organization',
			targetId: orgId,
			summary: 'Asked for due reminders to be sent now.',
		})
	})
}
