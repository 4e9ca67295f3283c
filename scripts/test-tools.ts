/**
 * The programs outside npm that the tests use, looked up as the tests look them up (tests/setup/tools.ts,
 * tests/e2e/targets.ts). `npm test` (scripts/test-all.sh) runs it at the start and in its closing summary.
 *
 *   tsx scripts/test-tools.ts            one line per program: where it is, or what is missing and which
 *                                        tests that skips; exits 1 in CI (CI=true) when one is missing
 *   tsx scripts/test-tools.ts --missing  only the lines of missing programs
 *   tsx scripts/test-tools.ts --browser  the end-to-end tests' Chromium, or one line saying how to get one
 *                                        (exit code 1)
 */
import { findChromium } from '../tests/e2e/targets.ts'
import { probePostgres } from '../tests/setup/postgres-server.ts'
import { findExecutable, inCi, missingLine, nginx, nginxPath, pgClient, poppler } from '../tests/setup/tools.ts'
import { POSTGRES_ADMIN_URL } from './prisma-cli.ts'

const mode = process.argv[2]

if (mode === '--browser') {
	const browser = findChromium()
	if ('problem' in browser) {
		console.log(browser.problem)
		process.exit(1)
	}
	console.log(`Chromium: ${browser.path} (${browser.source})`)
	process.exit(0)
}
if (mode && mode !== '--missing') {
	console.error('Usage: tsx scripts/test-tools.ts [--missing | --browser]')
	process.exit(2)
}

const server = await probePostgres(POSTGRES_ADMIN_URL)
const checks = [
	{ requirement: poppler, found: () => findExecutable('pdftoppm') },
	{ requirement: nginx, found: nginxPath },
	...(server.ok ? [{ requirement: pgClient(server.major), found: () => findExecutable('pg_dump') }] : []),
]
let missing = 0
for (const { requirement, found } of checks) {
	const problem = requirement.problem()
	if (problem) {
		missing++
		console.log(`Skipped, ${requirement.tests}. ${missingLine(requirement, problem)}`)
	} else if (mode !== '--missing') {
		console.log(`Found ${requirement.programs}: ${found()}`)
	}
}
const browser = findChromium()
if ('problem' in browser) {
	missing++
	console.log(`Not run, the end-to-end tests. ${browser.problem}`)
} else if (mode !== '--missing') {
	console.log(`Found Chromium: ${browser.path} (${browser.source})`)
}
if (missing > 0 && inCi && mode !== '--missing') {
	console.log('CI=true: every program above must be installed (bash .ci/run installs them).')
	process.exit(1)
}
