/**
 * `npm run credentials:rotate-key`: adds a new issuer signing key. New credentials and status lists
 * are signed with it from then on (running servers pick it up without a restart); every older
 * public key stays in the DID document, so credentials signed with it still verify.
 */
import { config } from '../app/config.server'
import { didFromOrigin } from '../app/credentials/issuer'
import { rotateIssuerKey } from '../app/issuing/key-store.server'

const did = didFromOrigin(config.PUBLIC_ORIGIN)
const id = await rotateIssuerKey({ dir: config.DATA_DIR, did, secret: config.ISSUER_KEY_SECRET })
console.log(
	`New signing key for ${did}:\n  ${id}\nOlder keys stay published in ${config.PUBLIC_ORIGIN}/.well-known/did.json.`,
)
