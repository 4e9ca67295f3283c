/**
 * The recipient's copy of a message that holds a private link (an invitation, a password reset),
 * sealed for the delivery job alone (app/http/sealing.server.ts: AES-256-GCM under a key derived from
 * the cookie secret, which every instance shares). The outbox row keeps the message with the link
 * withheld, so no one reading the outbox or the database can use it (review finding M2).
 */
import { seal, unseal } from '../http/sealing.server'

export function sealText(text: string): string {
	return seal('outbox sealed text', text)
}

export function openSealedText(sealed: string): string {
	try {
		return unseal('outbox sealed text', sealed)
	} catch (error) {
		if (error instanceof Error && error.message.includes('damaged')) throw new Error('A sealed message is damaged.')
		throw new Error(
			'A sealed message cannot be opened: this instance’s COOKIE_SECRET is not the one it was sealed with.',
		)
	}
}
