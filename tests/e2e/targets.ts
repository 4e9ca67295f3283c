/** The two servers the end-to-end tests run against: the built site on SQLite and on PostgreSQL. */
import path from 'node:path'
import { postgresUrl } from '../setup/test-databases'

const root = path.resolve(import.meta.dirname, '../..')

export const chromiumLaunchOptions = {
	executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
	args: [
		'--headless',
		'--no-sandbox',
		'--disable-gpu',
		'--disable-quic',
		'--no-first-run',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
	],
}

export type E2eTarget = {
	provider: 'sqlite' | 'postgresql'
	origin: string
	databaseUrl: string
	env: Record<string, string>
}

function runId() {
	const id = process.env.E2E_RUN_ID
	if (!id) throw new Error('E2E_RUN_ID is set by playwright.config.ts')
	return id
}

export function e2eTargets(): E2eTarget[] {
	const id = runId()
	const dataDir = path.join(root, 'data/e2e', id)
	// E2E_PORT_BASE lets a second checkout run its end-to-end tests beside this one.
	const base = Number(process.env.E2E_PORT_BASE ?? 3100)
	const targets = [
		{ provider: 'sqlite' as const, port: base, databaseUrl: `file:${path.join(dataDir, 'sqlite.db')}` },
		{ provider: 'postgresql' as const, port: base + 1, databaseUrl: postgresUrl(`skillproof_e2e_${id}`) },
	]
	return targets.map(({ provider, port, databaseUrl }) => {
		const origin = `http://localhost:${port}`
		return {
			provider,
			origin,
			databaseUrl,
			env: {
				NODE_ENV: 'production',
				PORT: String(port),
				HOST: '127.0.0.1',
				PUBLIC_ORIGIN: origin,
				DATABASE_URL: databaseUrl,
				DATA_DIR: path.join(dataDir, provider),
				CONTENT_BUILD_DIR: path.join(dataDir, provider, 'content'),
				LOG_LEVEL: 'warn',
			},
		}
	})
}

export function e2eTargetFor(baseURL: string | undefined): E2eTarget {
	const target = e2eTargets().find((t) => t.origin === baseURL)
	if (!target) throw new Error(`No end-to-end target serves ${baseURL}`)
	return target
}
