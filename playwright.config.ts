import crypto from 'node:crypto'
import { defineConfig, devices } from '@playwright/test'
import { chromiumLaunchOptions, e2eTargets, findChromium } from './tests/e2e/targets'

// Without a browser nothing here can run: no server is started, and the run stops at once saying so in one
// line (tests/setup/no-browser.ts). Loading this file for its settings (as knip does) stays harmless.
const noBrowser = 'problem' in findChromium()

// One id per run, shared with the worker processes through the environment, names this run's databases.
process.env.E2E_RUN_ID ||= `${Date.now().toString(36)}${crypto.randomBytes(3).toString('hex')}`

// Tests that start servers of their own (on both databases) run once, not once per shared server.
const ownServers = /(startup|form-fuzz|crash-recovery|database-outage|multi-instance)\.spec\.ts/
// Tests of what the HTML alone decides (axe over every page, the lessons' rendering, headers, keyboard use)
// run against the SQLite server only: the pages are the same on both (docs/decisions/035-end-to-end-run-time.md).
const htmlOnly = /(pages|content|security-headers|keyboard)\.spec\.ts/

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: true,
	forbidOnly: true,
	retries: 0,
	workers: 2,
	// Whole journeys (learning a path, earning and revoking a credential) take 20–40 s on a 2-core
	// machine that also runs both servers and two browsers; the 30 s default fails them on a slow run.
	timeout: 90_000,
	expect: { timeout: 10_000 },
	reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
	globalSetup: noBrowser ? './tests/setup/no-browser.ts' : undefined,
	globalTeardown: noBrowser ? undefined : './tests/e2e/global-teardown.ts',
	use: {
		...devices['Desktop Chrome'],
		launchOptions: chromiumLaunchOptions,
		trace: 'retain-on-failure',
	},
	projects: [
		...e2eTargets().map((target) => ({
			name: target.provider,
			testIgnore: target.provider === 'sqlite' ? [ownServers] : [ownServers, htmlOnly],
			use: { baseURL: target.origin },
		})),
		{ name: 'startup', testMatch: ownServers },
	],
	webServer: (noBrowser ? [] : e2eTargets()).map((target) => ({
		command: `node tests/e2e/serve.mjs`,
		url: `${target.origin}/healthz`,
		reuseExistingServer: false,
		timeout: 120_000,
		stdout: 'ignore',
		stderr: 'pipe',
		env: target.env,
	})),
})
