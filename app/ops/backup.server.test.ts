import fs from 'node:fs'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import Database from 'better-sqlite3'
import pg from 'pg'
import { parseIntoClientConfig } from 'pg-connection-string'
import { expect, inject, onTestFinished, test } from 'vitest'
import { seedDemoDataIfEmpty } from '../../prisma/seed'
import { earnCredential } from '../../tests/setup/earn-credential'
import { createTestUser } from '../../tests/setup/factories'
import { startWriter } from '../../tests/setup/concurrent-writer'
import { tableDigests } from '../../tests/setup/table-digests'
import {
	cloneDatabase,
	dropDatabase,
	postgresUrl,
	TEST_DATA_DIR,
	uniqueName,
	withAdminClient,
} from '../../tests/setup/test-databases'
import { config } from '../config.server'
import { getQuestions, listPaths } from '../content/catalog.server'
import { createDatabaseClient } from '../db/client.server'
import { getSqliteFilePath } from '../database-url'
import { db } from '../db/db.server'
import { issuerDid } from '../issuing/issuer.server'
import { keysOf, prepareSiteKeys } from '../issuing/issuer-keys.server'
import { LEGACY_KEYS_FILE, newKeyRow } from '../issuing/key-store.server'
import { DATABASE_PART, MANIFEST_FILE } from './backup-manifest'
import { checkBackup, createBackup, restoreBackup } from './backup.server'

const provider = inject('testProvider')
const site = {
	databaseUrl: config.DATABASE_URL,
	dataDir: TEST_DATA_DIR,
	issuerDid,
	issuerKeySecret: config.ISSUER_KEY_SECRET,
}
const migrationsDir = path.resolve(
	import.meta.dirname,
	'../../prisma',
	provider === 'sqlite' ? 'migrations' : 'postgres/migrations',
)
const latestMigration = fs
	.readdirSync(migrationsDir)
	.filter((name) => /^\d{14}_/.test(name))
	.sort()
	.at(-1)

/** A directory for one test's backups and data directories, removed afterwards. */
function scratchDir() {
	const dir = fs.mkdtempSync(path.join(TEST_DATA_DIR, 'backup-test-'))
	onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }))
	return dir
}

/** A backup of the test's database in a scratch folder, and where a restore would put the signing keys. */
async function backupInScratch() {
	const scratch = scratchDir()
	const { dir } = await createBackup({ ...site, out: path.join(scratch, 'backup') })
	return { scratch, dir, dataDir: path.join(scratch, 'data') }
}

/** Databases on the PostgreSQL server whose name starts like `name` (the staged and kept-aside ones too). */
async function databasesLike(name: string) {
	const result = await withAdminClient((client) =>
		client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [
			name.slice(0, 30),
		]),
	)
	return result.rows.map((row) => row.datname).sort()
}

/** The URL of a database that does not exist yet (dropped afterwards, with any database made beside it). */
function newTargetUrl(scratch: string) {
	if (provider === 'sqlite') return `file:${path.join(scratch, 'restored.db')}`
	const name = uniqueName('skillproof_restore')
	onTestFinished(async () => {
		for (const database of await databasesLike(name)) await dropDatabase(postgresUrl(database))
	})
	return postgresUrl(name)
}

/** A migrated, empty database, as a new installation has. */
async function emptyTargetUrl(scratch: string) {
	const url = newTargetUrl(scratch)
	const clone = await cloneDatabase(provider, inject('templateDatabaseUrl'), 'skillproof_restore_empty')
	if (provider === 'sqlite') {
		fs.renameSync(getSqliteFilePath(clone), getSqliteFilePath(url))
		return url
	}
	await withAdminClient((client) =>
		client.query(`ALTER DATABASE "${new URL(clone).pathname.slice(1)}" RENAME TO "${new URL(url).pathname.slice(1)}"`),
	)
	return url
}

/** A migrated database holding one person, "Target Only". */
async function targetWithDataUrl(scratch: string) {
	const url = await emptyTargetUrl(scratch)
	const client = createDatabaseClient(url)
	await client.user.create({ data: { name: 'Target Only', email: 'target-only@example.test', passwordHash: 'x' } })
	if (provider === 'sqlite') await client.$queryRawUnsafe('PRAGMA journal_mode = WAL')
	await client.$disconnect()
	return url
}

async function until(condition: () => boolean) {
	const deadline = Date.now() + 15_000
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('timed out waiting')
		await sleep(5)
	}
}

