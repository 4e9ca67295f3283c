/**
 * Issuing many credentials at once (a cohort's backlog, a recertification wave, the large seed):
 * the same documents and rows as `issueCredential`, signed in a pool of worker threads
 * (signing-pool.server.ts) and written in batches. Each batch is one transaction: it skips the
 * completions that already have a credential, gives learners without one their identity salt,
 * takes the status-list entries for all of the batch (reserveStatusIndices), has them signed, and
 * writes the credentials, their `issued` events and their skills evidence with createMany. A batch
 * that fails leaves nothing of itself behind; the batches before it stay issued, and running the
 * same inputs again issues only what is missing.
 *
 * Unlike `issueCredential`, it emails nobody (docs/decisions/033): it backfills, for assessments
 * passed long before, by the thousand, where a message per credential would be late news in bulk.
 * Learners find the credentials on their credentials page; a caller that wants them told queues
 * the credential-issued email itself (credential-emails.server.ts).
 *
 * The entries are taken in the transaction that writes the credentials holding them, as
 * `issueCredential` takes its own: an index is seen as taken only once a credential row holds it,
 * so an entry reserved in one transaction and written in another could be drawn again by an issue
 * in between. The transaction is therefore open while its batch is signed, which holds the status
 * lists' lock (and on SQLite the write lock) for that long: a batch of 200 takes about a second on
 * two cores, during which a single issue waits.
 */
import type { AchievementCredentialInput } from '../credentials/achievement-credential'
import { addMonthsUtc } from '../credentials/encoding'
import { db } from '../db/db.server'
import type { Prisma } from '../db/generated/sqlite/client'
import { skillEvidenceRows } from '../skills/evidence.server'
import { achievementOf } from './achievements.server'
import { learnerSelect, type IssueInput } from './issue.server'
import { achievementId, getIssuerProfile, issuerDid, statusListPrefix, statusEntries } from './issuer.server'
import { issuerOf, siteIssuer, type Issuer } from './org-issuers.server'
import { defaultSigningThreads, startSigningPool, type SigningPool } from './signing-pool.server'
import type { ThreadIssuer } from './signing-thread'
import { reserveStatusIndices } from './status-lists.server'

type Tx = Prisma.TransactionClient

export type BulkIssueOptions = {
	/** Signing threads: one per core by default; 0 signs in this thread. */
	workers?: number
	/** Credentials per transaction (default 200). */
	batchSize?: number
	/** Called after each batch is committed, with the running totals. */
	onBatch?: (progress: { issued: number; skipped: number }) => void
	/**
	 * Called inside each batch's transaction after its rows are written, before it commits. For tests
	 * of a batch that fails as it is written.
	 */
	beforeCommit?: (tx: Tx, batch: { index: number; credentialIds: string[] }) => Promise<void>
}

export type BulkIssueResult = {
	/** The credentials issued by this call, by completion. */
	issued: Array<{ completionId: string; credentialId: string }>
	/** Completions that already had a credential (or came twice in the inputs). */
	skipped: number
	threads: number
}

function randomToken(bytes: number) {
	const buffer = crypto.getRandomValues(new Uint8Array(bytes))
	return Buffer.from(buffer).toString('base64url')
}

/** What a signing thread needs of an issuer: its key (its secret included) and its DID document. */
async function threadIssuer(issuer: Issuer): Promise<ThreadIssuer> {
	const key = issuer.signingKey
	const exported = await key.export({ publicKey: true, secretKey: true })
	if (!exported.secretKeyMultibase) throw new Error('The issuer signing key has no secret key to sign with.')
	return {
		key: {
			id: key.id!,
			controller: key.controller!,
			publicKeyMultibase: key.publicKeyMultibase,
			secretKeyMultibase: exported.secretKeyMultibase,
		},
		didDocument: issuer.didDocument,
	}
}

