// Starts the built server for the end-to-end tests, first creating its PostgreSQL database.
import { spawn, spawnSync } from 'node:child_process'
import path from 'node:path'
import pg from 'pg'
import { parseIntoClientConfig } from 'pg-connection-string'

const root = path.resolve(import.meta.dirname, '../..')
const url = process.env.DATABASE_URL ?? ''
if (url.startsWith('postgres')) {
	const target = new URL(url)
	const database = target.pathname.slice(1)
	target.pathname = '/postgres'
	const client = new pg.Client(parseIntoClientConfig(target.toString()))
	await client.connect()
	const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])
	if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`)
	await client.end()
}

// The content these tests read: the real paths and the fixture path.
const prepared = spawnSync(
	path.join(root, 'node_modules/.bin/tsx'),
	[path.join(root, 'tests/e2e/prepare-content.ts')],
	{
		cwd: root,
		stdio: 'inherit',
		env: process.env,
	},
)
if (prepared.status !== 0) process.exit(prepared.status ?? 1)

const server = spawn(process.execPath, [path.join(root, 'server.js')], {
	cwd: root,
	stdio: 'inherit',
	env: process.env,
})
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.kill(signal))
server.on('exit', (code) => process.exit(code ?? 0))
