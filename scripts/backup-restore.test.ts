import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { expect, onTestFinished, test } from 'vitest'
import { createTestUser } from '../tests/setup/factories'
import { TEST_DATA_DIR } from '../tests/setup/test-databases'

const root = path.resolve(import.meta.dirname, '..')

type Script = 'backup' | 'restore'

/** Runs a script as `npm run backup` / `npm run restore` do, on this test file's database. */
function runScript(dataDir: string, script: Script, ...args: string[]) {
	const result = spawnSync(path.join(root, 'node_modules/.bin/tsx'), [`scripts/${script}.ts`, ...args], {
		cwd: root,
		env: { ...process.env, DATA_DIR: dataDir },
		encoding: 'utf8',
	})
	return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

test('--help, and arguments that are wrong, with exit code 2', () => {
	const run = (script: Script, ...args: string[]) => runScript(TEST_DATA_DIR, script, ...args)
	for (const script of ['backup', 'restore'] as const) {
		const help = run(script, '--help')
		expect(help.status).toBe(0)
		expect(help.stdout).toContain(`Usage: npm run ${script} --`)
	}
	expect(run('backup', '--to', 'x')).toMatchObject({
		status: 2,
		stderr: expect.stringContaining("Unknown option '--to'"),
	})
	expect(run('backup', 'somewhere')).toMatchObject({ status: 2, stderr: expect.stringContaining('Usage:') })
	expect(run('restore')).toMatchObject({ status: 2, stderr: expect.stringContaining('Name the backup directory') })
	expect(run('restore', 'a', 'b')).toMatchObject({ status: 2, stderr: expect.stringContaining('Name one backup') })
	expect(run('restore', 'a', '--check', '--force')).toMatchObject({ status: 2 })
}, 30_000)

test('a backup from the command line checks out, and a restore that is refused exits with 1', async () => {
	await createTestUser('Hedy Lamarr')
	const scratch = fs.mkdtempSync(path.join(TEST_DATA_DIR, 'backup-cli-'))
	onTestFinished(() => fs.rmSync(scratch, { recursive: true, force: true }))
	// A data directory of its own (the signing keys are in the database).
	const dataDir = path.join(scratch, 'data')
	fs.mkdirSync(dataDir)
	const run = (script: Script, ...args: string[]) => runScript(dataDir, script, ...args)
	const out = path.join(scratch, 'backup')

	const backup = run('backup', '--out', out)
	expect(backup.stderr).toBe('')
	expect(backup).toMatchObject({ status: 0, stdout: expect.stringContaining(out) })
	expect(backup.stdout).toContain('ISSUER_KEY_SECRET, which is not in the backup')

	const check = run('restore', out, '--check')
	expect(check).toMatchObject({ status: 0, stdout: expect.stringContaining('The backup is sound') })

	// The test database holds data: restoring over it needs --force.
	const refused = run('restore', out)
	expect(refused.status).toBe(1)
	expect(refused.stderr).toContain('Restore failed: Nothing was restored')
	expect(refused.stderr).toContain('Add --force')

	const again = run('backup', '--out', out)
	expect(again).toMatchObject({ status: 1, stderr: expect.stringContaining('a backup never overwrites anything') })
	expect(run('restore', path.join(scratch, 'missing'))).toMatchObject({
		status: 1,
		stderr: expect.stringContaining('There is no backup at'),
	})
}, 60_000)
