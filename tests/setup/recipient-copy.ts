import { db } from '../../app/db/db.server'
import { openSealedText } from '../../app/email/sealed-text.server'
import type { Prisma } from '../../app/db/generated/sqlite/client'

/**
 * The newest outbox message matching `where`, and the recipient's copy of its text (with its private
 * links) as its delivery job holds it before delivery.
 */
export async function recipientCopy(where: Prisma.OutboxEmailWhereInput) {
	const email = await db.outboxEmail.findFirstOrThrow({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }] })
	const job = await db.job.findFirstOrThrow({ where: { kind: 'email.send', payload: { contains: email.id } } })
	const { sealed } = JSON.parse(job.payload) as { sealed?: string }
	return { email, job, text: sealed ? openSealedText(sealed) : email.text }
}
