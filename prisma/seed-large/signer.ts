/**
 * The large seed's signing: the credential library's signAchievementCredential, with what issuing
 * puts in it, run in worker threads (or in this thread); and the status-list entries reserved for
 * the credentials beforehand, shared with the threads as bitmaps.
 */
import crypto from 'node:crypto'
import { parentPort, Worker, workerData } from 'node:worker_threads'
import type { CompiledPath } from '../../app/content/compiled-content'
import { signAchievementCredential } from '../../app/credentials/achievement-credential'
import { addMonthsUtc } from '../../app/credentials/encoding'
import { randomStatusIndex, STATUS_LIST_LENGTH, type StatusPurpose } from '../../app/credentials/status-list'
import { db } from '../../app/db/db.server'
import type { Prisma } from '../../app/db/generated/sqlite/client'
import { achievementOf } from '../../app/issuing/achievements.server'
import { achievementId, getIssuerProfile, statusEntries } from '../../app/issuing/issuer.server'
import { existingOrgIssuer, issuerOf, type Issuer } from '../../app/issuing/org-issuers.server'
import { tsxEsmApi } from '../../app/issuing/signing-pool.server'
import { signingLoader } from '../../app/issuing/status-lists.server'
import { skillEvidenceRows } from '../../app/skills/evidence.server'
import { skillEvidence, type GradedEvidence } from '../../app/skills/skill-level'
import { newId } from './common'

const WORKER_FLAG = 'skillproof:seed-large-signer'

/**
 * The organisation's issuer, as issuing signs with it: made by reserveStatusLists before any thread
 * starts, then read once per thread, outside any transaction (the main thread is writing meanwhile).
 */
const issuers = new Map<string, Promise<Issuer>>()
function issuerOfOrg(orgId: string) {
	let issuer = issuers.get(orgId)
	if (!issuer) {
		issuer = existingOrgIssuer(orgId)
		issuers.set(orgId, issuer)
	}
	return issuer
}

export type SignJob = {
	userId: string
	/** As issuing reads them from the learner's row and first membership. */
	learner: { name: string; email: string; salt: string | null }
	orgId: string
	teamId: string
	pathSlug: string
	attemptId: string
	graded: GradedEvidence[]
	at: Date
	lists: Record<StatusPurpose, number>
}

export type SignedRows = {
	completion: Prisma.PathCompletionCreateManyInput
	credential: Prisma.CredentialCreateManyInput
	events: Prisma.CredentialEventCreateManyInput[]
	skills: Prisma.CredentialSkillCreateManyInput[]
}

type SignerEnv = { paths: Map<string, CompiledPath>; bitmaps: Map<number, Int32Array> }

/**
 * A free index on a list reserved beforehand, drawn as issuing draws it (uniformly at random, again
 * while taken), each index claimed at most once across threads through the list's shared bitmap.
 */
function claimStatusIndex(env: SignerEnv, listId: number) {
	const bits = env.bitmaps.get(listId)
	if (!bits) throw new Error(`seed-large: status list ${listId} not reserved`)
	for (;;) {
		const index = randomStatusIndex()
		const bit = 1 << (index & 31)
		if ((Atomics.or(bits, index >>> 5, bit) & bit) === 0) return index
	}
}

/**
 * The rows a passed attempt leads to, as `recordCompletion` and `issueCredential` write them: the
 * PathCompletion, the credential signed with the issuer's key (the same issuer profile, achievement,
 * status-list addresses and document loader), its `issued` event and its skills evidence rows.
 */
