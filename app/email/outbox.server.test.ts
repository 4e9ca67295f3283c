import fs from 'node:fs'
import nodemailer from 'nodemailer'
import { expect, test } from 'vitest'
import { config } from '../config.server'
import { db } from '../db/db.server'
import { mailOptions, queueEmail, queueEmails, recipientCopyOf, sendEmailJob, SEND_EMAIL_JOB } from './outbox.server'
import { WITHHELD_LINK } from './private-links'
import { sealText } from './sealed-text.server'
import type { EmailContent } from './templates/catalog'

const unique = () => `${crypto.randomUUID()}@example.test`

/** A fresh invitation link: the key that must stay out of the outbox. */
function invitation() {
	const token = crypto.randomUUID().replaceAll('-', '') + 'Zz_-Yy'
	const link = `${config.PUBLIC_ORIGIN}/invitations/${token}`
	const content: EmailContent = {
		template: 'invitation',
		props: {
			inviterName: 'Hank Admin',
			orgName: 'Globex',
			teamName: null,
			asAdministrator: false,
			link,
			expiresAt: '2026-05-11T09:30:00.000Z',
		},
	}
	return { token, link, content }
}

async function stored(to: string) {
	const email = await db.outboxEmail.findFirstOrThrow({ where: { to } })
	const job = await db.job.findFirstOrThrow({ where: { kind: SEND_EMAIL_JOB, payload: { contains: email.id } } })
	return { email, job }
}

/** The parts of a delivered .eml file: its headers, and each part's headers and decoded body. */
function readMailFile(file: string) {
	const raw = fs.readFileSync(file, 'utf8')
	const [head = '', ...rest] = raw.split('\n\n')
	const boundary = /boundary="([^"]+)"/.exec(head)?.[1]
	if (!boundary) return { head, parts: [{ head, body: rest.join('\n\n') }] }
	const parts = raw
		.split(`--${boundary}`)
		.slice(1, -1)
		.map((section) => {
			const [partHead = '', ...body] = section.replace(/^\n/, '').split('\n\n')
			const text = body.join('\n\n').replace(/\n$/, '')
			const decoded = partHead.includes('base64') ? Buffer.from(text.replaceAll('\n', ''), 'base64').toString() : text
			return { head: partHead, body: decoded }
		})
	return { head, parts }
}

