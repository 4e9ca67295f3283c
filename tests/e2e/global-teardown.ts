import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { parseIntoClientConfig } from 'pg-connection-string'
import { e2eTargets, POSTGRES_ADMIN_URL } from './targets'

/** Drops this run's databases, whatever state the servers were left in. */
export default async function globalTeardown() {
	const client = new pg.Client(parseIntoClientConfig(POSTGRES_ADMIN_URL))
	await client.connect()
	try {
		for (const target of e2eTargets()) {
			if (target.provider !== 'postgresql') continue
			const name = new URL(target.databaseUrl).pathname.slice(1)
			await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
		}
	} finally {
		await client.end()
	}
	fs.rmSync(path.resolve(import.meta.dirname, '../../data/e2e', process.env.E2E_RUN_ID ?? 'none'), {
		recursive: true,
		force: true,
	})
}
