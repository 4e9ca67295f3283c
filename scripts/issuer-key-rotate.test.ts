import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { expect, test } from 'vitest'
import { db } from '../app/db/db.server'
import { issuerDid } from '../app/issuing/issuer.server'
import { keysOf } from '../app/issuing/issuer-keys.server'

const root = path.resolve(import.meta.dirname, '..')

/** `npm run credentials:rotate-key -- …args` on this test file's database. */
function rotate(...args: string[]) {
	const result = spawnSync(path.join(root, 'node_modules/.bin/tsx'), ['scripts/issuer-key-rotate.ts', ...args], {
		cwd: root,
		env: process.env,
		encoding: 'utf8',
	})
	return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

test('the command adds a key that every instance reads from the database; an unknown organisation changes nothing', async () => {
	const before = await keysOf(db, issuerDid)
	const rotated = rotate()
	expect(rotated.stderr).toBe('')
	expect(rotated.status).toBe(0)
	const after = await keysOf(db, issuerDid)
	expect(after.slice(0, -1)).toEqual(before)
	expect(rotated.stdout).toContain(`New signing key for ${issuerDid}:\n  ${after.at(-1)!.id}`)

	const keys = await db.issuerKey.count()
	expect(rotate('--org', 'no-such-organisation')).toMatchObject({
		status: 1,
		stderr: expect.stringContaining('There is no organisation “no-such-organisation”.'),
	})
	expect(await db.issuerKey.count()).toBe(keys)
}, 30_000)