test('a message with a private link: the outbox keeps text and HTML without it, the delivered copy has both with it', async () => {
	const to = unique()
	const { token, link, content } = invitation()
	await db.$transaction((tx) => queueEmail(tx, { orgId: null, to, content, privateLinks: [link] }))
	const { email, job } = await stored(to)
	expect(email.subject).toBe('Hank Admin invites you to Globex on Skillproof')
	expect(email.text).toContain(`Accept the invitation: ${WITHHELD_LINK}`)
	expect(email.html).toContain(WITHHELD_LINK)
	expect(JSON.stringify(email)).not.toContain(token)
	// The job holds the template's props sealed, not readable.
	expect(job.payload).not.toContain(token)
	expect(JSON.parse(job.payload)).toEqual({ emailId: email.id, sealedContent: expect.any(String) })

	const copy = await recipientCopyOf(email, job.payload)
	expect(copy.text).toContain(`Accept the invitation:\n${link}`)
	expect(copy.html).toContain(`href="${link}"`)

	const delivered = (await sendEmailJob(job)) as { written: string }
	const file = readMailFile(delivered.written)
	expect(file.head).toContain(`To: ${to}\nFrom: ${config.MAIL_FROM}\nSubject: ${email.subject}\n`)
	expect(file.head).toMatch(/Content-Type: multipart\/alternative; boundary="/)
	expect(file.parts.map((p) => p.head.split('\n')[0])).toEqual([
		'Content-Type: text/plain; charset=utf-8',
		'Content-Type: text/html; charset=utf-8',
	])
	expect(file.parts[0]!.body).toBe(copy.text)
	expect(file.parts[1]!.body).toBe(copy.html)
	expect(fs.statSync(delivered.written).mode & 0o777).toBe(0o600)
	// Delivered once: the job forgets the sealed copy, and the outbox still has no link.
	const after = await stored(to)
	expect(after.job.payload).toBe(JSON.stringify({ emailId: email.id }))
	expect(after.email.loggedAt).not.toBeNull()
	expect(JSON.stringify(after)).not.toContain(token)
	expect(await sendEmailJob(after.job)).toEqual({ skipped: true })
})

test('a message without a private link is delivered as the outbox keeps it, and its job holds nothing sealed', async () => {
	const to = unique()
	const content: EmailContent = {
		template: 'overdue',
		props: {
			orgName: 'Globex',
			pathTitle: 'Data literacy',
			link: `${config.PUBLIC_ORIGIN}/paths/d`,
			dueAt: '2026-05-11T00:00:00.000Z',
		},
	}
	await db.$transaction((tx) => queueEmail(tx, { orgId: null, to, content }))
	const { email, job } = await stored(to)
	expect(JSON.parse(job.payload)).toEqual({ emailId: email.id })
	expect(email.text).toContain(`Continue the path:\n${config.PUBLIC_ORIGIN}/paths/d`)
	expect(await recipientCopyOf(email, job.payload)).toEqual({ text: email.text, html: email.html })
	const file = readMailFile(((await sendEmailJob(job)) as { written: string }).written)
	expect(file.parts[1]!.body).toBe(email.html)
})

test('messages whose outbox copies are alike share one rendering; each still goes to its own address', async () => {
	const people = [unique(), unique(), unique()]
	const links = people.map(() => invitation())
	await db.$transaction((tx) =>
		queueEmails(
			tx,
			people.map((to, i) => ({ orgId: null, to, content: links[i]!.content, privateLinks: [links[i]!.link] })),
		),
	)
	const rows = await Promise.all(people.map(stored))
	expect(new Set(rows.map((r) => r.email.html)).size).toBe(1)
	for (const [i, { email, job }] of rows.entries()) {
		expect(email.to).toBe(people[i])
		const copy = await recipientCopyOf(email, job.payload)
		expect(copy.text).toContain(links[i]!.link)
		for (const other of links.filter((_, j) => j !== i)) expect(copy.text).not.toContain(other.token)
	}
})

test('a private link written into a sentence instead of passed whole is refused, and nothing is queued', async () => {
	const to = unique()
	const { link, token } = invitation()
	const content: EmailContent = {
		template: 'accountNotice',
		props: { name: 'Ana', email: to, subject: 'A notice', heading: 'A notice', paragraphs: [`Open ${link} now.`] },
	}
	await expect(
		db.$transaction((tx) => queueEmail(tx, { orgId: null, to, content, privateLinks: [link] })),
	).rejects.toThrow('A private link would be kept in the outbox')
	expect(await db.outboxEmail.count({ where: { to } })).toBe(0)
	expect(await db.job.count({ where: { payload: { contains: token } } })).toBe(0)
})

test('a message queued before email had an HTML part is delivered as its sealed text alone', async () => {
	const to = unique()
	const { link } = invitation()
	const email = await db.outboxEmail.create({
		data: { to, subject: 'Old invitation', text: `Accept: ${WITHHELD_LINK}` },
	})
	const job = await db.job.create({
		data: {
			kind: SEND_EMAIL_JOB,
			payload: JSON.stringify({ emailId: email.id, sealed: sealText(`Accept: ${link}`) }),
		},
	})
	const file = readMailFile(((await sendEmailJob(job)) as { written: string }).written)
	expect(file.head).not.toContain('multipart')
	expect(file.head).toContain('Content-Type: text/plain; charset=utf-8')
	expect(file.parts[0]!.body).toBe(`Accept: ${link}\n`)
	expect((await db.job.findUniqueOrThrow({ where: { id: job.id } })).payload).toBe(
		JSON.stringify({ emailId: email.id }),
	)
})

test('through SMTP, nodemailer gets the text and the HTML part, and sends both as alternatives', async () => {
	const { link, content } = invitation()
	const to = unique()
	await db.$transaction((tx) => queueEmail(tx, { orgId: null, to, content, privateLinks: [link] }))
	const { email, job } = await stored(to)
	const copy = await recipientCopyOf(email, job.payload)
	const options = mailOptions(email, copy)
	expect(options).toEqual({ from: config.MAIL_FROM, to, subject: email.subject, text: copy.text, html: copy.html })
	// nodemailer's own composer, as the SMTP transport uses it, without a server.
	const composed = await nodemailer.createTransport({ streamTransport: true, buffer: true }).sendMail(options)
	const message = (composed.message as Buffer).toString()
	expect(message).toMatch(/Content-Type: multipart\/alternative/)
	expect(message).toContain('Content-Type: text/plain; charset=utf-8')
	expect(message).toContain('Content-Type: text/html; charset=utf-8')
	expect(mailOptions(email, { text: 'Only text', html: null })).not.toHaveProperty('html')
})
