/**
 * Backups of a whole site and their restoration (`npm run backup`, `npm run restore`): the database
 * (SQLite or PostgreSQL) together with the signing keys and generated secrets of DATA_DIR, without
 * which the credentials already issued would stop verifying. See backup-manifest.ts for the layout
 * and docs/decisions/011-backups.md for the choices.
 *
 * A restore checks everything it can before it changes anything (manifest, checksums, provider,
 * migration, that this site can open the signing keys, what it would replace), stages the database
 * beside the target, and only then swaps it in; what it replaces is kept aside, never deleted.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { getDatabaseProvider, getSqliteFilePath, type DatabaseProvider } from '../database-url'
import { GENERATED_SECRET_FILE } from '../issuing/key-store.server'
import {
	checkBackupKeys,
	checkSigningKeys,
	dataDirFilesOf,
	keysOfCopy,
	keysOnlyInTarget,
	type SiteOptions,
} from './backup-keys.server'
import {
	BACKUP_FORMAT,
	BackupError,
	DATA_DIR_FILES,
	DATABASE_PART,
	dataDirPart,
	describePart,
	MANIFEST_FILE,
	providerName,
	aProvider,
	readBackup,
	type Backup,
	type Manifest,
} from './backup-manifest'
import {
	describePostgresUrl,
	discardPostgresStaged,
	dumpPostgresDatabase,
	inspectPostgresDatabase,
	stagePostgresDatabase,
	swapPostgresDatabase,
} from './postgres-backup.server'
import {
	backupSqliteDatabase,
	discardSqliteStaged,
	inspectSqliteDatabase,
	stageSqliteDatabase,
	swapSqliteDatabase,
} from './sqlite-backup.server'

export type BackupOptions = SiteOptions & { out: string; now?: Date }

export type RestoreOptions = SiteOptions & {
	backupDir: string
	/** Replace a database that holds data or is in use, and signing keys the backup lacks. */
	force?: boolean
	/** The migration history of the provider (defaults to the one under prisma/). */
	migrationsDir?: string
	now?: Date
}

export type RestoreResult = {
	manifest: Manifest
	target: string
	/** Where the replaced database was kept (null when there was none, or it held no data). */
	previousDatabase: string | null
	/** Copies of the DATA_DIR files that the restore replaced. */
	previousFiles: string[]
	/** Migrations of this version newer than the backup; the site applies them at start. */
	pendingMigrations: string[]
}

const stamp = (now: Date) =>
	now
		.toISOString()
		.replace(/\.\d+Z$/, 'Z')
		.replace(/[-:]/g, '')
const randomSuffix = () => crypto.randomBytes(2).toString('hex')

function providerOf(url: string): DatabaseProvider {
	const provider = getDatabaseProvider(url)
	if (!provider) throw new BackupError('DATABASE_URL must be an SQLite file: URL or a postgresql:// URL.')
	return provider
}

/** The database of a DATABASE_URL, for messages (never with its password). */
export function describeDatabase(url: string): string {
	return providerOf(url) === 'sqlite' ? getSqliteFilePath(url) : describePostgresUrl(url)
}

export function defaultBackupPath(dataDir: string, databaseUrl: string, now = new Date()) {
	return path.resolve(dataDir, 'backups', `skillproof-${providerOf(databaseUrl)}-${stamp(now)}`)
}

