import type { Role } from '../../app/auth/roles'
import { db } from '../../app/db/db.server'

/** An email address no other test uses, in the domain reserved for tests. */
export const uniqueEmail = () => `${crypto.randomUUID()}@example.test`

/**
 * A user with a unique email, confirmed unless `verified` is false, and no usable password, for
 * tests that need someone to act as.
 */
export function createTestUser(name = 'Test Learner', { verified = true } = {}) {
	return db.user.create({
		data: { name, email: uniqueEmail(), passwordHash: 'unused', emailVerifiedAt: verified ? new Date() : null },
		select: { id: true },
	})
}

/**
 * An organisation (its slug made unique) with one member, an administrator or owner, to act as:
 * `actor` is what the admin functions take.
 */
export async function createTestOrg(name: string, person: { name: string; role: Exclude<Role, 'LEARNER'> }) {
	const org = await db.organization.create({ data: { name, slug: `${name.toLowerCase()}-${crypto.randomUUID()}` } })
	const user = await createTestUser(person.name)
	await db.membership.create({ data: { userId: user.id, orgId: org.id, role: person.role } })
	return { org, actor: { id: user.id, name: person.name, role: person.role } }
}
