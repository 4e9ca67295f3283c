/**
 * Secrets the site must read back (a two-factor key, an identity provider's client secret), sealed
 * with AES-256-GCM under a key derived (HKDF-SHA256) from the cookie secret, which every instance
 * shares, with one derivation per purpose: a copy of the database alone opens none of them.
 */
import crypto from 'node:crypto'
import { config } from '../config.server'
import { getOrCreateSecret } from './secrets.server'

export type SealingPurpose = 'outbox sealed text' | 'totp key' | 'sso client secret'

const keys = new Map<SealingPurpose, Buffer>()
function keyFor(purpose: SealingPurpose) {
	let key = keys.get(purpose)
	if (!key) {
		const secret = getOrCreateSecret(config.COOKIE_SECRET, 'cookie-secret')
		key = Buffer.from(crypto.hkdfSync('sha256', secret, 'skillproof', purpose, 32))
		keys.set(purpose, key)
	}
	return key
}

export function seal(purpose: SealingPurpose, text: string): string {
	const iv = crypto.randomBytes(12)
	const cipher = crypto.createCipheriv('aes-256-gcm', keyFor(purpose), iv)
	const data = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()])
	return [iv, cipher.getAuthTag(), data].map((part) => part.toString('base64url')).join('.')
}

export function unseal(purpose: SealingPurpose, sealed: string): string {
	const [iv, tag, data] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'))
	if (!iv || !tag || !data) throw new Error(`A sealed ${purpose} is damaged.`)
	const decipher = crypto.createDecipheriv('aes-256-gcm', keyFor(purpose), iv)
	decipher.setAuthTag(tag)
	return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8')
}