test('a backup taken while writes go on restores every table row for row, and the signing keys with it', async () => {
	// As the server runs it (server/app.ts): readers and the backup never wait for the writer.
	if (provider === 'sqlite') await db.$queryRawUnsafe('PRAGMA journal_mode = WAL')
	await seedDemoDataIfEmpty(db, { paths: listPaths(), questionsFor: getQuestions })
	const { row: credential } = await earnCredential({ name: 'Katherine Johnson' })
	await db.user.createMany({
		data: Array.from({ length: 3000 }, (_, i) => ({
			name: `Bulk Learner ${i}`,
			email: `bulk-${i}-${crypto.randomUUID()}@example.test`,
			passwordHash: 'unused',
		})),
	})
	const scratch = scratchDir()

	const writer = await startWriter(config.DATABASE_URL)
	await until(() => writer.committed() >= 20)
	const before = writer.committed()
	const { dir, manifest } = await createBackup({ ...site, out: path.join(scratch, 'backup') })
	const after = writer.committed()
	await until(() => writer.committed() >= after + 5)
	await writer.stop()
	expect(after, 'writes went on during the backup').toBeGreaterThan(before)

	expect(manifest).toMatchObject({
		format: 'skillproof-backup',
		provider,
		migration: latestMigration,
		issuerDid,
		issuerKeySecret: 'environment',
	})
	const parts = manifest.files.map((f) => f.path)
	// The signing keys travel in the database; the environment gives the key secret, so no copy of a
	// generated one travels with them.
	expect(parts).toEqual([DATABASE_PART[provider]])
	expect(fs.readdirSync(scratch)).toEqual(['backup'])

	const target = await emptyTargetUrl(scratch)
	const dataDir = path.join(scratch, 'restored-data')
	const result = await restoreBackup({ ...site, databaseUrl: target, dataDir, backupDir: dir })
	expect(result).toMatchObject({ previousDatabase: null, previousFiles: [], pendingMigrations: [] })

	// The copy is one snapshot: the writer's first k transactions, each with both of its rows.
	const restored = createDatabaseClient(target)
	onTestFinished(() => restored.$disconnect())
	const writers = await restored.user.findMany({
		where: { id: { startsWith: 'writer-' } },
		select: { id: true, sessions: { select: { id: true } } },
	})
	const numbers = writers.map((w) => Number(w.id.slice('writer-'.length))).sort((a, b) => a - b)
	const k = numbers.length
	expect(numbers).toEqual(Array.from({ length: k }, (_, i) => i))
	expect(writers.every((w) => w.sessions.length === 1)).toBe(true)
	expect(k).toBeGreaterThanOrEqual(before)
	// The counter is raised just after each commit, so it may trail the snapshot by one.
	expect(k).toBeLessThanOrEqual(after + 1)
	await restored.$disconnect()

	// The source as it was at the backup (without the writer's later transactions) equals the restore.
	const later = { id: { startsWith: 'writer-' }, NOT: { id: { in: writers.map((w) => w.id) } } }
	await db.session.deleteMany({ where: { user: later } })
	await db.user.deleteMany({ where: later })
	const source = await tableDigests(config.DATABASE_URL)
	expect(source.User!.rows).toBeGreaterThan(3000)
	expect(source.Credential!.rows).toBeGreaterThan(1)
	expect(await tableDigests(target)).toEqual(source)

	// Credentials issued before the backup still verify: the key that signed them came back.
	const reopened = createDatabaseClient(target)
	onTestFinished(() => reopened.$disconnect())
	const [proof] = (JSON.parse(credential.document) as { proof: { verificationMethod: string }[] }).proof
	expect(proof?.verificationMethod).toMatch(/^did:/)
	expect((await keysOf(reopened, issuerDid)).map((key) => key.id)).toContain(proof!.verificationMethod)
	// Nothing else was needed: no key file, no generated secret.
	expect(fs.readdirSync(dataDir)).toEqual([])
}, 90_000)

test('a corrupted or truncated backup, or a damaged manifest, is refused and changes nothing', async () => {
	await createTestUser('Ada Lovelace')
	const { scratch, dir, dataDir } = await backupInScratch()
	const target = await targetWithDataUrl(scratch)
	fs.mkdirSync(dataDir)
	const before = await tableDigests(target)
	const leftovers = async () =>
		provider === 'sqlite'
			? fs.readdirSync(scratch).sort()
			: [...fs.readdirSync(scratch).sort(), ...(await databasesLike(new URL(target).pathname.slice(1)))]
	const around = await leftovers()
	const restore = () => restoreBackup({ ...site, databaseUrl: target, dataDir, backupDir: dir, force: true })

	const part = path.join(dir, DATABASE_PART[provider])
	const bytes = fs.readFileSync(part)
	const flipped = Buffer.from(bytes)
	flipped[Math.floor(bytes.length / 2)]! ^= 0xff
	fs.writeFileSync(part, flipped)
	await expect(restore()).rejects.toThrow(/database\.(sqlite|pgdump) is corrupted: its sha256 is [0-9a-f]{64}/)

	fs.writeFileSync(part, bytes.subarray(0, 100))
	await expect(restore()).rejects.toThrow(/is corrupted: it has 100 bytes, the manifest says/)

	fs.rmSync(part)
	await expect(restore()).rejects.toThrow(/database\.(sqlite|pgdump) is missing/)

	fs.writeFileSync(path.join(dir, MANIFEST_FILE), '{"format": "skillproof-backup", ')
	await expect(restore()).rejects.toThrow('is damaged: it is not valid JSON')

	expect(await tableDigests(target)).toEqual(before)
	expect(fs.readdirSync(dataDir)).toEqual([])
	expect(await leftovers()).toEqual(around)
}, 30_000)

