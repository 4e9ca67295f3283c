/**
 * Verifying what strangers upload, off the server's main thread (review finding M4): a pool of
 * worker threads (piscina) runs verify-thread.ts, each document within a time budget. Past the
 * budget the thread is stopped and replaced, and the upload is answered with a reason; past a short
 * queue, the upload is turned away at once. Pages keep answering meanwhile: the main thread only
 * reads the form, parses the JSON and loads from the database what the document points at.
 */
import os from 'node:os'
import { Piscina } from 'piscina'
import { isDatabaseUnavailable } from '../db/unavailable.server'
import { issuerDid, statusListPrefix } from './issuer.server'
import { siteDidDocument } from './org-issuers.server'
import { serverDocumentLoader } from './status-lists.server'
import { issuerTrust } from './trust-list.server'
import type { VerifyTask, VerifyTaskResult } from './verify-thread'

/** How long one document may take, waiting included: a real credential takes a few milliseconds. */
export const VERIFY_BUDGET_MS = { credential: 5_000, record: 20_000 } as const
/** Uploads waiting for a thread beyond those at work; more are turned away (503). */
const MAX_WAITING = 8
/** Distinct status lists, and DIDs, of this site one document may point at (ours point at two and one). */
const MAX_REFERENCES = 20

export class VerificationOverBudgetError extends Error {
	constructor(readonly budgetMs: number) {
		super(`Verification took longer than ${budgetMs / 1000} seconds.`)
	}
}
export class VerificationBusyError extends Error {}

/** Leaves one core to the main thread: at least one thread, at most two. */
const threads = () => Math.min(2, Math.max(1, os.availableParallelism() - 1))

function threadFile() {
	const here = new URL(import.meta.url)
	const source = /\.tsx?$/.test(here.pathname)
	return new URL(source ? './verify-thread-source.mjs' : './verify-thread.js', here)
}

let pool: Piscina<VerifyTask, VerifyTaskResult> | null = null
function getPool() {
	pool ??= new Piscina<VerifyTask, VerifyTaskResult>({
		filename: threadFile().href,
		minThreads: 1,
		maxThreads: threads(),
		maxQueue: MAX_WAITING,
		idleTimeout: 60_000,
		// A thread's heap is bounded too: a document built to exhaust memory ends its thread, not the server.
		resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 64 },
	})
	return pool
}

/** Stops the threads (at shutdown, and after tests). */
export async function closeVerifyPool() {
	const closing = pool
	pool = null
	await closing?.destroy()
}

type Json = Record<string, unknown>
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)

const idOf = (value: unknown) =>
	typeof value === 'string' ? value : isObject(value) && typeof value.id === 'string' ? value.id : null
const isSiteDid = (did: string | null): did is string =>
	did !== null && (did === issuerDid || did.startsWith(`${issuerDid}:`))

/**
 * What a credential, or a record and each credential in it, points at on this site: the status
 * lists, and the DIDs of this site it names as issuer or signer (at most MAX_REFERENCES of each).
 */
function siteReferences(kind: VerifyTask['kind'], document: unknown) {
	const credentials = kind === 'record' && isObject(document) ? [document.verifiableCredential].flat() : [document]
	const lists = new Set<string>()
	const dids = new Set<string>([issuerDid])
	const addDid = (did: string | null) => {
		if (isSiteDid(did) && dids.size < MAX_REFERENCES) dids.add(did)
	}
	for (const item of [document, ...credentials].filter(isObject)) {
		addDid(idOf(item.issuer))
		for (const proof of [item.proof].flat().filter(isObject))
			addDid(idOf(proof.verificationMethod)?.split('#')[0] ?? null)
		for (const entry of [item.credentialStatus].flat().filter(isObject)) {
			const url = entry.statusListCredential
			if (typeof url === 'string' && url.startsWith(statusListPrefix) && lists.size < MAX_REFERENCES) lists.add(url)
		}
	}
	return { lists: [...lists], dids: [...dids] }
}

/**
 * Verifies an uploaded credential or skills record in the pool. Throws VerificationOverBudgetError
 * past the budget, VerificationBusyError when too many wait already, and a database error as is
 * when a status list could not be read (the request then answers 503).
 */
export async function verifyUpload<K extends VerifyTask['kind']>(
	kind: K,
	document: unknown,
	{ now = new Date(), budgetMs = VERIFY_BUDGET_MS[kind] }: { now?: Date; budgetMs?: number } = {},
): Promise<Extract<VerifyTaskResult, { kind: K }>> {
	const references = siteReferences(kind, document)
	const statusLists: VerifyTask['statusLists'] = {}
	for (const url of references.lists) {
		try {
			const list = (await serverDocumentLoader(url)).document as Json
			statusLists[url] = list
			// A list names its issuer, whose document its signature is checked against.
			const listIssuer = idOf(list.issuer)
			if (isSiteDid(listIssuer)) references.dids.push(listIssuer)
		} catch (error) {
			if (isDatabaseUnavailable(error)) throw error
			statusLists[url] = null
		}
	}
	const didDocuments: VerifyTask['didDocuments'] = {}
	for (const did of new Set(references.dids)) {
		try {
			didDocuments[did] = await siteDidDocument(did)
		} catch (error) {
			if (isDatabaseUnavailable(error)) throw error
			didDocuments[did] = null
		}
	}
	const task: VerifyTask = {
		kind,
		document,
		trust: await issuerTrust(),
		issuerDid,
		didDocuments,
		statusListPrefix,
		statusLists,
		now: now.toISOString(),
	}
	const active = getPool()
	if (active.queueSize >= MAX_WAITING) throw new VerificationBusyError('Too many verifications are waiting.')
	try {
		return (await active.run(task, { signal: AbortSignal.timeout(budgetMs) })) as Extract<VerifyTaskResult, { kind: K }>
	} catch (error) {
		if ((error as Error).name === 'AbortError') throw new VerificationOverBudgetError(budgetMs)
		if (/queue is at limit/i.test((error as Error).message)) throw new VerificationBusyError((error as Error).message)
		throw error
	}
}