export async function createBackup(options: BackupOptions): Promise<{ dir: string; manifest: Manifest }> {
	const provider = providerOf(options.databaseUrl)
	const now = options.now ?? new Date()
	const out = path.resolve(options.out)
	if (fs.existsSync(out)) throw new BackupError(`${out} exists: a backup never overwrites anything, choose another.`)
	const dataDir = path.resolve(options.dataDir)
	fs.mkdirSync(path.dirname(out), { recursive: true })
	// Written under another name and renamed when complete, so a backup that failed is never taken for one.
	const staging = `${out}.partial-${randomSuffix()}`
	fs.mkdirSync(path.join(staging, 'data-dir'), { recursive: true, mode: 0o700 })
	try {
		const databasePart = DATABASE_PART[provider]
		const destination = path.join(staging, databasePart)
		const { migration } =
			provider === 'sqlite'
				? await backupSqliteDatabase(getSqliteFilePath(options.databaseUrl), destination)
				: await dumpPostgresDatabase(options.databaseUrl, destination)
		// A key file left by an older installation (read after the database: keys are only ever added).
		// The generated secret is left out when the environment gives the secret.
		const files = DATA_DIR_FILES.filter(
			(name) => !(name === GENERATED_SECRET_FILE && options.issuerKeySecret) && fs.existsSync(path.join(dataDir, name)),
		)
		for (const name of files) {
			const copy = path.join(staging, dataDirPart(name))
			fs.copyFileSync(path.join(dataDir, name), copy)
			fs.chmodSync(copy, 0o600)
		}
		const copiedDataDir = path.join(staging, 'data-dir')
		const keys = await keysOfCopy(provider, destination, copiedDataDir, options.issuerDid)
		checkSigningKeys(keys, copiedDataDir, options, 'The signing keys of this site do not open')
		const manifest: Manifest = {
			format: BACKUP_FORMAT,
			version: 1,
			createdAt: now.toISOString(),
			provider,
			source: describeDatabase(options.databaseUrl),
			migration,
			issuerDid: options.issuerDid,
			issuerKeySecret: options.issuerKeySecret ? 'environment' : 'data-dir',
			files: [
				await describePart(staging, databasePart),
				...(await Promise.all(files.map((name) => describePart(staging, dataDirPart(name))))),
			],
		}
		fs.writeFileSync(path.join(staging, MANIFEST_FILE), `${JSON.stringify(manifest, null, '\t')}\n`, {
			mode: 0o600,
		})
		fs.renameSync(staging, out)
		return { dir: out, manifest }
	} catch (error) {
		fs.rmSync(staging, { recursive: true, force: true })
		throw error
	}
}

function migrationsDirFor(provider: DatabaseProvider) {
	return path.resolve(import.meta.dirname, '../../prisma', provider === 'sqlite' ? 'migrations' : 'postgres/migrations')
}

/** Reads and checks a backup for this site without changing anything; returns what a restore needs. */
async function openForRestore(options: Omit<RestoreOptions, 'force' | 'now'>) {
	const provider = providerOf(options.databaseUrl)
	const backup = await readBackup(options.backupDir)
	const { manifest } = backup
	if (manifest.provider !== provider) {
		throw new BackupError(
			`${backup.dir} is a backup of ${aProvider(manifest.provider)} database, but DATABASE_URL is ` +
				`${providerName(provider)}: restore it into ${aProvider(manifest.provider)} database.`,
		)
	}
	const migrationsDir = options.migrationsDir ?? migrationsDirFor(provider)
	const migrations = fs
		.readdirSync(migrationsDir, { withFileTypes: true })
		.filter((entry) => entry.isDirectory() && /^\d{14}_/.test(entry.name))
		.map((entry) => entry.name)
		.sort()
	if (!migrations.includes(manifest.migration)) {
		throw new BackupError(
			`The backup's schema is at migration ${manifest.migration}, which this version of Skillproof does not ` +
				'have: restore it with the version that made it, or a later one.',
		)
	}
	return { backup, pendingMigrations: migrations.filter((name) => name > manifest.migration) }
}

/** Checks a backup for this site (checksums, provider, migration, signing keys) and changes nothing. */
export async function checkBackup(options: Omit<RestoreOptions, 'force' | 'now'>) {
	const { backup, pendingMigrations } = await openForRestore(options)
	const keys = (await checkBackupKeys(backup, options)).length
	return { manifest: backup.manifest, pendingMigrations, keys }
}

type Moved = { live: string; previous: string | null }

/**
 * Puts the backup's DATA_DIR files in place, each written beside its destination and renamed over
 * it (a running site reads the old keys or the new ones, never half a file). A current file that
 * differs is copied aside first.
 */
function swapDataDirFiles(backup: Backup, dataDir: string, now: Date): Moved[] {
	fs.mkdirSync(dataDir, { recursive: true })
	const moved: Moved[] = []
	try {
		for (const name of dataDirFilesOf(backup)) {
			const live = path.join(dataDir, name)
			const incoming = backup.file(dataDirPart(name))
			let previous: string | null = null
			if (fs.existsSync(live)) {
				if (fs.readFileSync(live).equals(fs.readFileSync(incoming))) continue
				previous = `${live}.pre-restore-${stamp(now)}-${randomSuffix()}`
				fs.copyFileSync(live, previous, fs.constants.COPYFILE_EXCL)
				fs.chmodSync(previous, 0o600)
			}
			const temporary = `${live}.restore-${randomSuffix()}`
			fs.copyFileSync(incoming, temporary, fs.constants.COPYFILE_EXCL)
			fs.chmodSync(temporary, 0o600)
			fs.renameSync(temporary, live)
			moved.push({ live, previous })
		}
		return moved
	} catch (error) {
		restoreDataDirFiles(moved)
		throw error
	}
}

