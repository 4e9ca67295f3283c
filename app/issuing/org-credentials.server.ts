/** Issued credentials as an organisation's admins list them, each with its standing. */
import { credentialState } from '../credentials/credential-state'
import { db } from '../db/db.server'
import { statusSelect } from './wallet.server'

/** The credentials an organisation issued through its learners, newest first, for its admins. */
export async function listOrgCredentials(orgId: string, options: { take?: number; now?: Date } = {}) {
	const rows = await db.credential.findMany({
		where: { orgId },
		orderBy: { issuedAt: 'desc' },
		take: options.take ?? 200,
		select: {
			id: true,
			pathSlug: true,
			...statusSelect,
			user: { select: { name: true, email: true } },
		},
	})
	const now = options.now ?? new Date()
	return rows.map((row) => ({ ...row, state: credentialState(row, now) }))
}
