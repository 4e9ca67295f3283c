/**
 * A signing thread of bulk issuing (signing-pool.server.ts): the credential library's
 * signAchievementCredential over plain data. It imports the library and nothing else of the app,
 * so it has no database, configuration or log of its own: the key, the issuer's DID document and
 * the status-list prefix come in `workerData`, each credential's input in a message.
 */
import { parentPort, workerData } from 'node:worker_threads'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'
import { signAchievementCredential, type AchievementCredentialInput } from '../credentials/achievement-credential'
import { createDocumentLoader } from '../credentials/document-loader'

/** An issuer a thread signs for: its signing key (the secret included) and its DID document. */
export type ThreadIssuer = {
	key: { id: string; controller: string; publicKeyMultibase: string; secretKeyMultibase: string }
	didDocument: Record<string, unknown>
}
/**
 * What the thread is started with: the issuers it signs for (this site, organisations), each
 * credential signed by the one its input names as issuer; and this site's DID and status lists.
 */
export type SigningThreadData = {
	issuers: ThreadIssuer[]
	issuerDid: string
	statusListPrefix: string
}
export type SignRequest = { id: number; inputs: AchievementCredentialInput[] }
/** Each signed credential as the JSON stored in Credential.document, in the order of the inputs. */
export type SignResponse = { id: number; documents?: string[]; error?: string }

/** A signer over plain data: what the thread runs, and what bulk issuing runs in its own thread when asked for none. */
export async function createSigner(data: SigningThreadData) {
	const issuers = new Map(
		await Promise.all(
			data.issuers.map(
				async (issuer) =>
					[
						issuer.key.controller,
						{ ...issuer, signingKey: await Ed25519Multikey.from({ type: 'Multikey', ...issuer.key }) },
					] as const,
			),
		),
	)
	const documentLoader = createDocumentLoader({
		issuerDid: data.issuerDid,
		loadDidDocument: async (did) => {
			const issuer = issuers.get(did)
			if (!issuer) throw new Error(`A signing thread resolves only its issuers' DIDs (${did}).`)
			return issuer.didDocument
		},
		statusListPrefix: data.statusListPrefix,
		// Signing a credential never reads a status list (verifying does).
		loadStatusList: async (url) => {
			throw new Error(`A signing thread does not read status lists (${url}).`)
		},
	})
	return async (inputs: AchievementCredentialInput[]) => {
		const documents: string[] = []
		for (const input of inputs) {
			const issuer = issuers.get(input.issuer.id)
			if (!issuer) throw new Error(`This thread does not sign for ${input.issuer.id}.`)
			const signingKey = issuer.signingKey
			documents.push(JSON.stringify(await signAchievementCredential({ ...input, signingKey, documentLoader })))
		}
		return documents
	}
}

if (parentPort && (workerData as { skillproofSigningThread?: boolean } | null)?.skillproofSigningThread) {
	const port = parentPort
	const sign = await createSigner(workerData as SigningThreadData)
	// One request at a time, in order.
	let queue = Promise.resolve()
	port.on('message', (request: SignRequest) => {
		queue = queue.then(async () => {
			try {
				port.postMessage({ id: request.id, documents: await sign(request.inputs) } satisfies SignResponse)
			} catch (error) {
				const message = error instanceof Error ? `${error.message}\n${error.stack}` : String(error)
				port.postMessage({ id: request.id, error: message } satisfies SignResponse)
			}
		})
	})
}
