import { expect, test } from 'vitest'
import { formatConfigErrors, parseConfig } from './config.server'

test('defaults give a working local configuration on the embedded database', () => {
	const result = parseConfig({})
	expect(result.success).toBe(true)
	expect(result.data).toMatchObject({
		PORT: 3000,
		DATABASE_URL: 'file:./data/skillproof.db',
		databaseProvider: 'sqlite',
		PUBLIC_ORIGIN: 'http://localhost:3000',
		JOB_RETENTION_DAYS: 30,
	})
	expect(parseConfig({ JOB_RETENTION_DAYS: '90' }).data?.JOB_RETENTION_DAYS).toBe(90)
})

test('a postgresql:// DATABASE_URL selects PostgreSQL', () => {
	const result = parseConfig({ DATABASE_URL: 'postgresql://app@db.internal:5432/skillproof' })
	expect(result.data?.databaseProvider).toBe('postgresql')
})

test('a nonsense DATABASE_URL is refused with a message naming the variable', () => {
	const result = parseConfig({ DATABASE_URL: 'nonsense' })
	expect(result.success).toBe(false)
	const message = formatConfigErrors(result.error!)
	expect(message).toContain('DATABASE_URL: must be an SQLite file URL')
})

test.each([
	[{ PORT: 'eighty' }, 'PORT'],
	[{ PORT: '70000' }, 'PORT'],
	[{ PUBLIC_ORIGIN: 'not a url' }, 'PUBLIC_ORIGIN'],
	[{ PUBLIC_ORIGIN: 'https://skills.example.com/app' }, 'PUBLIC_ORIGIN'],
	[{ NODE_ENV: 'production', PUBLIC_ORIGIN: 'http://skills.example.com' }, 'PUBLIC_ORIGIN'],
	[{ COOKIE_SECRET: 'short' }, 'COOKIE_SECRET'],
	[{ NODE_ENV: 'staging' }, 'NODE_ENV'],
	[{ JOB_RETENTION_DAYS: '0' }, 'JOB_RETENTION_DAYS'],
	[{ JOB_RETENTION_DAYS: 'a month' }, 'JOB_RETENTION_DAYS'],
])('%o is refused', (env, variable) => {
	const result = parseConfig(env)
	expect(result.success).toBe(false)
	expect(result.error!.issues.map((issue) => issue.path[0])).toContain(variable)
})

test('production accepts https and local http origins', () => {
	const secret = 'a-key-encryption-secret-of-32-characters-or-more'
	expect(
		parseConfig({ NODE_ENV: 'production', PUBLIC_ORIGIN: 'https://skills.example.com', ISSUER_KEY_SECRET: secret })
			.success,
	).toBe(true)
	expect(parseConfig({ NODE_ENV: 'production', PUBLIC_ORIGIN: 'http://localhost:3000' }).success).toBe(true)
})

test('production on a public origin needs the secret that encrypts the signing keys', () => {
	const result = parseConfig({ NODE_ENV: 'production', PUBLIC_ORIGIN: 'https://skills.example.com' })
	expect(result.success).toBe(false)
	expect(result.error!.issues.map((issue) => issue.path[0])).toEqual(['ISSUER_KEY_SECRET'])
})
