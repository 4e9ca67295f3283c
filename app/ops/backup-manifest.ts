/**
 * What a backup is on disk: a directory (0700) holding
 *
 *   manifest.json                 when, which provider, the schema's last migration, sha256 of every part
 *   database.sqlite               SQLite: a consistent copy made with SQLite's online backup API
 *   database.pgdump               PostgreSQL: a pg_dump archive in custom format
 *   data-dir/issuer-key-secret    the generated secret that encrypts the signing keys (IssuerKey rows,
 *                                 in the database part), when ISSUER_KEY_SECRET is unset
 *   data-dir/issuer-keys.json     the signing keys of an installation that kept them in a file (backups
 *                                 taken before they moved into the database, or before its next start)
 *   data-dir/cookie-secret        the generated cookie secret, when COOKIE_SECRET is unset
 *
 * Reading a backup checks the manifest and every part's size and sha256 before anything uses it.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { z } from 'zod'
import type { DatabaseProvider } from '../database-url'
import { GENERATED_SECRET_FILE, LEGACY_KEYS_FILE } from '../issuing/key-store.server'

/** A refusal or failure whose message is meant for the operator as it stands. */
export class BackupError extends Error {
	override name = 'BackupError'
}

export const MANIFEST_FILE = 'manifest.json'
export const BACKUP_FORMAT = 'skillproof-backup'
export const DATABASE_PART: Record<DatabaseProvider, string> = {
	sqlite: 'database.sqlite',
	postgresql: 'database.pgdump',
}
/** The files the site generates in DATA_DIR (issuing/key-store.server.ts, http/secrets.server.ts). */
export const DATA_DIR_FILES = [LEGACY_KEYS_FILE, GENERATED_SECRET_FILE, 'cookie-secret'] as const
export const dataDirPart = (file: string) => `data-dir/${file}`

const PART_PATHS = [...Object.values(DATABASE_PART), ...DATA_DIR_FILES.map(dataDirPart)] as [string, ...string[]]
const PROVIDER_NAMES: Record<DatabaseProvider, [article: string, name: string]> = {
	sqlite: ['an', 'SQLite'],
	postgresql: ['a', 'PostgreSQL'],
}
export const providerName = (provider: DatabaseProvider) => PROVIDER_NAMES[provider][1]
/** "an SQLite", "a PostgreSQL" */
export const aProvider = (provider: DatabaseProvider) => PROVIDER_NAMES[provider].join(' ')

export const manifestSchema = z.strictObject({
	format: z.literal(BACKUP_FORMAT),
	version: z.literal(1),
	createdAt: z.iso.datetime(),
	provider: z.enum(['sqlite', 'postgresql']),
	/** The database it was taken from, without any password. */
	source: z.string(),
	/** The last migration applied to the database at the time of the backup. */
	migration: z.string().regex(/^\d{14}_\w+$/),
	issuerDid: z.string().startsWith('did:'),
	/** Where the secret that decrypts the signing keys comes from: the environment, or the backup itself. */
	issuerKeySecret: z.enum(['environment', 'data-dir']),
	files: z
		.array(
			z.strictObject({
				path: z.enum(PART_PATHS),
				bytes: z.number().int().nonnegative(),
				sha256: z.string().regex(/^[0-9a-f]{64}$/),
			}),
		)
		.min(1),
})
export type Manifest = z.infer<typeof manifestSchema>
export type ManifestFile = Manifest['files'][number]

export async function sha256File(file: string): Promise<string> {
	const hash = crypto.createHash('sha256')
	await pipeline(fs.createReadStream(file), hash)
	return hash.digest('hex')
}

export async function describePart(dir: string, part: string): Promise<ManifestFile> {
	const file = path.join(dir, part)
	return { path: part as ManifestFile['path'], bytes: fs.statSync(file).size, sha256: await sha256File(file) }
}

export type Backup = {
	dir: string
	manifest: Manifest
	/** Absolute path of one of the manifest's parts. */
	file: (part: string) => string
}

function readManifest(dir: string): Manifest {
	const file = path.join(dir, MANIFEST_FILE)
	let text: string
	try {
		text = fs.readFileSync(file, 'utf8')
	} catch {
		throw new BackupError(`${dir} has no ${MANIFEST_FILE}: it is not a Skillproof backup, or an unfinished one.`)
	}
	let json: unknown
	try {
		json = JSON.parse(text)
	} catch {
		throw new BackupError(`${file} is damaged: it is not valid JSON.`)
	}
	const head = z.looseObject({ format: z.unknown(), version: z.unknown() }).safeParse(json)
	if (head.success && head.data.format === BACKUP_FORMAT && head.data.version !== 1) {
		throw new BackupError(
			`${dir} is a backup of format version ${String(head.data.version)}, made by a newer Skillproof: update first.`,
		)
	}
	const parsed = manifestSchema.safeParse(json)
	if (!parsed.success) {
		const issue = parsed.error.issues[0]!
		throw new BackupError(
			`${file} is not a valid Skillproof backup manifest (${issue.path.join('.') || 'manifest'}: ${issue.message}).`,
		)
	}
	return parsed.data
}

/**
 * Opens a backup and checks it whole: the manifest, a database part of its provider, and the size
 * and sha256 of every part (the signing keys are checked by opening them, see backup.server.ts). Throws a BackupError naming every problem found.
 */
export async function readBackup(dir: string): Promise<Backup> {
	const root = path.resolve(dir)
	let stat: fs.Stats
	try {
		stat = fs.statSync(root)
	} catch {
		throw new BackupError(`There is no backup at ${root}.`)
	}
	if (!stat.isDirectory()) {
		throw new BackupError(`${root} is a file; a backup is the directory that \`npm run backup\` writes.`)
	}
	const manifest = readManifest(root)
	const problems: string[] = []
	const paths = manifest.files.map((f) => f.path)
	if (!paths.includes(DATABASE_PART[manifest.provider])) {
		problems.push(`the manifest lists no ${DATABASE_PART[manifest.provider]}`)
	}
	if (new Set(paths).size !== paths.length) problems.push('the manifest lists a part twice')
	for (const part of manifest.files) {
		const file = path.join(root, part.path)
		if (!fs.existsSync(file)) {
			problems.push(`${part.path} is missing`)
			continue
		}
		const actual = await describePart(root, part.path)
		if (actual.bytes !== part.bytes) {
			problems.push(`${part.path} is corrupted: it has ${actual.bytes} bytes, the manifest says ${part.bytes}`)
		} else if (actual.sha256 !== part.sha256) {
			problems.push(`${part.path} is corrupted: its sha256 is ${actual.sha256}, the manifest says ${part.sha256}`)
		}
	}
	if (problems.length > 0) {
		throw new BackupError(`The backup at ${root} cannot be used:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
	}
	return { dir: root, manifest, file: (part) => path.join(root, part) }
}
