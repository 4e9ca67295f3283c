/**
 * Where a person lands after signing in when no page asked for them: admins and owners of an
 * organisation on its admin home, which answers "are we on track?"; everyone else on their dashboard.
 */
import { db } from '../db/db.server'

export async function landingPath(userId: string): Promise<'/admin' | '/dashboard'> {
	const admin = await db.membership.findFirst({
		where: { userId, deactivatedAt: null, role: { in: ['ADMIN', 'OWNER'] } },
		select: { id: true },
	})
	return admin ? '/admin' : '/dashboard'
}