async function signJob(env: SignerEnv, job: SignJob): Promise<SignedRows> {
	const path = env.paths.get(job.pathSlug)
	if (!path) throw new Error(`seed-large: unknown path ${job.pathSlug}`)
	const { salt } = job.learner
	if (!salt) throw new Error(`seed-large: learner ${job.userId} has a credential but no identity salt`)
	const questionCount = job.graded.length
	const score = questionCount ? job.graded.filter((g) => g.correct).length / questionCount : 0
	const completion = {
		id: newId(),
		userId: job.userId,
		pathSlug: path.slug,
		attemptId: job.attemptId,
		contentHash: path.contentHash,
		score,
		completedAt: job.at,
	}
	const revocation = { listId: job.lists.revocation, index: claimStatusIndex(env, job.lists.revocation) }
	const suspension = { listId: job.lists.suspension, index: claimStatusIndex(env, job.lists.suspension) }
	const id = crypto.randomUUID()
	const validUntil = addMonthsUtc(job.at, path.credential.validForMonths)
	const issuer = await issuerOfOrg(job.orgId)
	const signed = await signAchievementCredential({
		issuer: issuer.profile,
		creator: getIssuerProfile(),
		credentialId: id,
		achievement: achievementOf(path),
		learner: { ...job.learner, salt },
		result: { score, assessedAt: job.at, questionCount },
		validFrom: job.at,
		validUntil,
		status: statusEntries(revocation, suspension),
		signingKey: issuer.signingKey,
		documentLoader: signingLoader(issuer),
	})
	return {
		completion,
		credential: {
			id,
			userId: job.userId,
			completionId: completion.id,
			orgId: job.orgId,
			pathSlug: path.slug,
			achievementId: achievementId(path),
			publicId: crypto.randomBytes(18).toString('base64url'),
			document: JSON.stringify(signed),
			issuedAt: job.at,
			validUntil,
			revocationListId: revocation.listId,
			revocationIndex: revocation.index,
			suspensionListId: suspension.listId,
			suspensionIndex: suspension.index,
		},
		events: [{ id: newId(), credentialId: id, kind: 'issued', createdAt: job.at, seenAt: null }],
		skills: skillEvidenceRows({
			credentialId: id,
			pathSlug: path.slug,
			userId: job.userId,
			orgId: job.orgId,
			teamId: job.teamId,
			member: true,
			skills: path.skills,
			evidence: skillEvidence(path.slug, path.skills, job.graded),
			validUntil,
			active: true,
		}),
	}
}

async function signJobs(env: SignerEnv, jobs: SignJob[]): Promise<SignedRows[]> {
	const results: SignedRows[] = []
	for (const job of jobs) results.push(await signJob(env, job))
	return results
}

type SignerData = { [WORKER_FLAG]: true; paths: CompiledPath[]; bitmaps: Array<[number, SharedArrayBuffer]> }
type SignRequest = { id: number; jobs: SignJob[] } | { id: number; close: true }
type SignResponse = { id: number; rows?: SignedRows[]; error?: string }

/** Signs in `count` worker threads running this module, or in this thread when count is 0. */
export async function startSigners(count: number, paths: CompiledPath[], bitmaps: Map<number, SharedArrayBuffer>) {
	const views = new Map([...bitmaps].map(([id, buffer]) => [id, new Int32Array(buffer)]))
	if (count === 0) {
		const env = { paths: new Map(paths.map((p) => [p.slug, p])), bitmaps: views }
		return { threads: 0, sign: (jobs: SignJob[]) => signJobs(env, jobs), close: async () => {} }
	}
	// The thread runs this TypeScript file: it registers tsx's loader first (a worker's --import
	// does not apply to its entry module on Node 20), whatever started this process.
	const bootstrap = `import(${JSON.stringify(tsxEsmApi())}).then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}) })`
	const data: SignerData = { [WORKER_FLAG]: true, paths, bitmaps: [...bitmaps] }
	type Waiting = { resolve: (rows: SignedRows[]) => void; reject: (error: Error) => void }
	type Thread = { worker: Worker; waiting: Map<number, Waiting>; ended: Promise<void>; failure: Error | null }
	let nextId = 0
	const threads: Thread[] = Array.from({ length: count }, () => {
		// A larger young generation than a thread's default: signing allocates a lot, and scavenging
		// in each thread otherwise halves its speed.
		const worker = new Worker(bootstrap, {
			eval: true,
			workerData: data,
			resourceLimits: { maxYoungGenerationSizeMb: 32 },
		})
		const thread: Thread = { worker, waiting: new Map(), ended: Promise.resolve(), failure: null }
		const fail = (error: Error) => {
			thread.failure ??= error
			for (const w of thread.waiting.values()) w.reject(error)
			thread.waiting.clear()
		}
		worker.on('message', (message: SignResponse) => {
			const waiting = thread.waiting.get(message.id)
			thread.waiting.delete(message.id)
			if (message.error) waiting?.reject(new Error(`Signing thread: ${message.error}`))
			else waiting?.resolve(message.rows ?? [])
		})
		worker.on('error', fail)
		thread.ended = new Promise((resolve) =>
			worker.once('exit', (code) => {
				fail(new Error(`A signing thread ended (exit code ${code}) with work outstanding.`))
				resolve()
			}),
		)
		return thread
	})
	return {
		threads: count,
		sign(jobs: SignJob[]) {
			const thread = threads.reduce((a, b) => (b.waiting.size < a.waiting.size ? b : a))
			if (thread.failure) return Promise.reject(thread.failure)
			const id = nextId++
			return new Promise<SignedRows[]>((resolve, reject) => {
				thread.waiting.set(id, { resolve, reject })
				thread.worker.postMessage({ id, jobs } satisfies SignRequest)
			})
		},
		async close() {
			// Each thread closes its database connection and ends; one that does not is stopped.
			await Promise.all(
				threads.map(async ({ worker, ended }) => {
					worker.postMessage({ id: -1, close: true } satisfies SignRequest)
					const timer = setTimeout(() => void worker.terminate(), 10_000)
					await ended
					clearTimeout(timer)
				}),
			)
		},
	}
}

