import fs from 'node:fs'
import path from 'node:path'
import { expect, onTestFinished, test } from 'vitest'
import { failure } from '../../tests/setup/failure'
import { postgresUrl, TEST_DATA_DIR, uniqueName, withAdminClient } from '../../tests/setup/test-databases'
import { checkStorage, StorageError } from './storage-check.server'

/** A folder of the test's own, removed when the test ends. */
function scratch() {
	const dir = fs.mkdtempSync(path.join(TEST_DATA_DIR, 'storage-check-'))
	onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }))
	return dir
}

test('a data folder and an SQLite database that can be written pass, and a missing data folder is created', async () => {
	const dir = scratch()
	await checkStorage({ dataDir: path.join(dir, 'data'), databaseUrl: `file:${path.join(dir, 'db', 'site.db')}` })
	expect(fs.statSync(path.join(dir, 'data')).isDirectory()).toBe(true)
	expect(fs.readdirSync(path.join(dir, 'data'))).toEqual([])
})

test('a DATA_DIR that is a file, or lies under one, stops the start with a plain sentence', async () => {
	const dir = scratch()
	const file = path.join(dir, 'not-a-folder')
	fs.writeFileSync(file, 'x')
	const databaseUrl = `file:${path.join(dir, 'site.db')}`
	const isFile = await failure(() => checkStorage({ dataDir: file, databaseUrl }))
	expect(isFile).toBeInstanceOf(StorageError)
	expect((isFile as Error).message).toBe(
		`Skillproof cannot start: DATA_DIR (${file}) is a file, not a folder: it holds the signing keys and generated secrets. Give this process write access to it, or set DATA_DIR to a folder it can write.`,
	)
	const under = await failure(() => checkStorage({ dataDir: path.join(file, 'data'), databaseUrl }))
	expect((under as Error).message).toContain(`DATA_DIR (${path.join(file, 'data')}) cannot be written (ENOTDIR)`)
})

test('an SQLite database that cannot be opened for writing stops the start and names the file', async () => {
	const dir = scratch()
	// A folder where the database file should be: SQLite cannot open it (SQLITE_CANTOPEN).
	const file = path.join(dir, 'site.db')
	fs.mkdirSync(file)
	const error = await failure(() => checkStorage({ dataDir: dir, databaseUrl: `file:${file}` }))
	expect((error as Error).message).toMatch(
		new RegExp(`^Skillproof cannot start: The SQLite database ${file} cannot be written \\(SQLITE_CANTOPEN`),
	)
})

test('a PostgreSQL database that is read-only stops the start and says to point DATABASE_URL elsewhere', async () => {
	const dir = scratch()
	const name = uniqueName('skillproof_readonly')
	await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"`))
	try {
		await checkStorage({ dataDir: dir, databaseUrl: postgresUrl(name) })
		await withAdminClient((client) => client.query(`ALTER DATABASE "${name}" SET default_transaction_read_only = on`))
		const error = await failure(() => checkStorage({ dataDir: dir, databaseUrl: postgresUrl(name) }))
		const { hostname, port } = new URL(postgresUrl(name))
		expect((error as Error).message).toContain(
			`Skillproof cannot start: The PostgreSQL database ${name} on ${hostname}:${port || 5432} is read-only`,
		)
	} finally {
		await withAdminClient((client) => client.query(`DROP DATABASE "${name}" WITH (FORCE)`))
	}
})
