/**
 * The opt-in public skills profile at /u/<handle>: off until the learner publishes it, showing
 * only the credentials they list. Unpublished, the address answers 404 like any unknown one.
 */
import { getPath } from '../content/catalog.server'
import { credentialState, type CredentialState } from '../credentials/credential-state'
import { db } from '../db/db.server'
import { isUniqueViolation } from '../db/errors.server'
import { handleSchema, type ProfileSettings } from './profile-settings'
import { getListedSkills } from './skills-profile.server'

export async function getProfileSettings(userId: string, now = new Date()) {
	const [profile, credentials] = await Promise.all([
		db.publicProfile.findUnique({ where: { userId }, select: { handle: true, published: true } }),
		db.credential.findMany({
			where: { userId },
			orderBy: { issuedAt: 'desc' },
			select: {
				id: true,
				pathSlug: true,
				onProfile: true,
				issuedAt: true,
				validUntil: true,
				revokedAt: true,
				suspendedAt: true,
			},
		}),
	])
	return {
		handle: profile?.handle ?? null,
		published: profile?.published ?? false,
		credentials: credentials.map((c) => ({
			id: c.id,
			name: getPath(c.pathSlug)?.credential.name ?? c.pathSlug,
			issuedAt: c.issuedAt.toISOString(),
			state: credentialState(c, now),
			// Before the profile first exists, every credential is offered as listed.
			onProfile: profile ? c.onProfile : true,
		})),
	}
}

export class ProfileSettingsError extends Error {
	constructor(
		message: string,
		readonly field: 'handle' | 'credentialIds',
	) {
		super(message)
	}
}

/** Saves the address, the switch and the listed credentials together, or nothing. */
export async function saveProfileSettings(userId: string, settings: ProfileSettings) {
	try {
		await db.$transaction(async (tx) => {
			const owned = await tx.credential.count({ where: { userId, id: { in: settings.credentialIds } } })
			if (owned !== new Set(settings.credentialIds).size) {
				throw new ProfileSettingsError('One of the chosen credentials is not yours.', 'credentialIds')
			}
			const taken = await tx.publicProfile.findFirst({
				where: { handle: settings.handle, userId: { not: userId } },
				select: { userId: true },
			})
			if (taken) throw new ProfileSettingsError('This address is taken; choose another.', 'handle')
			await tx.publicProfile.upsert({
				where: { userId },
				create: { userId, handle: settings.handle, published: settings.published },
				update: { handle: settings.handle, published: settings.published },
				select: { userId: true },
			})
			await tx.credential.updateMany({
				where: { userId, id: { in: settings.credentialIds } },
				data: { onProfile: true },
			})
			await tx.credential.updateMany({
				where: { userId, id: { notIn: settings.credentialIds } },
				data: { onProfile: false },
			})
		})
	} catch (error) {
		// Two learners claiming the same address at once: the unique index decides.
		if (isUniqueViolation(error)) {
			throw new ProfileSettingsError('This address is taken; choose another.', 'handle')
		}
		throw error
	}
}

export type PublicCredential = {
	name: string
	issuedAt: string
	validUntil: string
	state: CredentialState
	/** The credential's own verification page, when its holder has that link switched on. */
	publicId: string | null
	/** The signed credential exactly as issued, verified again in the viewer's browser. */
	document: Record<string, unknown>
}

/** A published profile: the holder's name, the credentials they listed, and the skills those prove. */
export async function getPublicProfile(handle: string, now = new Date()) {
	const parsed = handleSchema.safeParse(handle)
	if (!parsed.success || parsed.data !== handle) return null
	const profile = await db.publicProfile.findUnique({
		where: { handle },
		select: {
			userId: true,
			handle: true,
			published: true,
			user: {
				select: {
					name: true,
					credentials: {
						where: { onProfile: true },
						orderBy: { issuedAt: 'desc' },
						select: {
							pathSlug: true,
							publicId: true,
							publicLinkEnabled: true,
							document: true,
							issuedAt: true,
							validUntil: true,
							revokedAt: true,
							suspendedAt: true,
						},
					},
				},
			},
		},
	})
	if (!profile || !profile.published) return null
	const credentials: PublicCredential[] = profile.user.credentials.map((c) => ({
		name: getPath(c.pathSlug)?.credential.name ?? c.pathSlug,
		issuedAt: c.issuedAt.toISOString(),
		validUntil: c.validUntil.toISOString(),
		state: credentialState(c, now),
		publicId: c.publicLinkEnabled ? c.publicId : null,
		document: JSON.parse(c.document) as Record<string, unknown>,
	}))
	const skills = await getListedSkills(profile.userId, now)
	return { handle: profile.handle, name: profile.user.name, credentials, skills }
}
