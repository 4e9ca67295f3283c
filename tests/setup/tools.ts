/**
 * Programs that some tests run and that no npm package brings: poppler's PDF tools, nginx, and the
 * PostgreSQL client tools of the backups. Tests and `npm test`'s summary (scripts/test-tools.ts) look
 * them up here, the same way. A test whose program is missing stops with one line naming it and how to
 * install it: skipped on a developer's machine, failed in CI (CI=true), where .ci/run installs them all.
 * The browser of the end-to-end tests is looked up in tests/e2e/targets.ts.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

/** CI=true (or any value but false/0): a missing program fails instead of skipping. */
export const inCi = Boolean(process.env.CI) && !['false', '0'].includes(process.env.CI!)

export function isExecutable(file: string) {
	try {
		fs.accessSync(file, fs.constants.X_OK)
		return fs.statSync(file).isFile()
	} catch {
		return false
	}
}

/** The first executable file among `candidates` and then `name` in each folder of PATH. */
export function findExecutable(name: string, candidates: Array<string | undefined> = []): string | undefined {
	const onPath = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)
	return [...candidates, ...onPath.map((dir) => path.join(dir, name))].find((file) => file && isExecutable(file))
}

export type Requirement = {
	/** The programs, as a person would name them. */
	programs: string
	/** The tests that need them, as `npm test`'s summary names them. */
	tests: string
	/** Why they are not usable and how to get them; undefined when they are. */
	problem: () => string | undefined
}

const POPPLER_TOOLS = ['pdftoppm', 'pdftotext', 'pdfinfo'] as const

export const poppler: Requirement = {
	programs: 'pdftoppm, pdftotext and pdfinfo (poppler)',
	tests: 'the PDF certificate tests (app/credentials/certificate-pdf.test.ts, tests/e2e/credentials.spec.ts)',
	problem() {
		const missing = POPPLER_TOOLS.filter((tool) => !findExecutable(tool))
		if (missing.length === 0) return undefined
		return `${missing.join(', ')} not found on PATH: install poppler-utils (apt-get install poppler-utils)`
	},
}

export function nginxPath() {
	return findExecutable('nginx', [process.env.NGINX_PATH, '/usr/sbin/nginx', '/usr/bin/nginx'])
}

export const nginx: Requirement = {
	programs: 'nginx',
	tests: 'the two instances behind nginx (tests/e2e/multi-instance.spec.ts)',
	problem: () =>
		nginxPath() ? undefined : 'nginx not found: install it (apt-get install nginx) or set NGINX_PATH to its binary',
}

/** The major version of a PostgreSQL client tool, or why it cannot be told. */
function clientMajor(tool: string): number | string {
	const file = findExecutable(tool)
	if (!file) return `${tool} not found on PATH`
	const result = spawnSync(file, ['--version'], { encoding: 'utf8' })
	const major = /\(PostgreSQL\)\s+(\d+)/.exec(result.stdout ?? '')?.[1]
	if (result.status !== 0 || !major) return `${tool} --version failed: ${(result.stderr || result.stdout).trim()}`
	return Number(major)
}

/** pg_dump and pg_restore of at least the server's major version, as the PostgreSQL backup needs. */
export function pgClient(serverMajor: number): Requirement {
	return {
		programs: `pg_dump and pg_restore ${serverMajor} or newer`,
		tests: 'the PostgreSQL backup tests (app/ops/backup.server.test.ts, scripts/backup-restore.test.ts)',
		problem() {
			for (const tool of ['pg_dump', 'pg_restore']) {
				const major = clientMajor(tool)
				const install = `install the PostgreSQL client tools ${serverMajor} or newer (apt-get install postgresql-client)`
				if (typeof major === 'string') return `${major}: ${install}`
				if (major < serverMajor)
					return `${tool} is version ${major}, older than the server (${serverMajor}): ${install}`
			}
			return undefined
		},
	}
}

/** The line a test prints when it stops for a missing program. */
export function missingLine(requirement: Requirement, problem: string) {
	return `Needs ${requirement.programs}: ${problem}`
}

let skipCurrentTest: ((note: string) => void) | undefined

/** How the test runner in this process skips the running test (vitest-file.ts, a Playwright spec). */
export function setToolSkipper(skip: ((note: string) => void) | undefined) {
	skipCurrentTest = skip
}

/**
 * Stops the running test when a program it needs is missing: in CI it fails; elsewhere it is skipped, with
 * the reason printed so the skip is never silent.
 */
export function requireTools(requirement: Requirement) {
	const problem = requirement.problem()
	if (!problem) return
	const line = missingLine(requirement, problem)
	if (inCi) throw new Error(`${line} (CI=true: a missing program fails the run; .ci/run installs it)`)
	console.warn(`Skipped: ${line}`)
	if (!skipCurrentTest) throw new Error(line)
	skipCurrentTest(line)
}
