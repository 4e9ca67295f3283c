import { db } from '../../app/db/db.server'
import { recipientCopyOf } from '../../app/email/outbox.server'
import type { Prisma } from '../../app/db/generated/sqlite/client'

/**
 * The newest outbox message matching `where`, and the recipient's copy of it (text and HTML, with
 * its private links) as its delivery job would deliver it.
 */
export async function recipientCopy(where: Prisma.OutboxEmailWhereInput) {
	const email = await db.outboxEmail.findFirstOrThrow({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] })
	const job = await db.job.findFirstOrThrow({ where: { kind: 'email.send', payload: { contains: email.id } } })
	const copy = await recipientCopyOf(email, job.payload)
	return { email, job, text: copy.text, html: copy.html }
}
