/**
 * The recipient's copy of a message that holds a private link (an invitation, a password reset),
 * sealed for the delivery job alone: AES-256-GCM under a key derived (HKDF-SHA256) from the cookie
 * secret, which every instance shares. The outbox row keeps the message with the link withheld, so
 * no one reading the outbox or the database can use it (review finding M2).
 */
import crypto from 'node:crypto'
import { config } from '../config.server'
import { getOrCreateSecret } from '../http/secrets.server'

let key: Buffer | null = null
function sealingKey() {
	key ??= Buffer.from(
		crypto.hkdfSync(
			'sha256',
			getOrCreateSecret(config.COOKIE_SECRET, 'cookie-secret'),
			'skillproof',
			'outbox sealed text',
			32,
		),
	)
	return key
}

export function sealText(text: string): string {
	const iv = crypto.randomBytes(12)
	const cipher = crypto.createCipheriv('aes-256-gcm', sealingKey(), iv)
	const data = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()])
	return [iv, cipher.getAuthTag(), data].map((part) => part.toString('base64url')).join('.')
}

export function openSealedText(sealed: string): string {
	const [iv, tag, data] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'))
	if (!iv || !tag || !data) throw new Error('A sealed message is damaged.')
	const decipher = crypto.createDecipheriv('aes-256-gcm', sealingKey(), iv)
	decipher.setAuthTag(tag)
	try {
		return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8')
	} catch {
		throw new Error(
			'A sealed message cannot be opened: this instance’s COOKIE_SECRET is not the one it was sealed with.',
		)
	}
}
