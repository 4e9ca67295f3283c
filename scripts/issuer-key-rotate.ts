/**
 * `npm run credentials:rotate-key`: adds a new signing key to this site's issuer, or with
 * `-- --org <slug>` to an organisation's. Every running instance signs new credentials and status
 * lists with it from then on, without a restart (keys are database rows); every older public key stays
 * in the DID document, so credentials signed with it still verify.
 */
import { parseArgs } from 'node:util'
import { config } from '../app/config.server'
import { didFromOrigin, siteDidDocumentPath } from '../app/credentials/issuer'
import { db } from '../app/db/db.server'
import { rotateSiteKey } from '../app/issuing/issuer.server'
import { rotateOrgKey } from '../app/issuing/org-issuers.server'

const { values } = parseArgs({ options: { org: { type: 'string' } } })
const siteDid = didFromOrigin(config.PUBLIC_ORIGIN)
try {
	const { did, keyId } = values.org ? await rotateOrgKey(values.org) : { did: siteDid, keyId: await rotateSiteKey() }
	console.log(
		`New signing key for ${did}:\n  ${keyId}\nOlder keys stay published in ${config.PUBLIC_ORIGIN}${siteDidDocumentPath(siteDid, did)}.`,
	)
} catch (error) {
	console.error((error as Error).message)
	process.exitCode = 1
} finally {
	await db.$disconnect()
}
