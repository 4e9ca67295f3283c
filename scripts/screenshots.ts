/**
 * `npm run screenshots`: renders the key pages of the built site, with its demo data, in Chromium at
 * desktop (1280 × 800) and phone (390 × 844) sizes, into docs/screenshots/. The site runs from a
 * fresh embedded database in a temporary directory, so what is shown is exactly what `npm start`
 * gives: signed in as demo learners (one who finished a path, one new), as the demo owner, or not at
 * all (the employer).
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Browser, type Page } from '@playwright/test'
import { chromiumLaunchOptions } from '../tests/e2e/targets'

const root = path.resolve(import.meta.dirname, '..')
const out = path.join(root, 'docs/screenshots')
const PORT = Number(process.env.SCREENSHOTS_PORT ?? 3190)
const origin = `http://localhost:${PORT}`
const PASSWORD = 'northwind-learns-2026'

const SIZES = {
	desktop: { width: 1280, height: 800 },
	phone: { width: 390, height: 844 },
} as const

type Shot = { name: string; path: string; who: 'learner' | 'newcomer' | 'owner' | 'visitor'; fullPage?: boolean }

const SHOTS: Shot[] = [
	{ name: 'learner-dashboard', path: '/dashboard', who: 'learner', fullPage: true },
	{ name: 'learner-catalogue', path: '/paths', who: 'newcomer' },
	// Opening a lesson records a visit: the newcomer does it, so the other learner's dashboard stays as seeded.
	{ name: 'learner-lesson', path: '/paths/data-literacy/base-rates-and-false-positives', who: 'newcomer' },
	{ name: 'learner-skills-profile', path: '/profile', who: 'learner' },
	{ name: 'employer-verification', path: '/c/northwind-demo-valid', who: 'visitor', fullPage: true },
	{ name: 'employer-revoked', path: '/c/northwind-demo-revoked', who: 'visitor' },
	{ name: 'admin-home', path: '/admin', who: 'owner', fullPage: true },
	{ name: 'admin-skills-gap', path: '/admin/skills-gap', who: 'owner' },
	{
		name: 'admin-talent-search',
		path: '/admin/talent?skill=platform%3Aresponsible-ai-use',
		who: 'owner',
	},
	{ name: 'admin-reports', path: '/admin/reports', who: 'owner' },
]

async function waitForHealth() {
	for (let i = 0; i < 240; i++) {
		try {
			if ((await fetch(`${origin}/healthz`)).ok) return
		} catch {
			// Not listening yet.
		}
		await new Promise((r) => setTimeout(r, 500))
	}
	throw new Error(`The site did not answer on ${origin}/healthz within two minutes.`)
}

async function signIn(page: Page, email: string) {
	await page.goto(`${origin}/sign-in`)
	await page.getByLabel('Email').fill(email)
	await page.getByLabel('Password').fill(PASSWORD)
	await page.getByRole('button', { name: 'Sign in' }).click()
	await page.waitForURL(/\/(dashboard|admin)$/)
}

async function shoot(browser: Browser, size: keyof typeof SIZES) {
	const contexts = {
		learner: await browser.newContext({ viewport: SIZES[size], reducedMotion: 'reduce' }),
		newcomer: await browser.newContext({ viewport: SIZES[size], reducedMotion: 'reduce' }),
		owner: await browser.newContext({ viewport: SIZES[size], reducedMotion: 'reduce' }),
		visitor: await browser.newContext({ viewport: SIZES[size], reducedMotion: 'reduce' }),
	}
	const pages = {
		learner: await contexts.learner.newPage(),
		newcomer: await contexts.newcomer.newPage(),
		owner: await contexts.owner.newPage(),
		visitor: await contexts.visitor.newPage(),
	}
	// A learner with a finished path, its credential, and a second path begun.
	await signIn(pages.learner, 'priya.natarajan@northwind.example')
	await signIn(pages.newcomer, 'learner@northwind.example')
	await signIn(pages.owner, 'owner@northwind.example')
	for (const shot of SHOTS) {
		const page = pages[shot.who]
		const response = await page.goto(`${origin}${shot.path}`)
		if (!response?.ok()) throw new Error(`${shot.path} answered ${response?.status()}`)
		// Charts and the in-browser verification finish after the page loads.
		await page.waitForLoadState('networkidle')
		if (shot.who === 'visitor' && shot.path.startsWith('/c/'))
			await page.locator('[data-browser-verification="done"]').waitFor({ state: 'attached', timeout: 20_000 })
		const file = path.join(out, `${shot.name}-${size}.png`)
		await page.screenshot({ path: file, fullPage: Boolean(shot.fullPage) && size === 'desktop' })
		console.log(`${path.relative(root, file)}`)
	}
	for (const context of Object.values(contexts)) await context.close()
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillproof-screenshots-'))
const server = spawn(process.execPath, [path.join(root, 'server.js')], {
	cwd: root,
	stdio: ['ignore', 'ignore', 'inherit'],
	env: {
		...process.env,
		NODE_ENV: 'production',
		PORT: String(PORT),
		HOST: '127.0.0.1',
		PUBLIC_ORIGIN: origin,
		DATA_DIR: dataDir,
		DATABASE_URL: `file:${path.join(dataDir, 'skillproof.db')}`,
		SEED_DEMO_DATA: 'true',
		LOG_LEVEL: 'warn',
	},
})
try {
	await waitForHealth()
	fs.mkdirSync(out, { recursive: true })
	const browser = await chromium.launch(chromiumLaunchOptions)
	try {
		for (const size of Object.keys(SIZES) as Array<keyof typeof SIZES>) await shoot(browser, size)
	} finally {
		await browser.close()
	}
} finally {
	server.kill('SIGTERM')
	fs.rmSync(dataDir, { recursive: true, force: true })
}
