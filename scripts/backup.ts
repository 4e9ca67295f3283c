/**
 * `npm run backup -- [--out <dir>]`: a backup of the site (the database, and the signing keys and
 * generated secrets of DATA_DIR) in a new directory, safe to take while the site serves. The work
 * is in app/ops/backup.server.ts.
 */
import { parseArgs } from 'node:util'

const usage = `Usage: npm run backup -- [--out <dir>]

Writes a backup of the database of DATABASE_URL, with the credential signing keys and generated
secrets of DATA_DIR, into a new directory (by default DATA_DIR/backups/skillproof-<provider>-<time>).
Safe while the site is running. Restore it with: npm run restore -- <dir>`

let out: string | undefined
try {
	const { values } = parseArgs({
		options: { out: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } },
		strict: true,
		allowPositionals: false,
	})
	if (values.help) {
		console.log(usage)
		process.exit(0)
	}
	if (values.out !== undefined && values.out.trim() === '') throw new Error('--out needs a directory path')
	out = values.out
} catch (error) {
	console.error(`${(error as Error).message}\n\n${usage}`)
	process.exit(2)
}

// Imported after the arguments, so that --help works without a valid configuration.
const { config } = await import('../app/config.server')
const { didFromOrigin } = await import('../app/credentials/issuer')
const { BackupError, providerName } = await import('../app/ops/backup-manifest')
const { createBackup, defaultBackupPath } = await import('../app/ops/backup.server')

try {
	const { dir, manifest } = await createBackup({
		databaseUrl: config.DATABASE_URL,
		dataDir: config.DATA_DIR,
		issuerDid: didFromOrigin(config.PUBLIC_ORIGIN),
		issuerKeySecret: config.ISSUER_KEY_SECRET,
		out: out ?? defaultBackupPath(config.DATA_DIR, config.DATABASE_URL),
	})
	console.log(
		`Backup of ${manifest.source} (${providerName(manifest.provider)}, migration ${manifest.migration}):\n  ${dir}`,
	)
	for (const file of manifest.files)
		console.log(`    ${file.path.padEnd(28)} ${file.bytes.toLocaleString('en-GB')} bytes`)
	console.log(
		manifest.issuerKeySecret === 'data-dir'
			? 'It holds the signing keys and the generated secret that decrypts them: keep it as safe as a password.'
			: 'The signing keys in it are encrypted under ISSUER_KEY_SECRET, which is not in the backup: a restore ' +
					'needs that secret, kept apart from the backup.',
	)
} catch (error) {
	console.error(error instanceof BackupError ? `Backup failed: ${error.message}` : error)
	process.exit(1)
}
