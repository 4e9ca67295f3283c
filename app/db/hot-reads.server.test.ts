import { expect, test } from 'vitest'
import { createTestUser } from '../../tests/setup/factories'
import { db } from './db.server'
import { hotRead } from './hot-reads.server'

type Row = { id: string; userId: string; expiresAt: Date | string }

const readSession = (id: string) => hotRead<Row>`
	SELECT "id", "userId", "expiresAt" FROM "Session" WHERE "id" = ${id}`

test('a hot read sees what the client committed, at once, with the same values and instant', async () => {
	const user = await createTestUser()
	const expiresAt = new Date('2027-03-04T05:06:07.089Z')
	const id = `session-${crypto.randomUUID()}`
	expect(await readSession(id)).toEqual([])

	await db.session.create({ data: { id, userId: user.id, expiresAt } })
	const [row] = await readSession(id)
	expect(row).toMatchObject({ id, userId: user.id })
	// SQLite returns the stored text, PostgreSQL a Date: both name the same instant (UTC, not local).
	expect(new Date(row!.expiresAt).toISOString()).toBe(expiresAt.toISOString())

	await db.session.update({ where: { id }, data: { expiresAt: new Date('2028-01-01T00:00:00.000Z') } })
	expect(new Date((await readSession(id))[0]!.expiresAt).toISOString()).toBe('2028-01-01T00:00:00.000Z')
	await db.session.delete({ where: { id } })
	expect(await readSession(id)).toEqual([])
})

test('one call site answers many values and several parameters, including null', async () => {
	const users = await Promise.all([createTestUser('Ada'), createTestUser('Grace'), createTestUser('Hedy')])
	for (const user of users) {
		const rows = await hotRead<{ id: string; name: string }>`
			SELECT "id", "name" FROM "User" WHERE "id" = ${user.id} AND ("name" = ${null} OR "id" = ${user.id})`
		expect(rows).toEqual([{ id: user.id, name: expect.any(String) }])
	}
	const names = await hotRead<{ name: string }>`
		SELECT "name" FROM "User" WHERE "id" IN (${users[0]!.id}, ${users[2]!.id}) ORDER BY "name"`
	expect(names.map((r) => r.name)).toEqual(['Ada', 'Hedy'])
})

test('a hot read cannot write', async () => {
	const user = await createTestUser('Unchanged')
	await expect(hotRead`UPDATE "User" SET "name" = ${'Changed'} WHERE "id" = ${user.id}`).rejects.toThrow()
	expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe('Unchanged')
})
