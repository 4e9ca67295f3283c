/**
 * Creates a migration for BOTH providers from the change in prisma/schema.prisma:
 *   npm run db:migrate -- add_teams
 * Each provider's SQL is the diff between its migration history and its schema.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { diffMigrationsToSchema, providers, root, type Provider } from './prisma-cli.ts'

const name = process.argv[2]
if (!name || !/^[a-z0-9_]+$/.test(name)) {
	console.error('Usage: npm run db:migrate -- <name_in_snake_case>')
	process.exit(1)
}
execFileSync('npx', ['tsx', 'scripts/db-schemas.ts'], { cwd: root, stdio: 'inherit' })

const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14)
for (const provider of Object.keys(providers) as Provider[]) {
	const diff = diffMigrationsToSchema(provider)
	if (diff.status !== 0) {
		console.error(`${provider}: prisma migrate diff failed\n${diff.stderr}`)
		process.exit(1)
	}
	if (!diff.stdout.trim() || diff.stdout.includes('This is an empty migration')) {
		console.log(`${provider}: already matches the schema, nothing to add`)
		continue
	}
	const dir = path.join(root, providers[provider].migrations, `${stamp}_${name}`)
	fs.mkdirSync(dir, { recursive: true })
	fs.writeFileSync(path.join(dir, 'migration.sql'), diff.stdout)
	console.log(`${provider}: wrote ${path.relative(root, dir)}/migration.sql`)
}