test('a backup of the other provider is refused before anything is touched', async () => {
	const { scratch, dir, dataDir } = await backupInScratch()
	// Never contacted, never created.
	const other =
		provider === 'sqlite'
			? 'postgresql://skillproof@restore-target.invalid:5432/skillproof'
			: `file:${path.join(scratch, 'other.db')}`
	await expect(restoreBackup({ ...site, databaseUrl: other, dataDir, backupDir: dir, force: true })).rejects.toThrow(
		provider === 'sqlite'
			? 'is a backup of an SQLite database, but DATABASE_URL is PostgreSQL'
			: 'is a backup of a PostgreSQL database, but DATABASE_URL is SQLite',
	)

	// A manifest that claims the other provider does not match its parts either.
	const manifestFile = path.join(dir, MANIFEST_FILE)
	const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { provider: string }
	manifest.provider = provider === 'sqlite' ? 'postgresql' : 'sqlite'
	fs.writeFileSync(manifestFile, JSON.stringify(manifest))
	await expect(restoreBackup({ ...site, databaseUrl: other, dataDir, backupDir: dir, force: true })).rejects.toThrow(
		/the manifest lists no database\.(pgdump|sqlite)/,
	)
	expect(fs.readdirSync(scratch)).toEqual(['backup'])
})

test('a database that holds data or is in use, and signing keys the backup lacks, are replaced only with force and kept aside', async () => {
	await createTestUser('Grace Source')
	const { scratch, dir, dataDir } = await backupInScratch()
	const target = await targetWithDataUrl(scratch)
	// The target site signed with a key of its own, which the backup does not have.
	const targetClient = createDatabaseClient(target)
	const targetKey = await newKeyRow(issuerDid, config.ISSUER_KEY_SECRET!)
	await targetClient.issuerKey.create({ data: targetKey })
	await targetClient.$disconnect()
	const restore = (force: boolean) => restoreBackup({ ...site, databaseUrl: target, dataDir, backupDir: dir, force })

	// The running site's connection.
	const live =
		provider === 'sqlite'
			? { sqlite: new Database(getSqliteFilePath(target)) }
			: { pg: new pg.Client(parseIntoClientConfig(target)) }
	live.sqlite?.prepare('SELECT 1').get()
	live.pg?.on('error', () => {})
	await live.pg?.connect()
	onTestFinished(async () => {
		live.sqlite?.close()
		await live.pg?.end().catch(() => {})
	})
	const before = await tableDigests(target)

	await expect(restore(false)).rejects.toThrow(
		/Nothing was restored:\n {2}- .* holds data .*\n {2}- .* is in use: .*\n {2}- .* holds 1 signing key\(s\) that the backup lacks/,
	)
	expect(await tableDigests(target)).toEqual(before)

	const result = await restore(true)
	expect(await tableDigests(target)).toEqual(await tableDigests(config.DATABASE_URL))
	expect(result.previousFiles).toEqual([])

	// What was replaced is kept aside.
	expect(result.previousDatabase).not.toBeNull()
	const previousUrl = provider === 'sqlite' ? `file:${result.previousDatabase}` : postgresUrl(result.previousDatabase!)
	const previous = createDatabaseClient(previousUrl)
	onTestFinished(() => previous.$disconnect())
	expect(await previous.user.findMany({ select: { name: true } })).toEqual([{ name: 'Target Only' }])
	expect((await previous.issuerKey.findMany({ select: { id: true } })).map((key) => key.id)).toEqual([targetKey.id])

	if (live.sqlite) {
		// The site's open connection reads the restored database, not a mixture.
		const names = live.sqlite
			.prepare('SELECT name FROM "User" WHERE name IN (?, ?)')
			.pluck()
			.all('Target Only', 'Grace Source')
		expect(names).toEqual(['Grace Source'])
	} else {
		// With force, the site's connections were ended; a new one finds the restored database.
		await expect(live.pg!.query('SELECT 1')).rejects.toThrow()
	}
}, 30_000)

