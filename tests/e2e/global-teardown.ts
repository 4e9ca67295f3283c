import fs from 'node:fs'
import path from 'node:path'
import { withAdminClient } from '../setup/test-databases'
import { e2eTargets } from './targets'

/** Drops this run's databases, whatever state the servers were left in. */
export default async function globalTeardown() {
	await withAdminClient(async (client) => {
		for (const target of e2eTargets()) {
			if (target.provider !== 'postgresql') continue
			const name = new URL(target.databaseUrl).pathname.slice(1)
			await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
		}
	})
	fs.rmSync(path.resolve(import.meta.dirname, '../../data/e2e', process.env.E2E_RUN_ID ?? 'none'), {
		recursive: true,
		force: true,
	})
}
