/**
 * The dependency check fails on what it is there to catch: knip runs on a copy of the repository's files
 * (sharing its node_modules) with a dependency planted that nothing imports, then with one that is imported
 * but no longer declared; npm audit's answers are read as a finding or as an audit endpoint that did not answer.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { auditVerdict, runKnip } from './check-dependencies'

const root = path.resolve(import.meta.dirname, '..')
let copy: string

function editPackageJson(edit: (json: { dependencies: Record<string, string> }) => void) {
	const file = path.join(copy, 'package.json')
	const json = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'))
	edit(json)
	fs.writeFileSync(file, JSON.stringify(json, null, '\t'))
}

beforeAll(() => {
	copy = fs.mkdtempSync(path.join(os.tmpdir(), 'skillproof-knip-'))
	const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
		cwd: root,
		encoding: 'utf8',
	})
	for (const file of files.split('\0').filter(Boolean)) {
		if (!fs.existsSync(path.join(root, file))) continue
		fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true })
		fs.copyFileSync(path.join(root, file), path.join(copy, file))
	}
	fs.symlinkSync(path.join(root, 'node_modules'), path.join(copy, 'node_modules'))
	// The route modules import their types from what `react-router typegen` writes.
	const typegen = spawnSync(path.join(root, 'node_modules/.bin/react-router'), ['typegen'], { cwd: copy })
	expect(typegen.status).toBe(0)
})
afterAll(() => fs.rmSync(copy, { recursive: true, force: true }))

test('knip fails on a dependency that nothing imports, naming it', () => {
	editPackageJson((json) => (json.dependencies['left-pad'] = '1.3.0'))
	const result = runKnip(copy)
	expect(result.status).not.toBe(0)
	expect(result.output).toMatch(/Unused dependencies \(1\)\s+left-pad\s/)
}, 90_000)

test('knip fails on a package that is imported but not declared, naming it and where it is imported', () => {
	editPackageJson((json) => delete json.dependencies['csv-stringify'])
	const result = runKnip(copy)
	expect(result.status).not.toBe(0)
	expect(result.output).toMatch(/Unlisted dependencies \(\d+\)/)
	expect(result.output).toMatch(/csv-stringify\/sync\s+app\/audit\/audit\.server\.ts/)
}, 90_000)

test('npm audit: a high advisory fails, lower ones and an audit endpoint that does not answer do not', () => {
	const report = (vulnerabilities: Record<string, { severity: string }>) =>
		JSON.stringify({
			auditReportVersion: 2,
			vulnerabilities,
			metadata: { vulnerabilities: { total: Object.keys(vulnerabilities).length } },
		})
	expect(auditVerdict(report({ nodemailer: { severity: 'high' }, qs: { severity: 'moderate' } }))).toEqual({
		ok: false,
		line: 'npm audit found high or critical advisories in production dependencies: nodemailer (high).',
	})
	expect(auditVerdict(report({ qs: { severity: 'moderate' } }))).toEqual({
		ok: true,
		line: 'npm audit: no high or critical advisory in production dependencies (1 of lower severity).',
	})
	// What this registry answers: the audit endpoint refuses the request.
	const refused = JSON.stringify({
		message: '405 Method Not Allowed - POST https://registry.example/-/npm/v1/security/advisories/bulk',
		statusCode: 405,
		error: { summary: '', detail: '' },
	})
	expect(auditVerdict(refused)).toEqual({
		ok: true,
		line: "npm audit could not reach the registry's audit endpoint (405 Method Not Allowed - POST https://registry.example/-/npm/v1/security/advisories/bulk): advisories NOT checked.",
	})
	expect(auditVerdict('').ok).toBe(true)
})