/** Each learner's issuer, as issueCredential decides it: the organisation of their earliest active membership. */
async function organisationsOf(userIds: string[]) {
	const users = await db.user.findMany({
		where: { id: { in: userIds } },
		select: { id: true, memberships: learnerSelect.memberships },
	})
	return new Map(users.map((u) => [u.id, u.memberships[0]?.orgId ?? null]))
}

/** Issues the credentials for these completions, in batches; see the module's comment. */
export async function issueCredentials(inputs: IssueInput[], options: BulkIssueOptions = {}): Promise<BulkIssueResult> {
	const batchSize = Math.max(1, options.batchSize ?? 200)
	const unique = new Map(inputs.map((input) => [input.completionId, input]))
	const result: BulkIssueResult = { issued: [], skipped: inputs.length - unique.size, threads: 0 }
	const all = [...unique.values()]
	if (all.length === 0) return result
	// Each learner's organisation issues their credential with its own key (the site, for a learner
	// with none): every issuer involved is made ready first, and the threads sign for all of them.
	const organisations = await organisationsOf([...new Set(all.map((input) => input.userId))])
	const issuers = new Map<string | null, Issuer>()
	for (const orgId of new Set(organisations.values()))
		issuers.set(orgId, await db.$transaction((tx) => issuerOf(tx, orgId)))
	// A learner not found is refused in the batch, by name; the site stands in until then.
	if (!issuers.has(null) && all.some((input) => !organisations.has(input.userId))) issuers.set(null, await siteIssuer())
	const workers = Math.max(0, Math.min(options.workers ?? defaultSigningThreads(), Math.ceil(all.length / 10)))
	const pool = await startSigningPool(workers, {
		issuers: await Promise.all([...issuers.values()].map(threadIssuer)),
		issuerDid,
		statusListPrefix,
	})
	result.threads = pool.threads
	const issuerOfLearner = (userId: string) => issuers.get(organisations.get(userId) ?? null) ?? issuers.get(null)!
	try {
		for (let start = 0, index = 0; start < all.length; start += batchSize, index++) {
			const batch = all.slice(start, start + batchSize)
			const context = { pool, issuerOfLearner, index }
			const written = await db.$transaction((tx) => issueBatch(tx, batch, context, options), {
				maxWait: 60_000,
				timeout: 10 * 60_000,
			})
			result.issued.push(...written.issued)
			result.skipped += written.skipped
			options.onBatch?.({ issued: result.issued.length, skipped: result.skipped })
		}
	} finally {
		await pool.close()
	}
	return result
}

