import { expect, test } from 'vitest'
import { earnCredential } from '../../tests/setup/earn-credential'
import { createTestUser } from '../../tests/setup/factories'
import { db } from '../db/db.server'
import { profileSettingsSchema } from './profile-settings'
import {
	getProfileSettings,
	getPublicProfile,
	ProfileSettingsError,
	saveProfileSettings,
} from './public-profile.server'

const handle = () => `learner-${crypto.randomUUID().slice(0, 8)}`

test('a profile is off until published, shows only the listed credentials, and never the email', async () => {
	const { learner, row: listed } = await earnCredential({ name: 'Dorothy Vaughan' })
	const { row: unlisted } = await earnCredential({ userId: learner.id })
	const user = await db.user.findUniqueOrThrow({ where: { id: learner.id } })
	const address = handle()

	// Nothing exists before the learner saves; saving unpublished still answers nothing.
	expect(await getPublicProfile(address)).toBeNull()
	await saveProfileSettings(learner.id, { handle: address, published: false, credentialIds: [listed.id] })
	expect(await getPublicProfile(address)).toBeNull()

	await saveProfileSettings(learner.id, { handle: address, published: true, credentialIds: [listed.id] })
	const profile = await getPublicProfile(address)
	expect(profile?.name).toBe('Dorothy Vaughan')
	expect(profile?.credentials.map((c) => c.document.id)).toEqual([`urn:uuid:${listed.id}`])
	expect(profile?.skills.verified.flatMap((s) => s.proofs.map((p) => p.credentialId))).toEqual([listed.id])
	const serialised = JSON.stringify(profile)
	expect(serialised).not.toContain(user.email)
	expect(serialised).not.toContain(unlisted.id)
	expect(serialised).not.toContain(unlisted.publicId)

	// A switched-off credential link is not exposed through the profile either.
	await db.credential.update({ where: { id: listed.id }, data: { publicLinkEnabled: false } })
	expect(JSON.stringify(await getPublicProfile(address))).not.toContain(listed.publicId)

	// Turning the profile off makes the address answer nothing again.
	await saveProfileSettings(learner.id, { handle: address, published: false, credentialIds: [listed.id] })
	expect(await getPublicProfile(address)).toBeNull()
})

test('settings are saved whole or not at all: a taken address or a foreign credential changes nothing', async () => {
	const { learner, row } = await earnCredential()
	const other = await earnCredential()
	const taken = handle()
	await saveProfileSettings(other.learner.id, { handle: taken, published: true, credentialIds: [] })

	await expect(
		saveProfileSettings(learner.id, { handle: taken, published: true, credentialIds: [row.id] }),
	).rejects.toThrow(ProfileSettingsError)
	await expect(
		saveProfileSettings(learner.id, { handle: handle(), published: true, credentialIds: [other.row.id] }),
	).rejects.toThrow('not yours')
	expect(await db.publicProfile.findUnique({ where: { userId: learner.id } })).toBeNull()
	expect((await db.credential.findUniqueOrThrow({ where: { id: other.row.id } })).onProfile).toBe(false)
	expect((await getProfileSettings(learner.id)).credentials.map((c) => c.onProfile)).toEqual([true])
})

test('addresses are checked: length, characters, reserved words; upper case is folded', () => {
	const parse = (value: string) =>
		profileSettingsSchema.safeParse({ handle: value, published: true, credentialIds: [] })
	expect(parse('Grace-Hopper').data?.handle).toBe('grace-hopper')
	for (const bad of ['ab', 'a'.repeat(31), 'grace hopper', '-grace', 'grace--hopper', 'admin', '../etc', 'grâce']) {
		expect(parse(bad).success, bad).toBe(false)
	}
	expect(
		profileSettingsSchema.safeParse({ handle: 'fine-name', published: true, credentialIds: ['not-a-uuid'] }).success,
	).toBe(false)
})

test('an unknown or malformed address answers nothing', async () => {
	const learner = await createTestUser()
	await saveProfileSettings(learner.id, { handle: 'case-test', published: true, credentialIds: [] })
	expect(await getPublicProfile('case-test')).not.toBeNull()
	expect(await getPublicProfile('Case-Test')).toBeNull()
	expect(await getPublicProfile('x'.repeat(5000))).toBeNull()
	expect(await getPublicProfile("case-test' OR 1=1 --")).toBeNull()
})
