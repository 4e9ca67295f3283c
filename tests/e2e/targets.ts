/**
 * The browser of the end-to-end tests, and the two servers they run against: the built site on SQLite
 * and on PostgreSQL.
 */
import path from 'node:path'
import { chromium } from '@playwright/test'
import { postgresUrl } from '../setup/test-databases'
import { isExecutable } from '../setup/tools'

const root = path.resolve(import.meta.dirname, '../..')

export const NO_CHROMIUM =
	"No Chromium for the end-to-end tests: install Debian's (apt-get install chromium) or Playwright's " +
	'(npx playwright install chromium), or set CHROMIUM_PATH.'

export type ChromiumLookup = { path: string; source: string } | { problem: string }

/** CHROMIUM_PATH, then Debian's /usr/bin/chromium, then Playwright's own if it was installed. */
export function findChromium(): ChromiumLookup {
	const given = process.env.CHROMIUM_PATH
	if (given) {
		if (isExecutable(given)) return { path: given, source: 'CHROMIUM_PATH' }
		return { problem: `CHROMIUM_PATH=${given} is not an executable file.` }
	}
	if (isExecutable('/usr/bin/chromium')) return { path: '/usr/bin/chromium', source: "Debian's" }
	let own: string | undefined
	try {
		own = chromium.executablePath()
	} catch {
		// Playwright has no build of its own for this system.
	}
	if (own && isExecutable(own)) return { path: own, source: "Playwright's" }
	return { problem: NO_CHROMIUM }
}

const browser = findChromium()

export const chromiumLaunchOptions = {
	executablePath: 'path' in browser ? browser.path : undefined,
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