function restoreDataDirFiles(moved: Moved[]) {
	for (const { live, previous } of [...moved].reverse()) {
		if (previous) fs.renameSync(previous, live)
		else fs.rmSync(live, { force: true })
	}
}

type TargetState = { exists: boolean; holdsData: boolean; inUse: string | null }

async function inspectTarget(provider: DatabaseProvider, url: string): Promise<TargetState> {
	if (provider === 'sqlite') {
		const state = inspectSqliteDatabase(getSqliteFilePath(url))
		return { ...state, inUse: state.inUse ? 'another process has it open' : null }
	}
	const state = await inspectPostgresDatabase(url)
	return { ...state, inUse: state.connections > 0 ? `${state.connections} open connection(s)` : null }
}

/**
 * Restores a backup into the database of `databaseUrl` and the files of `dataDir`. Refuses, having
 * changed nothing, a damaged backup, one of the other provider or of a newer schema, signing keys
 * this site cannot open, and (without `force`) a database that holds data or is in use, or a key
 * file with keys the backup lacks.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
	const provider = providerOf(options.databaseUrl)
	const now = options.now ?? new Date()
	const { backup, pendingMigrations } = await openForRestore(options)
	const { manifest } = backup
	const incomingKeys = await checkBackupKeys(backup, options)

	const target = describeDatabase(options.databaseUrl)
	const dataDir = path.resolve(options.dataDir)
	const state = await inspectTarget(provider, options.databaseUrl)
	const reasons: string[] = []
	if (state.holdsData) reasons.push(`${target} holds data (it would be kept aside, then replaced)`)
	if (state.inUse) reasons.push(`${target} is in use: ${state.inUse} (stop the site first)`)
	const lost = await keysOnlyInTarget(provider, options, state.exists, incomingKeys)
	if (lost.length > 0) {
		reasons.push(
			`${target} holds ${lost.length} signing key(s) that the backup lacks: credentials signed with them ` +
				`would no longer verify (${lost.join(', ')})`,
		)
	}
	if (reasons.length > 0 && !options.force) {
		throw new BackupError(
			`Nothing was restored:\n${reasons.map((r) => `  - ${r}`).join('\n')}\n` +
				'Add --force to restore anyway; what is replaced is kept aside.',
		)
	}

	const databasePart = backup.file(DATABASE_PART[provider])
	const staged =
		provider === 'sqlite'
			? stageSqliteDatabase(databasePart, getSqliteFilePath(options.databaseUrl))
			: await stagePostgresDatabase(options.databaseUrl, databasePart, now)
	const discard = () =>
		provider === 'sqlite'
			? discardSqliteStaged(staged.staged)
			: discardPostgresStaged(options.databaseUrl, staged.staged)
	if (staged.migration !== manifest.migration) {
		await discard()
		throw new BackupError(
			`The database in the backup is at migration ${staged.migration}, but its manifest says ${manifest.migration}.`,
		)
	}

	// Files first: they are small and put back in a moment if the database cannot be swapped in.
	let moved: Moved[] = []
	try {
		moved = swapDataDirFiles(backup, dataDir, now)
		let previousDatabase: string | null = null
		if (provider === 'sqlite') {
			const file = getSqliteFilePath(options.databaseUrl)
			previousDatabase = state.holdsData ? `${file}.pre-restore-${stamp(now)}-${randomSuffix()}` : null
			await swapSqliteDatabase(staged.staged, file, previousDatabase)
		} else {
			const swapped = await swapPostgresDatabase({
				url: options.databaseUrl,
				staged: staged.staged,
				force: options.force ?? false,
				keepPrevious: state.holdsData,
				now,
			})
			previousDatabase = swapped.previous
		}
		const previousFiles = moved.flatMap((m) => (m.previous ? [m.previous] : []))
		return { manifest, target, previousDatabase, previousFiles, pendingMigrations }
	} catch (error) {
		restoreDataDirFiles(moved)
		await discard()
		throw error
	}
}
