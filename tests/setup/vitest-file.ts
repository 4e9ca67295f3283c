/**
 * Runs before each test file: points DATABASE_URL at a fresh copy of the template database
 * (before any app module reads its configuration) and drops it afterwards. A test that writes
 * to console.error fails, so unexpected errors cannot hide in the output. A test that needs a
 * program no npm package brings stops with what to install (tests/setup/tools.ts).
 */
import path from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, inject, vi, type TestContext } from 'vitest'
import { cloneDatabase, dropDatabase, TEST_DATA_DIR } from './test-databases'
import { pgClient, requireTools, setToolSkipper } from './tools'

/** Tests that run pg_dump and pg_restore when on PostgreSQL: a file, or one test of it by the start of its name. */
const PG_CLIENT_TESTS = [
	{ file: 'app/ops/backup.server.test.ts' },
	{ file: 'scripts/backup-restore.test.ts', name: 'a backup from the command line' },
]

function needsPgClient({ task }: TestContext) {
	const file = path.relative(path.resolve(import.meta.dirname, '../..'), task.file.filepath)
	return PG_CLIENT_TESTS.some((t) => t.file === file && (!t.name || task.name.startsWith(t.name)))
}

const provider = inject('testProvider')
const url = await cloneDatabase(provider, inject('templateDatabaseUrl'), 'skillproof_test')
process.env.DATABASE_URL = url
process.env.NODE_ENV = 'test'
process.env.CONTENT_BUILD_DIR = inject('contentBuildDir')
process.env.DATA_DIR = TEST_DATA_DIR
process.env.COOKIE_SECRET = 'test-cookie-secret-that-is-at-least-32-characters'
process.env.ISSUER_KEY_SECRET = 'test-issuer-key-secret-that-is-at-least-32-characters'

const consoleError = vi.spyOn(console, 'error')
beforeEach((context) => {
	consoleError.mockClear()
	setToolSkipper((note) => context.skip(note))
	if (provider === 'postgresql' && needsPgClient(context)) requireTools(pgClient(inject('postgresMajor')))
})
afterEach(() => {
	const calls = consoleError.mock.calls.map((args: unknown[]) => args.map(String).join(' '))
	if (calls.length > 0) throw new Error(`console.error was called unexpectedly:\n${calls.join('\n')}`)
})

beforeAll(async () => {
	globalThis.__skillproofDb = undefined
	globalThis.__skillproofHotReads = undefined
	// The issuer's signing key (created once in TEST_DATA_DIR), as the server creates it at start.
	const { prepareIssuer } = await import('../../app/issuing/issuer.server')
	await prepareIssuer()
})
afterAll(async () => {
	await globalThis.__skillproofHotReads?.close()
	globalThis.__skillproofHotReads = undefined
	await globalThis.__skillproofDb?.$disconnect()
	globalThis.__skillproofDb = undefined
	await dropDatabase(url)
})
