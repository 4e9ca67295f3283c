/**
 * Outgoing email. Every message is written to the outbox in the caller's transaction, with a
 * background job that delivers it: through SMTP (nodemailer) when SMTP_URL is set, otherwise as a
 * file in DATA_DIR/mail (one .eml per message, for the operator of a trial or development
 * installation). Admins read their organisation's outbox in the app. A private link in a message (an
 * invitation, a password reset) is in the recipient's copy only: the outbox keeps the message with
 * the link withheld, and the delivery job holds the full text sealed until it is delivered.
 */
import fs from 'node:fs'
import path from 'node:path'
import nodemailer, { type Transporter } from 'nodemailer'
import { config } from '../config.server'
import { db } from '../db/db.server'
import { logger } from '../log.server'
import type { Prisma } from '../db/generated/sqlite/client'
import type { ClaimedJob } from '../jobs/queue.server'
import { openSealedText, sealText } from './sealed-text.server'

export const SEND_EMAIL_JOB = 'email.send'

export type EmailMessage = {
	orgId: string | null
	to: string
	subject: string
	text: string
	/** Links in `text` that act as a key (an invitation, a password reset): in the recipient's copy only. */
	privateLinks?: string[]
}

/** What the outbox shows in place of a private link. */
export const WITHHELD_LINK = '[private link: in the recipient’s copy only]'

type EmailPayload = { emailId: string; sealed?: string }

export async function queueEmail(tx: Prisma.TransactionClient, message: EmailMessage) {
	await queueEmails(tx, [message])
}

/** Many messages in a few statements (an import invites thousands), each with its delivery job. */
export async function queueEmails(tx: Prisma.TransactionClient, messages: EmailMessage[]) {
	const rows = messages.map(({ privateLinks = [], ...message }) => ({
		row: {
			...message,
			id: crypto.randomUUID(),
			text: privateLinks.reduce((text, link) => text.replaceAll(link, WITHHELD_LINK), message.text),
		},
		sealed: privateLinks.length > 0 ? sealText(message.text) : undefined,
	}))
	await tx.outboxEmail.createMany({ data: rows.map(({ row }) => row) })
	await tx.job.createMany({
		data: rows.map(({ row, sealed }) => ({
			kind: SEND_EMAIL_JOB,
			payload: JSON.stringify({ emailId: row.id, ...(sealed ? { sealed } : {}) } satisfies EmailPayload),
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

/** Where a message goes without a mail server: a file of its own, readable by the operator only. */
function writeMailFile(email: { id: string; to: string; subject: string; createdAt: Date }, text: string) {
	const dir = path.join(config.DATA_DIR, 'mail')
	fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
	const file = path.join(dir, `${email.createdAt.toISOString().replace(/[:.]/g, '-')}-${email.id}.eml`)
	const headers = [`To: ${email.to}`, `From: ${config.MAIL_FROM}`, `Subject: ${email.subject}`]
	fs.writeFileSync(file, `${headers.join('\n')}\nDate: ${email.createdAt.toUTCString()}\n\n${text}\n`, {
		mode: 0o600,
	})
	return file
}

/**
 * The job handler: delivers one message, once (a message already sent or written is left alone),
 * with its private links; then the job forgets the sealed copy.
 */
export async function sendEmailJob(job: ClaimedJob) {
	const payload = JSON.parse(job.payload) as EmailPayload
	const email = await db.outboxEmail.findUnique({ where: { id: payload.emailId } })
	if (!email || email.sentAt || email.loggedAt) return { skipped: true }
	const text = payload.sealed ? openSealedText(payload.sealed) : email.text
	const forgetSealed = async () => {
		if (!payload.sealed) return
		await db.job.update({ where: { id: job.id }, data: { payload: JSON.stringify({ emailId: email.id }) } })
	}
	const transporter = smtp()
	if (!transporter) {
		const file = writeMailFile(email, text)
		if (config.NODE_ENV !== 'test') {
			logger.info({ outbox: { to: email.to, subject: email.subject, file } }, 'Email written to a file (no SMTP_URL)')
		}
		await db.outboxEmail.update({ where: { id: email.id }, data: { loggedAt: new Date() } })
		await forgetSealed()
		return { written: file }
	}
	try {
		await transporter.sendMail({ from: config.MAIL_FROM, to: email.to, subject: email.subject, text })
	} catch (error) {
		await db.outboxEmail.update({
			where: { id: email.id },
			data: { error: error instanceof Error ? error.message : String(error) },
		})
		throw error
	}
	await db.outboxEmail.update({ where: { id: email.id }, data: { sentAt: new Date(), error: null } })
	await forgetSealed()
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
