import { db } from '../../app/db/db.server'

/** A user with a unique email and no usable password, for tests that need someone to act as. */
export function createTestUser(name = 'Test Learner') {
	return db.user.create({
		data: { name, email: `${crypto.randomUUID()}@example.test`, passwordHash: 'unused' },
		select: { id: true },
	})
}
