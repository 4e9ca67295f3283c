import { db } from './db.server'

const TIMEOUT_MS = 2000

/** Asks the database a trivial question, giving up after two seconds. */
export async function checkDatabase(): Promise<{ ok: boolean; latencyMs: number }> {
	const started = performance.now()
	let timer: NodeJS.Timeout | undefined
	try {
		await Promise.race([
			db.$queryRaw`SELECT 1`,
			new Promise((_, reject) => {
				timer = setTimeout(() => reject(new Error('database health check timed out')), TIMEOUT_MS)
			}),
		])
		return { ok: true, latencyMs: Math.round(performance.now() - started) }
	} catch {
		return { ok: false, latencyMs: Math.round(performance.now() - started) }
	} finally {
		clearTimeout(timer)
	}
}
