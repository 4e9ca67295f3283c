/** The learner's signed skills record (see credentials/skills-record.ts); an uploaded one is verified in verify-pool.server.ts. */
import { buildSkillsRecord, signSkillsRecord } from '../credentials/skills-record'
import { db } from '../db/db.server'
import { getIssuerProfile, getSigningKey } from './issuer.server'
import { serverDocumentLoader } from './status-lists.server'

/** Every credential the learner holds, as issued, in one signed presentation; null when they hold none. */
export async function createSkillsRecord(userId: string, now = new Date()) {
	const user = await db.user.findUniqueOrThrow({
		where: { id: userId },
		select: { name: true, credentials: { orderBy: { issuedAt: 'asc' }, select: { document: true } } },
	})
	if (user.credentials.length === 0) return null
	const record = buildSkillsRecord({
		id: `urn:uuid:${crypto.randomUUID()}`,
		learnerName: user.name,
		issuerName: getIssuerProfile().name,
		credentials: user.credentials.map((c) => JSON.parse(c.document) as Record<string, unknown>),
		createdAt: now,
	})
	return signSkillsRecord(record, await getSigningKey(), serverDocumentLoader, now)
}
