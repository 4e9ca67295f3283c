/**
 * Hostile uploads to /verify while the site is asked whether it is alive (review finding M4): three
 * clients each send a 1 MB skills record again and again, built to cost the most a document within
 * the bounds can cost (the demo credential many times over, under a proof by an unknown did:key, so
 * that the whole record is canonicalised before its signature fails), while /healthz is measured two
 * ways: our own sampler, one request every 50 ms, and wrk with one connection, as fast as it answers.
 * Both also run on the idle server first, in the same run. Used by scripts/bench.ts.
 */
import { execFile } from 'node:child_process'
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey'

export type HostileUploadFigures = {
	documentKb: number
	credentials: number
	seconds: number
	uploads: { count: number; statuses: Record<string, number>; p50: number; max: number }
	idle: HealthFigures
	underLoad: HealthFigures
}
type HealthFigures = {
	sampler: { count: number; p50: number; p99: number; max: number }
	wrk: { requests: number; p50: number; p99: number; max: number }
}

const TARGET_BYTES = 1024 * 1024

const percentile = (sorted: number[], p: number) =>
	sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
const round = (ms: number) => Math.round(ms * 10) / 10

/** The demo credential repeated (each copy its own id) to about 1 MB, in a presentation with a proof that cannot hold. */
async function hostileRecord(origin: string) {
	const response = await fetch(`${origin}/c/northwind-demo-valid/credential.json`)
	const credential = (await response.json()) as Record<string, unknown>
	const one = JSON.stringify(credential).length
	const count = Math.min(200, Math.floor(TARGET_BYTES / one))
	const key = await Ed25519Multikey.generate()
	const did = `did:key:${key.publicKeyMultibase}`
	const record = {
		'@context': ['https://www.w3.org/ns/credentials/v2'],
		type: ['VerifiablePresentation'],
		verifiableCredential: Array.from({ length: count }, () => ({
			...credential,
			id: `urn:uuid:${crypto.randomUUID()}`,
		})),
		proof: {
			type: 'DataIntegrityProof',
			cryptosuite: 'eddsa-rdfc-2022',
			proofPurpose: 'assertionMethod',
			created: new Date().toISOString(),
			verificationMethod: `${did}#${key.publicKeyMultibase}`,
			proofValue: `z${'1'.repeat(86)}`,
		},
	}
	return { text: JSON.stringify(record), count }
}

/** One request to /healthz every 50 ms until `until`, each one's time in ms. */
async function sample(origin: string, until: number): Promise<number[]> {
	const times: number[] = []
	while (Date.now() < until) {
		const started = performance.now()
		await (await fetch(`${origin}/healthz`)).arrayBuffer()
		times.push(performance.now() - started)
		await new Promise((resolve) => setTimeout(resolve, 50))
	}
	return times
}

/** Milliseconds from one of wrk's durations ("812.50us", "81.65ms", "1.02s", "1.50m"). */
export function wrkMs(text: string): number {
	const m = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim())
	if (!m) throw new Error(`wrk printed a duration this script cannot read: "${text}"`)
	return Number(m[1]) * { us: 0.001, ms: 1, s: 1000, m: 60_000 }[m[2] as 'us' | 'ms' | 's' | 'm']
}

/** wrk on /healthz with one connection: its own latency distribution (coordinated omission corrected). */
function wrkHealth(origin: string, seconds: number): Promise<HealthFigures['wrk']> {
	return new Promise((resolve, reject) =>
		execFile(
			'wrk',
			['-t1', '-c1', `-d${seconds}s`, '--latency', `${origin}/healthz`],
			{ encoding: 'utf8' },
			(error, output) => {
				if (error) return reject(error)
				const find = (pattern: RegExp) => pattern.exec(output)?.[1] ?? ''
				resolve({
					requests: Number(find(/(\d+) requests in/)),
					p50: round(wrkMs(find(/^\s+50%\s+(\S+)/m))),
					p99: round(wrkMs(find(/^\s+99%\s+(\S+)/m))),
					max: round(wrkMs(find(/^\s+Latency(?:\s+\S+){2}\s+(\S+)/m))),
				})
			},
		),
	)
}

async function health(origin: string, seconds: number): Promise<HealthFigures> {
	const [times, wrk] = await Promise.all([sample(origin, Date.now() + seconds * 1000), wrkHealth(origin, seconds)])
	const sorted = times.sort((a, b) => a - b)
	return {
		sampler: {
			count: sorted.length,
			p50: round(percentile(sorted, 50)),
			p99: round(percentile(sorted, 99)),
			max: round(sorted.at(-1) ?? 0),
		},
		wrk,
	}
}

export async function hostileUploads(origin: string, seconds: number): Promise<HostileUploadFigures> {
	const { text, count } = await hostileRecord(origin)
	const idle = await health(origin, Math.min(seconds, 10))
	const until = Date.now() + seconds * 1000
	const uploadTimes: number[] = []
	const statuses: Record<string, number> = {}
	const client = async () => {
		while (Date.now() < until) {
			const body = new FormData()
			body.set('credential', text)
			const started = performance.now()
			const response = await fetch(`${origin}/verify`, { method: 'POST', body, headers: { Origin: origin } })
			await response.arrayBuffer()
			uploadTimes.push(performance.now() - started)
			statuses[response.status] = (statuses[response.status] ?? 0) + 1
		}
	}
	const [underLoad] = await Promise.all([health(origin, seconds), client(), client(), client()])
	const sorted = uploadTimes.sort((a, b) => a - b)
	return {
		documentKb: Math.round(Buffer.byteLength(text) / 1024),
		credentials: count,
		seconds,
		uploads: {
			count: sorted.length,
			statuses,
			p50: Math.round(percentile(sorted, 50)),
			max: Math.round(sorted.at(-1) ?? 0),
		},
		idle,
		underLoad,
	}
}

/** The figures as a Markdown table and a sentence, for docs/benchmarks.md. */
export function hostileUploadLines(f: HostileUploadFigures, label: string): string[] {
	const row = (name: string, h: HealthFigures) =>
		`| ${name} | ${h.sampler.count} | ${h.sampler.p50} | **${h.sampler.p99}** | ${h.sampler.max} | ${h.wrk.requests} | ${h.wrk.p50} | **${h.wrk.p99}** | ${h.wrk.max} |`
	return [
		`Three clients upload a ${f.documentKb} KB skills record (${f.credentials} credentials under a proof by an unknown did:key)`,
		`to /verify again and again for ${f.seconds} s — ${label}: ${f.uploads.count} uploads, answered ${Object.entries(
			f.uploads.statuses,
		)
			.map(([status, n]) => `${n} × ${status}`)
			.join(', ')}, in ${f.uploads.p50} ms at the median (longest ${f.uploads.max} ms). Meanwhile /healthz:`,
		'',
		'| /healthz | sampled (1 per 50 ms) | p50 (ms) | p99 (ms) | max (ms) | wrk requests (1 connection) | p50 (ms) | p99 (ms) | max (ms) |',
		'| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
		row('idle server', f.idle),
		row('during the uploads', f.underLoad),
	]
}
