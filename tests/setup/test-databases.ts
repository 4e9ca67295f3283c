/**
 * Real databases for tests: a migrated template per run, and a fresh copy of it per test file.
 * SQLite copies a file; PostgreSQL uses CREATE DATABASE … TEMPLATE. Every name is unique, so
 * concurrent runs never see each other's data, and everything is dropped at the end.
 */
import { spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { parseIntoClientConfig } from 'pg-connection-string'
import { POSTGRES_ADMIN_URL } from '../../scripts/prisma-cli'

export type TestProvider = 'sqlite' | 'postgresql'

const root = path.resolve(import.meta.dirname, '../..')
export const TEST_DATA_DIR = path.join(root, 'data/test')

export function getTestProvider(): TestProvider {
	const value = process.env.TEST_DATABASE ?? 'sqlite'
	if (value !== 'sqlite' && value !== 'postgresql')
		throw new Error(`TEST_DATABASE must be sqlite or postgresql, not ${value}`)
	return value
}

export function uniqueName(prefix: string) {
	return `${prefix}_${Date.now().toString(36)}_${crypto.randomBytes(4).toString('hex')}`
}

/** The URL of `database` on the server of POSTGRES_ADMIN_URL. */
export function postgresUrl(database: string) {
	const url = new URL(POSTGRES_ADMIN_URL)
	url.pathname = `/${database}`
	return url.toString()
}

/** Runs `work` with a connection to the server's maintenance database. */
export async function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
	const client = new pg.Client(parseIntoClientConfig(POSTGRES_ADMIN_URL))
	await client.connect()
	try {
		return await work(client)
	} finally {
		await client.end()
	}
}

export function migrate(url: string) {
	const result = spawnSync(path.join(root, 'node_modules/.bin/prisma'), ['migrate', 'deploy'], {
		cwd: root,
		env: { ...process.env, DATABASE_URL: url, CHECKPOINT_DISABLE: '1' },
		encoding: 'utf8',
	})
	if (result.status !== 0) throw new Error(`migrate deploy failed for ${url}\n${result.stdout}\n${result.stderr}`)
}

/** Creates an empty database, migrates it, and returns its URL. */
export async function createMigratedDatabase(provider: TestProvider, prefix: string): Promise<string> {
	const name = uniqueName(prefix)
	let url: string
	if (provider === 'sqlite') {
		fs.mkdirSync(TEST_DATA_DIR, { recursive: true })
		url = `file:${path.join(TEST_DATA_DIR, `${name}.db`)}`
	} else {
		await withAdminClient((client) => client.query(`CREATE DATABASE "${name}"`))
		url = postgresUrl(name)
	}
	migrate(url)
	return url
}

/** A fresh copy of a migrated template database. */
export async function cloneDatabase(provider: TestProvider, templateUrl: string, prefix: string): Promise<string> {
	const name = uniqueName(prefix)
	if (provider === 'sqlite') {
		const file = path.join(TEST_DATA_DIR, `${name}.db`)
		fs.copyFileSync(templateUrl.slice('file:'.length), file)
		return `file:${file}`
	}
	const template = new URL(templateUrl).pathname.slice(1)
	await withAdminClient((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`))
	return postgresUrl(name)
}

export async function dropDatabase(url: string) {
	if (url.startsWith('file:')) {
		const file = url.slice('file:'.length)
		for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${file}${suffix}`, { force: true })
		return
	}
	const name = new URL(url).pathname.slice(1)
	await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))
}