test('restores into a database that does not exist yet; checking a backup changes nothing', async () => {
	const { scratch, dir, dataDir } = await backupInScratch()
	const target = newTargetUrl(scratch)

	const checked = await checkBackup({ ...site, databaseUrl: target, dataDir, backupDir: dir })
	expect(checked).toMatchObject({ pendingMigrations: [], keys: expect.any(Number) as number })
	expect(fs.existsSync(dataDir)).toBe(false)
	if (provider === 'sqlite') expect(fs.existsSync(getSqliteFilePath(target))).toBe(false)
	else expect(await databasesLike(new URL(target).pathname.slice(1))).toEqual([])

	// Another site's secret does not open the keys, so nothing is restored.
	await expect(
		restoreBackup({
			...site,
			issuerKeySecret: 'another-secret-that-is-at-least-32-characters',
			databaseUrl: target,
			dataDir,
			backupDir: dir,
		}),
	).rejects.toThrow('ISSUER_KEY_SECRET is not the secret it was encrypted with')
	await expect(
		restoreBackup({ ...site, issuerDid: 'did:web:elsewhere.example', databaseUrl: target, dataDir, backupDir: dir }),
	).rejects.toThrow('PUBLIC_ORIGIN changed?')

	const result = await restoreBackup({ ...site, databaseUrl: target, dataDir, backupDir: dir })
	expect(result.previousDatabase).toBeNull()
	expect(await tableDigests(target)).toEqual(await tableDigests(config.DATABASE_URL))
	// A backup never overwrites another.
	await expect(createBackup({ ...site, out: dir })).rejects.toThrow('exists: a backup never overwrites anything')
}, 30_000)

test('a backup of a site that kept its keys in a file restores, and the next start moves them into the database', async () => {
	await createTestUser('Mary Somerville')
	// The source as an older installation had it: no key in the database, the key file in DATA_DIR.
	const keys = await keysOf(db, issuerDid)
	// Organisations' keys were always in the database; the site's joins them from the file.
	const allKeys = await db.issuerKey.count()
	const sourceDataDir = path.join(scratchDir(), 'data')
	fs.mkdirSync(sourceDataDir)
	const file = {
		version: 1,
		keys: keys.map((key) => ({
			id: key.id,
			publicKeyMultibase: key.publicKeyMultibase,
			createdAt: key.createdAt.toISOString(),
			secretKey: JSON.parse(key.secretKey) as unknown,
		})),
	}
	fs.writeFileSync(path.join(sourceDataDir, LEGACY_KEYS_FILE), JSON.stringify(file), { mode: 0o600 })
	await db.issuerKey.deleteMany({ where: { did: issuerDid } })
	await db.siteIssuer.deleteMany({})
	const scratch = scratchDir()
	const { dir, manifest } = await createBackup({ ...site, dataDir: sourceDataDir, out: path.join(scratch, 'backup') })
	expect(manifest.files.map((f) => f.path)).toEqual([DATABASE_PART[provider], `data-dir/${LEGACY_KEYS_FILE}`])
	// Put the source back as the site has it now.
	await prepareSiteKeys({ did: issuerDid, dir: sourceDataDir, secret: config.ISSUER_KEY_SECRET, client: db })

	const target = newTargetUrl(scratch)
	const dataDir = path.join(scratch, 'restored-data')
	expect(await checkBackup({ ...site, databaseUrl: target, dataDir, backupDir: dir })).toMatchObject({
		keys: allKeys,
	})
	await restoreBackup({ ...site, databaseUrl: target, dataDir, backupDir: dir })
	const restored = createDatabaseClient(target)
	onTestFinished(() => restored.$disconnect())
	expect(await keysOf(restored, issuerDid)).toEqual([])
	const started = await prepareSiteKeys({
		did: issuerDid,
		dir: dataDir,
		secret: config.ISSUER_KEY_SECRET,
		client: restored,
	})
	expect(started).toMatchObject({ imported: keys.length, created: false })
	expect((await keysOf(restored, issuerDid)).map((key) => key.id)).toEqual(keys.map((key) => key.id))
}, 30_000)

test('a database that lost the site’s own signing keys is not taken for a whole backup', async () => {
	const keys = await keysOf(db, issuerDid)
	await db.issuerKey.deleteMany({ where: { did: issuerDid } })
	onTestFinished(async () => {
		for (const key of keys) await db.issuerKey.create({ data: key })
	})
	await expect(backupInScratch()).rejects.toThrow(`there is no signing key of ${issuerDid}`)
}, 30_000)
