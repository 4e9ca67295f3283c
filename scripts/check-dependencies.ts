/**
 * `npm test`'s dependency check (ADR 017), two parts:
 * - knip: every package in package.json is used (imported, run as a binary, or named in a tool's
 *   configuration) and every package imported is declared. Its configuration is package.json → knip; it
 *   reads React Router's routes (app/routes.ts, and the route types `react-router typegen` writes), Vite,
 *   Vitest, Playwright, ESLint, Prettier and Tailwind configurations itself.
 * - npm audit: no high or critical advisory in the production dependencies. A registry that cannot answer
 *   audit requests (this one cannot) is said in one line and fails nothing: not knowing is not a finding.
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.resolve(import.meta.dirname, '..')

/** knip's dependency issues in the project at `cwd`: status 0 when there are none. */
export function runKnip(cwd: string) {
	const result = spawnSync(path.join(root, 'node_modules/.bin/knip'), ['--dependencies', '--no-progress'], {
		cwd,
		encoding: 'utf8',
		env: { ...process.env, FORCE_COLOR: '0' },
	})
	return { status: result.status ?? 1, output: `${result.stdout}${result.stderr}`.trim() }
}

type AuditReport = {
	vulnerabilities?: Record<string, { severity: string }>
	metadata?: { vulnerabilities?: Record<string, number> }
	message?: string
	error?: { summary?: string; code?: string }
}

/** What `npm audit --json` printed means: a finding fails, an audit endpoint that did not answer does not. */
export function auditVerdict(stdout: string): { ok: boolean; line: string } {
	let report: AuditReport | undefined
	try {
		report = JSON.parse(stdout) as AuditReport
	} catch {
		report = undefined
	}
	if (!report?.metadata?.vulnerabilities) {
		const reason = report?.message || report?.error?.summary || report?.error?.code || 'no report came back'
		return {
			ok: true,
			line: `npm audit could not reach the registry's audit endpoint (${reason}): advisories NOT checked.`,
		}
	}
	const severe = Object.entries(report.vulnerabilities ?? {}).filter(([, v]) =>
		['high', 'critical'].includes(v.severity),
	)
	if (severe.length > 0) {
		const names = severe.map(([name, v]) => `${name} (${v.severity})`).join(', ')
		return { ok: false, line: `npm audit found high or critical advisories in production dependencies: ${names}.` }
	}
	const lower = report.metadata.vulnerabilities.total ?? 0
	return {
		ok: true,
		line: `npm audit: no high or critical advisory in production dependencies${lower ? ` (${lower} of lower severity)` : ''}.`,
	}
}

function main() {
	let failed = false
	const knip = runKnip(root)
	if (knip.status === 0) {
		console.log('knip: every dependency is used and every import is declared.')
	} else {
		failed = true
		console.log(knip.output)
		console.log(
			'knip: remove the unused dependencies above, declare the unlisted ones (package.json → knip says why some are kept).',
		)
	}
	const audit = spawnSync('npm', ['audit', '--omit=dev', '--audit-level=high', '--json'], {
		cwd: root,
		encoding: 'utf8',
		timeout: 60_000,
	})
	const verdict = auditVerdict(audit.stdout ?? '')
	console.log(verdict.line)
	if (!verdict.ok) failed = true
	process.exit(failed ? 1 : 0)
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main()
