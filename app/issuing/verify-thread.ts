/**
 * A verification thread (verify-pool.server.ts): verifies one uploaded credential or skills record
 * with the credential library over plain data. Like the signing thread, it imports the library and
 * nothing else of the app: this site's DID documents and the status lists the document points at
 * come with the task, read by the main thread, and anything else is refused by the loader.
 */
import { threadId } from 'node:worker_threads'
import { createDocumentLoader } from '../credentials/document-loader'
import type { IssuerTrust } from '../credentials/issuer-trust'
import { verifySkillsRecord, type RecordReport } from '../credentials/skills-record'
import { verifyCredential, type VerificationReport } from '../credentials/verify'
import { formatMoment } from '../format/dates'

export type VerifyTask = {
	kind: 'credential' | 'record'
	document: unknown
	trust: IssuerTrust
	/** This site's issuer DID, and the documents of its DIDs the document names (null: no such DID). */
	issuerDid: string
	didDocuments: Record<string, Record<string, unknown> | null>
	statusListPrefix: string
	/** The status lists of this site the document points at, by URL (null: no such list). */
	statusLists: Record<string, Record<string, unknown> | null>
	/** ISO moment to check dates and status against. */
	now: string
}
/** With the id of the thread that did the work (never 0, the main thread's). */
export type VerifyTaskResult = { threadId: number } & (
	{ kind: 'credential'; report: VerificationReport } | { kind: 'record'; report: RecordReport }
)

/** Signatures this thread has verified (see VerifyOptions.signatureCache); the oldest go first past 2,000. */
const verified = new Set<string>()
const signatureCache = {
	has: (key: string) => verified.has(key),
	add(key: string) {
		verified.add(key)
		if (verified.size > 2000) verified.delete(verified.values().next().value!)
	},
}

export default async function verifyTask(task: VerifyTask): Promise<VerifyTaskResult> {
	const documentLoader = createDocumentLoader({
		issuerDid: task.issuerDid,
		loadDidDocument: async (did) => {
			const document = task.didDocuments[did]
			if (!document) throw new Error(`${did} is not a DID of this site.`)
			return document
		},
		statusListPrefix: task.statusListPrefix,
		loadStatusList: async (url) => {
			const list = task.statusLists[url]
			if (!list) throw new Error(`There is no status list at ${url}.`)
			return list
		},
	})
	const options = { documentLoader, trust: task.trust, now: new Date(task.now), formatMoment, signatureCache }
	return task.kind === 'record'
		? { threadId, kind: 'record', report: await verifySkillsRecord(task.document, options) }
		: { threadId, kind: 'credential', report: await verifyCredential(task.document, options) }
}
