/**
 * `npm run trust`: the site operator's trust list, the issuers besides this site whose credentials
 * verify as valid here (see app/issuing/trust-list.server.ts).
 *
 *   npm run trust -- list
 *   npm run trust -- add <did:key:z6Mk…> --name "Northwind Logistics" [--url https://…] [--note "…"]
 *   npm run trust -- remove <did:key:z6Mk…> [--note "…"]
 *   npm run trust -- history
 *
 * Running servers apply a change to their next verification.
 */
import { parseArgs } from 'node:util'
import { db } from '../app/db/db.server'
import {
	distrustIssuer,
	TrustListError,
	trustedIssuers,
	trustIssuer,
	trustListHistory,
} from '../app/issuing/trust-list.server'

const USAGE = `Usage:
  npm run trust -- list
  npm run trust -- add <did:key:z6Mk…> --name "<name>" [--url https://…] [--note "<why>"]
  npm run trust -- remove <did:key:z6Mk…> [--note "<why>"]
  npm run trust -- history`

const { positionals, values } = parseArgs({
	allowPositionals: true,
	options: { name: { type: 'string' }, url: { type: 'string' }, note: { type: 'string' } },
})
const [command, did] = positionals

async function run(): Promise<number> {
	switch (command) {
		case 'list': {
			const list = await trustedIssuers()
			if (list.length === 0)
				console.log('No issuer is on the trust list: only this site’s credentials verify as valid.')
			for (const issuer of list)
				console.log(
					`${issuer.name}${issuer.url ? ` <${issuer.url}>` : ''}\n  ${issuer.did}\n  since change ${issuer.version}`,
				)
			return 0
		}
		case 'history': {
			for (const change of await trustListHistory())
				console.log(
					`${change.version}\t${change.changedAt.toISOString()}\t${change.action}\t${change.did}\t${change.name ?? ''}\t${change.note ?? ''}`,
				)
			return 0
		}
		case 'add': {
			if (!did || values.name === undefined) break
			const version = await trustIssuer({ did, name: values.name, url: values.url ?? null, note: values.note ?? null })
			console.log(`Change ${version}: ${values.name} (${did}) is on the trust list.`)
			return 0
		}
		case 'remove': {
			if (!did) break
			const version = await distrustIssuer(did, values.note ?? null)
			console.log(`Change ${version}: ${did} is off the trust list.`)
			return 0
		}
	}
	console.error(USAGE)
	return 2
}

try {
	process.exitCode = await run()
} catch (error) {
	if (error instanceof TrustListError) console.error(error.message)
	else if ((error as { code?: string }).code === 'P2021')
		console.error(
			'The database has no trust list yet: start the site once (it brings the database up to date), then run this again.',
		)
	else throw error
	process.exitCode = 1
} finally {
	await db.$disconnect()
}
