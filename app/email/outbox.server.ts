/**
 * Outgoing email. Every message is written to the outbox in the caller's transaction, with a
 * background job that delivers it: through SMTP (nodemailer) when SMTP_URL is set, otherwise as a
 * file in DATA_DIR/mail (one .eml per message, for the operator of a trial or development
 * installation). A message is a template and its props (./templates/catalog.ts), rendered to HTML
 * and to a text part (./render.server.ts). Admins read their organisation's outbox in the app. A
 * private link in a message (an invitation, a password reset) is in the recipient's copy only: the
 * outbox keeps the message with the link withheld, in both parts, and the delivery job holds the
 * template's props sealed, to render the recipient's copy when it delivers it.
 */
import nodemailer, { type Transporter } from 'nodemailer'
import { config } from '../config.server'
import { db } from '../db/db.server'
import { logger } from '../log.server'
import type { Prisma } from '../db/generated/sqlite/client'
import type { ClaimedJob } from '../jobs/queue.server'
import { writeMailFile } from './mail-file.server'
import { withholdLinks } from './private-links'
import { assertWithheld, renderEmail, type RenderedEmail } from './render.server'
import { openSealedText, sealText } from './sealed-text.server'
import type { EmailContent } from './templates/catalog'

export const SEND_EMAIL_JOB = 'email.send'

export type EmailMessage = {
	orgId: string | null
	to: string
	content: EmailContent
	/** Links in the content that act as a key (an invitation, a password reset): in the recipient's copy only. */
	privateLinks?: string[]
}

/**
 * The delivery job's payload. `sealedContent`: the template and props of a message with private
 * links. `sealed`: the whole text of one queued before email had an HTML part.
 */
type EmailPayload = { emailId: string; sealedContent?: string; sealed?: string }

export async function queueEmail(tx: Prisma.TransactionClient, message: EmailMessage) {
	await queueEmails(tx, [message])
}

/**
 * Many messages in a few statements (an import invites thousands), each with its delivery job.
 * Messages whose outbox copies are the same (a team's assignment, a batch of invitations with their
 * links withheld) are rendered once.
 */
export async function queueEmails(tx: Prisma.TransactionClient, messages: EmailMessage[]) {
	if (messages.length === 0) return
	const renders = new Map<string, Promise<RenderedEmail>>()
	const rows = await Promise.all(
		messages.map(async ({ privateLinks = [], content, ...message }) => {
			const stored = withholdLinks(content, privateLinks)
			const key = JSON.stringify(stored)
			if (!renders.has(key)) renders.set(key, renderEmail(stored))
			const rendered = await renders.get(key)!
			assertWithheld(rendered, privateLinks)
			return {
				row: {
					...message,
					id: crypto.randomUUID(),
					subject: rendered.subject,
					text: rendered.text,
					html: rendered.html,
				},
				sealedContent: privateLinks.length > 0 ? sealText(JSON.stringify(content)) : undefined,
			}
		}),
	)
	await tx.outboxEmail.createMany({ data: rows.map(({ row }) => row) })
	await tx.job.createMany({
		data: rows.map(({ row, sealedContent }) => ({
			kind: SEND_EMAIL_JOB,
			payload: JSON.stringify({
				emailId: row.id,
				...(sealedContent ? { sealedContent } : {}),
			} satisfies EmailPayload),
			orgId: row.orgId,
			maxAttempts: 5,
		})),
	})
}

/**
 * The recipient's copy of a queued message: rendered again from its sealed props when it has
 * private links, else the outbox's own. A message queued before email had an HTML part goes as text.
 */
export async function recipientCopyOf(
	email: { text: string; html: string | null },
	payload: string,
): Promise<{ text: string; html: string | null }> {
	const { sealedContent, sealed } = JSON.parse(payload) as EmailPayload
	if (sealedContent) {
		const rendered = await renderEmail(JSON.parse(openSealedText(sealedContent)) as EmailContent)
		return { text: rendered.text, html: rendered.html }
	}
	if (sealed) return { text: openSealedText(sealed), html: null }
	return { text: email.text, html: email.html }
}

/** What nodemailer sends: both parts, which it makes a multipart/alternative message of. */
export function mailOptions(email: { to: string; subject: string }, copy: { text: string; html: string | null }) {
	return {
		from: config.MAIL_FROM,
		to: email.to,
		subject: email.subject,
		text: copy.text,
		...(copy.html === null ? {} : { html: copy.html }),
	}
}

let transport: Transporter | null = null
function smtp(): Transporter | null {
	if (!config.SMTP_URL) return null
	transport ??= nodemailer.createTransport(config.SMTP_URL)
	return transport
}

/**
 * The job handler: delivers one message, once (a message already sent or written is left alone),
 * with its private links; then the job forgets the sealed copy.
 */
export async function sendEmailJob(job: ClaimedJob) {
	const payload = JSON.parse(job.payload) as EmailPayload
	const email = await db.outboxEmail.findUnique({ where: { id: payload.emailId } })
	if (!email || email.sentAt || email.loggedAt) return { skipped: true }
	const copy = await recipientCopyOf(email, job.payload)
	const forgetSealed = async () => {
		if (!payload.sealedContent && !payload.sealed) return
		await db.job.update({ where: { id: job.id }, data: { payload: JSON.stringify({ emailId: email.id }) } })
	}
	const transporter = smtp()
	if (!transporter) {
		const file = writeMailFile(email, copy)
		if (config.NODE_ENV !== 'test') {
			logger.info({ outbox: { to: email.to, subject: email.subject, file } }, 'Email written to a file (no SMTP_URL)')
		}
		await db.outboxEmail.update({ where: { id: email.id }, data: { loggedAt: new Date() } })
		await forgetSealed()
		return { written: file }
	}
	try {
		await transporter.sendMail(mailOptions(email, copy))
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

/** A page of the organisation's outbox, newest first; each message's text, and whether it has an HTML part. */
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
				html: true,
				createdAt: true,
				sentAt: true,
				loggedAt: true,
				error: true,
			},
		}),
		db.outboxEmail.count({ where: { orgId } }),
	])
	return {
		emails: emails.map(({ html, ...email }) => ({ ...email, hasHtml: html !== null })),
		total,
		pages: Math.max(1, Math.ceil(total / OUTBOX_PAGE_SIZE)),
	}
}

/** The HTML part of one message of the organisation's outbox (its private links withheld), or null. */
export async function getOutboxHtml(orgId: string, emailId: string): Promise<string | null> {
	const email = await db.outboxEmail.findFirst({ where: { id: emailId, orgId }, select: { html: true } })
	return email?.html ?? null
}
