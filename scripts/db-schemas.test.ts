import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from 'vitest'
import { derivePostgresSchema } from './db-schemas'

const root = path.resolve(import.meta.dirname, '..')

test('the checked-in PostgreSQL schema is derived from the source schema', () => {
	const source = fs.readFileSync(path.join(root, 'prisma/schema.prisma'), 'utf8')
	const derived = derivePostgresSchema(source)
	expect(derived).toContain('provider = "postgresql"')
	expect(derived).toContain('output       = "../../app/db/generated/postgres"')
	expect(derived).not.toContain('"sqlite"')
	expect(fs.readFileSync(path.join(root, 'prisma/postgres/schema.prisma'), 'utf8')).toBe(derived)
})

test('a source schema the derivation no longer understands is an error, not a silent copy', () => {
	expect(() => derivePostgresSchema('datasource db { provider = "mysql" }')).toThrow(/no longer matches/)
})
