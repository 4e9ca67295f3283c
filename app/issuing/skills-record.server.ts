/** The learner's signed skills record (see credentials/skills-record.ts), and its verification on the server. */
import {
	buildSkillsRecord,
	signSkillsRecord,
	verifySkillsRecord,
	type RecordReport,
} from '../credentials/skills-record'
import { db } from '../db/db.server'
import { formatMoment } from '../format/dates'
import { getIssuerProfile, getSigningKey } from './issuer.server'
import { serverDocumentLoader } from './status-lists.server'
import { issuerTrust } from './trust-list.server'

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

export async function verifySkillsRecordOnServer(record: unknown, now = new Date()): Promise<RecordReport> {
	return verifySkillsRecord(record, {
		documentLoader: serverDocumentLoader,
		trust: await issuerTrust(),
		now,
		formatMoment,
	})
}
