/**
 * Where a message goes without a mail server: a file of its own in DATA_DIR/mail, readable by the
 * operator only, in the format mail clients open (.eml). With an HTML part the file is
 * multipart/alternative: the text part first, as written (8bit: its links stay whole for whoever
 * reads the file as text), then the HTML in base64 lines.
 */
import fs from 'node:fs'
import path from 'node:path'
import { config } from '../config.server'

export type MailFileMessage = { id: string; to: string; subject: string; createdAt: Date }

function base64Lines(text: string) {
	return (
		Buffer.from(text, 'utf8')
			.toString('base64')
			.match(/.{1,76}/g)
			?.join('\n') ?? ''
	)
}

export function mailFileContent(email: MailFileMessage, parts: { text: string; html: string | null }) {
	const headers = [
		`To: ${email.to}`,
		`From: ${config.MAIL_FROM}`,
		`Subject: ${email.subject}`,
		`Date: ${email.createdAt.toUTCString()}`,
		'MIME-Version: 1.0',
	]
	const textHeaders = ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit']
	if (parts.html === null) return `${[...headers, ...textHeaders].join('\n')}\n\n${parts.text}\n`
	const boundary = `skillproof-${crypto.randomUUID()}`
	return [
		...headers,
		`Content-Type: multipart/alternative; boundary="${boundary}"`,
		'',
		`--${boundary}`,
		...textHeaders,
		'',
		parts.text,
		`--${boundary}`,
		'Content-Type: text/html; charset=utf-8',
		'Content-Transfer-Encoding: base64',
		'',
		base64Lines(parts.html),
		`--${boundary}--`,
		'',
	].join('\n')
}

export function writeMailFile(email: MailFileMessage, parts: { text: string; html: string | null }) {
	const dir = path.join(config.DATA_DIR, 'mail')
	fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
	const file = path.join(dir, `${email.createdAt.toISOString().replace(/[:.]/g, '-')}-${email.id}.eml`)
	fs.writeFileSync(file, mailFileContent(email, parts), { mode: 0o600 })
	return file
}
