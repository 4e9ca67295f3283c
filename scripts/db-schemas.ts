/**
 * Derives the PostgreSQL schema from the one source schema (prisma/schema.prisma).
 * Prisma fixes the provider per schema file, so the second provider gets a generated copy.
 * `--check` exits non-zero when the derived file is out of date (used by the tests).
 */
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const root = path.resolve(import.meta.dirname, '..')
const sourcePath = path.join(root, 'prisma/schema.prisma')
const targetPath = path.join(root, 'prisma/postgres/schema.prisma')

export function derivePostgresSchema(source: string): string {
	const replacements: Array<[RegExp, string]> = [
		[/provider(\s+)= "sqlite"/, 'provider$1= "postgresql"'],
		[/output(\s+)= "\.\.\/app\/db\/generated\/sqlite"/, 'output$1= "../../app/db/generated/postgres"'],
		[
			/^\/\/ The source schema\.[^\n]*\n\/\/[^\n]*\n/,
			'// GENERATED from prisma/schema.prisma by scripts/db-schemas.ts. Do not edit.\n',
		],
	]
	let out = source
	for (const [pattern, replacement] of replacements) {
		if (!pattern.test(out)) throw new Error(`prisma/schema.prisma no longer matches ${pattern}`)
		out = out.replace(pattern, replacement)
	}
	return out
}

function main() {
	const derived = derivePostgresSchema(fs.readFileSync(sourcePath, 'utf8'))
	if (process.argv.includes('--check')) {
		const current = fs.existsSync(targetPath) ? fs.readFileSync(targetPath, 'utf8') : ''
		if (current !== derived) {
			console.error('prisma/postgres/schema.prisma is out of date: run `npm run db:generate`.')
			process.exit(1)
		}
	} else {
		fs.mkdirSync(path.dirname(targetPath), { recursive: true })
		fs.writeFileSync(targetPath, derived)
	}
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main()
