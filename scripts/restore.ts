/**
 * `npm run restore -- <backup-dir> [--check] [--force]`: restores a backup made by `npm run backup`
 * into the database of DATABASE_URL and the files of DATA_DIR. The work is in
 * app/ops/backup.server.ts.
 */
import { parseArgs } from 'node:util'

const usage = `Usage: npm run restore -- <backup-dir> [--check] [--force]

Restores a backup made by \`npm run backup\` into the database of DATABASE_URL and the files of
DATA_DIR. Before changing anything it checks the backup (manifest, sha256 of every part, provider,
schema version) and that this site's ISSUER_KEY_SECRET and PUBLIC_ORIGIN open its signing keys; the
database is restored beside the target and swapped in whole. What it replaces is kept aside.

  --check   check the backup only, change nothing
  --force   also replace a database that holds data or is in use (open connections are ended),
            and a key file with signing keys the backup lacks`

let backupDir: string
let force: boolean
let checkOnly: boolean
try {
	const { values, positionals } = parseArgs({
		options: {
			force: { type: 'boolean' },
			check: { type: 'boolean' },
			help: { type: 'boolean', short: 'h' },
		},
		strict: true,
		allowPositionals: true,
	})
	if (values.help) {
		console.log(usage)
		process.exit(0)
	}
	if (positionals.length !== 1 || !positionals[0]!.trim()) {
		throw new Error(positionals.length === 0 ? 'Name the backup directory to restore.' : 'Name one backup directory.')
	}
	if (values.check && values.force) throw new Error('--check changes nothing, so --force has no meaning with it.')
	backupDir = positionals[0]!
	force = values.force ?? false
	checkOnly = values.check ?? false
} catch (error) {
	console.error(`${(error as Error).message}\n\n${usage}`)
	process.exit(2)
}

// Imported after the arguments, so that --help works without a valid configuration.
const { config } = await import('../app/config.server')
const { didFromOrigin } = await import('../app/credentials/issuer')
const { BackupError, providerName } = await import('../app/ops/backup-manifest')
const { checkBackup, describeDatabase, restoreBackup } = await import('../app/ops/backup.server')

const site = {
	backupDir,
	databaseUrl: config.DATABASE_URL,
	dataDir: config.DATA_DIR,
	issuerDid: didFromOrigin(config.PUBLIC_ORIGIN),
	issuerKeySecret: config.ISSUER_KEY_SECRET,
}
const pendingNote = (pending: string[]) =>
	pending.length === 0
		? ''
		: `\n${pending.length} newer migration(s) will be applied when the site starts (MIGRATE_ON_START), ` +
			'or by `npx prisma migrate deploy`.'

try {
	if (checkOnly) {
		const { manifest, pendingMigrations, keys } = await checkBackup(site)
		console.log(
			`The backup is sound: ${providerName(manifest.provider)}, taken ${manifest.createdAt} from ` +
				`${manifest.source}, migration ${manifest.migration}; ${keys} signing key(s) open with this site's ` +
				`secret.${pendingNote(pendingMigrations)}`,
		)
	} else {
		console.log(`Restoring ${backupDir} into ${describeDatabase(config.DATABASE_URL)} and ${config.DATA_DIR}…`)
		const result = await restoreBackup({ ...site, force })
		console.log(
			`Restored the backup taken ${result.manifest.createdAt} from ${result.manifest.source} ` +
				`(migration ${result.manifest.migration}) into ${result.target}.`,
		)
		if (result.previousDatabase) console.log(`The database it replaced is kept as ${result.previousDatabase}.`)
		for (const file of result.previousFiles) console.log(`A replaced file is kept as ${file}.`)
		console.log(`Restart the site so that every instance starts afresh.${pendingNote(result.pendingMigrations)}`)
	}
} catch (error) {
	console.error(error instanceof BackupError ? `Restore failed: ${error.message}` : error)
	process.exit(1)
}
