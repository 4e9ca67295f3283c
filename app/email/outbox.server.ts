/**
 * Outgoing email. Every message is written to the outbox in the caller's transaction, with a
 * background job that delivers it: through SMTP (nodemailer) when SMTP_URL is set, otherwise to the
 * log. Admins read their organisation's outbox in the app either way, so invitations work in a
 * fresh installation with no mail server.
 */
import nodemailer, { type Transporter } from 'nodemailer'
import { config } from '../config.server'
import { db } from '../db/db.server'
import { logger } from '../log.server'
import type { Prisma } from '../db/generated/sqlite/client'
import type { ClaimedJob } from '../jobs/queue.server'

export const SEND_EMAIL_JOB = 'email.send'

export type EmailMessage = { orgId: string | null; to: string; subject: string; text: string }

export async function queueEmail(tx: Prisma.TransactionClient, message: EmailMessage) {
	await queueEmails(tx, [message])
}

/** Many messages in a few statements (an import invites thousands), each with its delivery job. */
export async function queueEmails(tx: Prisma.TransactionClient, messages: EmailMessage[]) {
	const rows = messages.map((message) => ({ ...message, id: crypto.randomUUID() }))
	await tx.outboxEmail.createMany({ data: rows })
	await tx.job.createMany({
		data: rows.map((row) => ({
			kind: SEND_EMAIL_JOB,
			payload: JSON.stringify({ emailId: row.id }),
			orgId: row.orgId,
			maxAttempts: 5,
		})),
	})
}

let transport: Transporter | null = null
function smtp(): Transporter | null {
	if (!config.SMTP_URL) return null
	transport ??= nodemailer.createTransport(config.SMTP_URL)
	return transport
}

/** The job handler: delivers one message, once (a message already sent or logged is left alone). */
export async function sendEmailJob(job: ClaimedJob) {
	const { emailId } = JSON.parse(job.payload) as { emailId: string }
	const email = await db.outboxEmail.findUnique({ where: { id: emailId } })
	if (!email || email.sentAt || email.loggedAt) return { skipped: true }
	const transporter = smtp()
	if (!transporter) {
		if (config.NODE_ENV !== 'test') {
			logger.info({ outbox: { to: email.to, subject: email.subject, text: email.text } }, 'Email kept in the outbox')
		}
		await db.outboxEmail.update({ where: { id: email.id }, data: { loggedAt: new Date() } })
		return { logged: true }
	}
	try {
		await transporter.sendMail({ from: config.MAIL_FROM, to: email.to, subject: email.subject, text: email.text })
	} catch (error) {
		await db.outboxEmail.update({
			where: { id: email.id },
			data: { error: error instanceof Error ? error.message : String(error) },
		})
		throw error
	}
	await db.outboxEmail.update({ where: { id: email.id }, data: { sentAt: new Date(), error: null } })
	return { sent: true }
}

export const OUTBOX_PAGE_SIZE = 25

export async function listOutbox(orgId: string, page = 1) {
	const [emails, total] = await Promise.all([
		db.outboxEmail.findMany({
			where: { orgId },
			orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
			skip: (page - 1) * OUTBOX_PAGE_SIZE,
			take: OUTBOX_PAGE_SIZE,
			select: {
				id: true,
				to: true,
				subject: true,
				text: true,
				createdAt: true,
				sentAt: true,
				loggedAt: true,
				error: true,
			},
		}),
		db.outboxEmail.count({ where: { orgId } }),
	])
	return { emails, total, pages: Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE)) }
}