async function issueBatch(
	tx: Tx,
	batch: IssueInput[],
	{ pool, issuerOfLearner, index }: { pool: SigningPool; issuerOfLearner: (userId: string) => Issuer; index: number },
	options: BulkIssueOptions,
) {
	const existing = new Set(
		(
			await tx.credential.findMany({
				where: { completionId: { in: batch.map((b) => b.completionId) } },
				select: { completionId: true },
			})
		).map((c) => c.completionId),
	)
	const todo = batch.filter((b) => !existing.has(b.completionId))
	if (todo.length === 0) return { issued: [], skipped: batch.length }
	const users = new Map(
		(
			await tx.user.findMany({
				where: { id: { in: [...new Set(todo.map((b) => b.userId))] } },
				select: learnerSelect,
			})
		).map((u) => [u.id, u]),
	)
	for (const user of users.values()) {
		if (user.identitySalt) continue
		user.identitySalt = randomToken(16)
		await tx.user.update({ where: { id: user.id }, data: { identitySalt: user.identitySalt }, select: { id: true } })
	}
	// Each issuer's entries on its own lists, handed out in the order of the batch.
	const entries = new Map<Issuer, { revocation: Entry[]; suspension: Entry[] }>()
	for (const input of todo) {
		const issuer = issuerOfLearner(input.userId)
		if (entries.has(issuer)) continue
		const count = todo.filter((other) => issuerOfLearner(other.userId) === issuer).length
		entries.set(issuer, {
			revocation: await reserveStatusIndices(tx, 'revocation', count, issuer.orgId),
			suspension: await reserveStatusIndices(tx, 'suspension', count, issuer.orgId),
		})
	}
	const creator = getIssuerProfile()
	const planned = todo.map((input): Planned => {
		const user = users.get(input.userId)
		if (!user) throw new Error(`There is no user ${input.userId} to issue completion ${input.completionId} to.`)
		const issuer = issuerOfLearner(input.userId)
		const own = entries.get(issuer)!
		return {
			input,
			user,
			issuer,
			id: crypto.randomUUID(),
			validUntil: addMonthsUtc(input.at, input.path.credential.validForMonths),
			revocation: own.revocation.shift()!,
			suspension: own.suspension.shift()!,
		}
	})
	const slices = pool.sign(
		planned.map((p): AchievementCredentialInput => ({
			issuer: p.issuer.profile,
			creator,
			credentialId: p.id,
			achievement: achievementOf(p.input.path),
			learner: { name: p.user.name, email: p.user.email, salt: p.user.identitySalt! },
			result: { score: p.input.score, assessedAt: p.input.at, questionCount: p.input.questionCount },
			validFrom: p.input.at,
			validUntil: p.validUntil,
			status: statusEntries(p.revocation, p.suspension),
		})),
	)
	// Each slice is written as soon as it is signed, while the threads sign the next ones.
	let offset = 0
	for (const slice of slices) {
		const documents = await slice
		await writeRows(tx, planned.slice(offset, offset + documents.length), documents)
		offset += documents.length
	}
	if (offset !== planned.length) throw new Error(`Signed ${offset} of ${planned.length} credentials.`)
	const issued = planned.map((p) => ({ completionId: p.input.completionId, credentialId: p.id }))
	await options.beforeCommit?.(tx, { index, credentialIds: issued.map((i) => i.credentialId) })
	return { issued, skipped: batch.length - todo.length }
}

type Planned = {
	input: IssueInput
	user: {
		name: string
		email: string
		identitySalt: string | null
		memberships: Array<{ orgId: string; teamId: string | null }>
	}
	issuer: Issuer
	id: string
	validUntil: Date
	revocation: Entry
	suspension: Entry
}

type Entry = { listId: number; index: number }

/** The credentials, their `issued` events and their skills evidence, as issueCredential writes them. */
async function writeRows(tx: Tx, planned: Planned[], documents: string[]) {
	const rows = planned.map((p, n) => {
		// The issuing organisation's; a team only of that organisation (should the membership have changed since).
		const orgId = p.issuer.orgId
		const membership = p.user.memberships[0]
		const teamId = membership && membership.orgId === orgId ? membership.teamId : null
		return {
			credential: {
				id: p.id,
				userId: p.input.userId,
				completionId: p.input.completionId,
				orgId,
				pathSlug: p.input.path.slug,
				achievementId: achievementId(p.input.path),
				publicId: randomToken(18),
				document: documents[n]!,
				issuedAt: p.input.at,
				validUntil: p.validUntil,
				revocationListId: p.revocation.listId,
				revocationIndex: p.revocation.index,
				suspensionListId: p.suspension.listId,
				suspensionIndex: p.suspension.index,
			} satisfies Prisma.CredentialCreateManyInput,
			event: { credentialId: p.id, kind: 'issued', createdAt: p.input.at, seenAt: null },
			skills: skillEvidenceRows({
				credentialId: p.id,
				pathSlug: p.input.path.slug,
				userId: p.input.userId,
				orgId,
				teamId,
				member: orgId !== null,
				skills: p.input.path.skills,
				evidence: p.input.skillEvidence,
				validUntil: p.validUntil,
				active: true,
			}),
		}
	})
	await tx.credential.createMany({ data: rows.map((r) => r.credential) })
	await tx.credentialEvent.createMany({ data: rows.map((r) => r.event) })
	await tx.credentialSkill.createMany({ data: rows.flatMap((r) => r.skills) })
}
