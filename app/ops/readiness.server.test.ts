import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, test } from 'vitest'
import { createReadiness, migrationsDirFor } from './readiness.server'

const root = path.resolve(import.meta.dirname, '../..')

/** A copy of this build's migration folders (names only) with one more that the database lacks. */
function migrationsWithOneMore() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillproof-migrations-'))
	for (const entry of fs.readdirSync(migrationsDirFor(root), { withFileTypes: true }))
		if (entry.isDirectory()) fs.mkdirSync(path.join(dir, entry.name))
	fs.mkdirSync(path.join(dir, '29991231000000_not_applied_yet'))
	return dir
}

test('an instance is not ready until it has prepared itself', async () => {
	const readiness = createReadiness()
	expect(await readiness.check()).toMatchObject({ status: 'starting', database: true })
	readiness.markPrepared(migrationsDirFor(root))
	expect(await readiness.check()).toEqual({ status: 'ready', database: true, pendingMigrations: [], content: true })
})

test('an instance is not ready while the database lacks a migration it ships with', async () => {
	const dir = migrationsWithOneMore()
	try {
		const readiness = createReadiness()
		readiness.markPrepared(dir)
		expect(await readiness.check()).toMatchObject({
			status: 'starting',
			pendingMigrations: ['29991231000000_not_applied_yet'],
		})
	} finally {
		fs.rmSync(dir, { recursive: true, force: true })
	}
})

test('an instance stops being ready when it is asked to stop', async () => {
	const readiness = createReadiness()
	readiness.markPrepared(migrationsDirFor(root))
	readiness.markStopping()
	expect(await readiness.check()).toMatchObject({ status: 'stopping', database: true })
})
