/**
 * What follows, in the same transaction, when a person's address is confirmed (a confirmation link, a
 * password reset, an invitation): joining the organisation that lists the address's domain, then
 * issuing the credentials held until the address was confirmed, so that the organisation just
 * joined issues them.
 */
import type { ConfirmedEffects } from '../auth/email-verification.server'
import type { Prisma } from '../db/generated/sqlite/client'
import { issueHeldCredentials } from '../learning/held-credentials.server'
import { joinByDomain } from './join-domains.server'

export async function onAddressConfirmed(
	tx: Prisma.TransactionClient,
	userId: string,
	now: Date,
): Promise<ConfirmedEffects> {
	const joined = await joinByDomain(tx, userId, now)
	const credentialsIssued = await issueHeldCredentials(tx, userId, now)
	return { joined: joined ? [joined] : [], credentialsIssued }
}
