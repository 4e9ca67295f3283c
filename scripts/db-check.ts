/**
 * Fails when the derived PostgreSQL schema is stale or when either provider's migration history
 * does not produce its schema. Part of `npm test`.
 */
import { execFileSync } from 'node:child_process'
import { diffMigrationsToSchema, providers, root, type Provider } from './prisma-cli.ts'

execFileSync('npx', ['tsx', 'scripts/db-schemas.ts', '--check'], { cwd: root, stdio: 'inherit' })

let failed = false
for (const provider of Object.keys(providers) as Provider[]) {
	// --exit-code: 0 = no difference, 2 = difference, 1 = error.
	const diff = diffMigrationsToSchema(provider, ['--exit-code'])
	if (diff.status === 0) {
		console.log(`${provider}: migrations match the schema`)
	} else {
		failed = true
		console.error(
			diff.status === 2
				? `${provider}: migrations do NOT match ${providers[provider].schema}; run npm run db:migrate -- <name>\n${diff.stdout}`
				: `${provider}: could not compare migrations and schema\n${diff.stderr}`,
		)
	}
}
process.exit(failed ? 1 : 0)
