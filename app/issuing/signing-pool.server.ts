/**
 * Signing credentials over several cores: a pool of worker threads running signing-thread.ts,
 * started with the issuer's key and DID document as plain data. Each thread loads the credential
 * library only, never the app (its database client, configuration or log).
 *
 * Where the thread's module is: beside this one. Run from the TypeScript sources (tests, scripts,
 * the development server), that is signing-thread.ts, loaded through tsx's loader, which a thread
 * must register itself (on Node 20 a thread's --import does not apply to its entry module). In the
 * production build, Vite builds signing-thread.ts as an entry of its own (vite.config.ts) into
 * build/server/signing-thread.js, plain JavaScript beside the server bundle: no loader needed.
 */
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { AchievementCredentialInput } from '../credentials/achievement-credential'
import { createSigner, type SignRequest, type SignResponse, type SigningThreadData } from './signing-thread'

export type SigningPool = {
	threads: number
	/**
	 * The signed documents (JSON), in the order of the inputs, in consecutive slices given out to the
	 * threads at once: each slice's promise settles as soon as that slice is signed.
	 */
	sign: (inputs: AchievementCredentialInput[]) => Array<Promise<string[]>>
	close: () => Promise<void>
}

/** One thread per core by default (at least one). */
export const defaultSigningThreads = () => Math.max(1, os.availableParallelism())

/** The module a thread runs, and whether it is the built JavaScript or the TypeScript source. */
function threadEntry(): { url: URL; source: boolean } {
	const here = import.meta.url
	const source = /\.tsx?$/.test(new URL(here).pathname)
	return { url: new URL(source ? './signing-thread.ts' : './signing-thread.js', here), source }
}

/** tsx's ESM registration API, from the exports of its package.json (only when running the sources). */
export function tsxEsmApi() {
	const file = createRequire(import.meta.url).resolve('tsx/package.json')
	const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as {
		exports: Record<string, { import?: { default?: string } } | string>
	}
	const entry = manifest.exports['./esm/api']
	const relative = typeof entry === 'string' ? entry : entry?.import?.default
	if (!relative) throw new Error('Cannot find the tsx loader API to run the signing thread from its sources.')
	return pathToFileURL(join(dirname(file), relative)).href
}

/** Signs in `count` worker threads, or in this thread when count is 0. */
export async function startSigningPool(count: number, data: SigningThreadData): Promise<SigningPool> {
	if (count === 0) {
		const sign = await createSigner(data)
		return { threads: 0, sign: (inputs) => [sign(inputs)], close: async () => {} }
	}
	const entry = threadEntry()
	const workerData = { ...data, skillproofSigningThread: true }
	type Waiting = { resolve: (documents: string[]) => void; reject: (error: Error) => void }
	type Thread = { worker: Worker; waiting: Map<number, Waiting>; failure: Error | null }
	let nextId = 0
	const threads: Thread[] = Array.from({ length: count }, () => {
		const options = {
			workerData,
			// A larger young generation than a thread's default, as the server runs with
			// (scripts/server-flags.ts): signing allocates a lot of short-lived objects.
			resourceLimits: { maxYoungGenerationSizeMb: 64 },
		}
		const worker = entry.source
			? new Worker(
					`import(${JSON.stringify(tsxEsmApi())}).then(({ register }) => { register(); return import(${JSON.stringify(entry.url.href)}) })`,
					{ ...options, eval: true },
				)
			: new Worker(entry.url, options)
		const thread: Thread = { worker, waiting: new Map(), failure: null }
		const fail = (error: Error) => {
			thread.failure ??= error
			for (const w of thread.waiting.values()) w.reject(error)
			thread.waiting.clear()
		}
		worker.on('message', (message: SignResponse) => {
			const waiting = thread.waiting.get(message.id)
			thread.waiting.delete(message.id)
			if (message.error !== undefined) waiting?.reject(new Error(`Signing thread: ${message.error}`))
			else waiting?.resolve(message.documents ?? [])
		})
		worker.on('error', fail)
		worker.once('exit', (code) => fail(new Error(`A signing thread ended (exit code ${code}) with work outstanding.`)))
		return thread
	})
	const sendTo = (thread: Thread, inputs: AchievementCredentialInput[]) => {
		if (thread.failure) return Promise.reject(thread.failure)
		const id = nextId++
		return new Promise<string[]>((resolve, reject) => {
			thread.waiting.set(id, { resolve, reject })
			thread.worker.postMessage({ id, inputs } satisfies SignRequest)
		})
	}
	return {
		threads: count,
		sign(inputs) {
			// Small slices, in turn to each thread, so that the threads finish together and the caller
			// can store the first slices while the last are signed.
			const slice = Math.max(1, Math.min(10, Math.ceil(inputs.length / (count * 4))))
			const parts: Array<Promise<string[]>> = []
			for (let start = 0, n = 0; start < inputs.length; start += slice, n++) {
				parts.push(sendTo(threads[n % count]!, inputs.slice(start, start + slice)))
			}
			// Every slice's failure is handled, whichever the caller awaits first.
			for (const part of parts) part.catch(() => {})
			return parts
		},
		async close() {
			await Promise.all(threads.map(({ worker }) => worker.terminate()))
		},
	}
}