async function runSignerThread(data: SignerData) {
	const port = parentPort!
	const env: SignerEnv = {
		paths: new Map(data.paths.map((p) => [p.slug, p])),
		bitmaps: new Map(data.bitmaps.map(([id, buffer]) => [id, new Int32Array(buffer)])),
	}
	// One request at a time, in order.
	let queue = Promise.resolve()
	port.on('message', (request: SignRequest) => {
		queue = queue.then(async () => {
			if ('close' in request) {
				await db.$disconnect()
				port.close()
				return
			}
			try {
				port.postMessage({ id: request.id, rows: await signJobs(env, request.jobs) } satisfies SignResponse)
			} catch (error) {
				const message = error instanceof Error ? `${error.message}\n${error.stack}` : String(error)
				port.postMessage({ id: request.id, error: message } satisfies SignResponse)
			}
		})
	})
}

const signerData = workerData as Partial<SignerData> | null
if (parentPort && signerData?.[WORKER_FLAG]) await runSignerThread(signerData as SignerData)

/**
 * Status-list entries for `count` new credentials of the organisation per purpose, the way
 * `issueCredential` takes them (the organisation's lowest open list, closed at half full, a new one
 * when none is open), with a bitmap of the indices already taken on each list. The organisation's
 * issuer is made here, before any thread signs for it.
 */
export async function reserveStatusLists(count: number, orgId: string) {
	await db.$transaction((tx) => issuerOf(tx, orgId))
	const bitmaps = new Map<number, SharedArrayBuffer>()
	const ranges: Record<StatusPurpose, Array<{ id: number; take: number }>> = { revocation: [], suspension: [] }
	for (const purpose of ['revocation', 'suspension'] as const) {
		let remaining = count
		const open = await db.statusList.findMany({
			where: { purpose, orgId, allocated: { lt: STATUS_LIST_LENGTH / 2 } },
			orderBy: { id: 'asc' },
			select: { id: true, allocated: true, length: true },
		})
		for (const list of open) {
			if (remaining === 0) break
			const take = Math.min(remaining, Math.max(0, list.length / 2 - list.allocated))
			if (take > 0) ranges[purpose].push({ id: list.id, take })
			remaining -= take
		}
		while (remaining > 0) {
			const list = await db.statusList.create({
				data: { purpose, orgId, length: STATUS_LIST_LENGTH },
				select: { id: true },
			})
			const take = Math.min(remaining, STATUS_LIST_LENGTH / 2)
			ranges[purpose].push({ id: list.id, take })
			remaining -= take
		}
		for (const { id } of ranges[purpose]) {
			const list = await db.statusList.findUniqueOrThrow({ where: { id }, select: { length: true } })
			const buffer = new SharedArrayBuffer(Math.ceil(list.length / 32) * 4)
			const bits = new Int32Array(buffer)
			const taken =
				purpose === 'revocation'
					? (await db.credential.findMany({ where: { revocationListId: id }, select: { revocationIndex: true } })).map(
							(c) => c.revocationIndex,
						)
					: (await db.credential.findMany({ where: { suspensionListId: id }, select: { suspensionIndex: true } })).map(
							(c) => c.suspensionIndex,
						)
			for (const index of taken) bits[index >>> 5]! |= 1 << (index & 31)
			bitmaps.set(id, buffer)
		}
	}
	const listFor = (purpose: StatusPurpose, n: number) => {
		let k = n
		for (const range of ranges[purpose]) {
			if (k < range.take) return range.id
			k -= range.take
		}
		throw new Error('seed-large: more credentials than reserved status entries')
	}
	return { bitmaps, listFor }
}
