/**
 * The mail a site under test delivered: without SMTP_URL each message is a file in DATA_DIR/mail
 * (app/email/outbox.server.ts), the recipient's copy, private links included.
 */
import fs from 'node:fs'
import path from 'node:path'
import { expect } from '@playwright/test'
import { e2eTargetFor } from './targets'

/** The text of the newest message to `to` whose subject contains `subject`, once it has been delivered. */
export async function deliveredMail(baseURL: string | undefined, to: string, subject: string): Promise<string> {
	const dataDir = e2eTargetFor(baseURL).env.DATA_DIR
	if (!dataDir) throw new Error(`The site at ${baseURL} has no DATA_DIR of its own.`)
	const dir = path.join(dataDir, 'mail')
	let found = ''
	await expect
		.poll(
			() => {
				const files = fs.existsSync(dir) ? fs.readdirSync(dir).sort().reverse() : []
				for (const file of files) {
					const text = fs.readFileSync(path.join(dir, file), 'utf8')
					const [head = ''] = text.split('\n\n')
					if (head.includes(`To: ${to}\n`) && head.includes(subject)) return (found = text)
				}
				return ''
			},
			{ timeout: 15_000, message: `an email to ${to} about “${subject}”` },
		)
		.not.toBe('')
	return found
}
