/**
 * An organisation's single sign-on settings, which owners keep on Admin → Access: the provider's
 * issuer, the client id and secret (sealed), an optional team claim, and whether it is required.
 * Saving reads the provider's discovery document first, so a wrong address is said at once.
 */
import { z } from 'zod'
import { recordAudit, type Actor } from '../../audit/audit.server'
import type { Role } from '../../auth/roles'
import { db } from '../../db/db.server'
import { seal, unseal } from '../../http/sealing.server'
import { typedText } from '../../http/typed-text'
import { config } from '../../config.server'
import { allowsPlainHttp, discover, SsoError, ssoRedirectUri } from './sso.server'

export const ssoSettingsSchema = z.object({
	issuer: z
		.string({ error: 'Enter the issuer address of your provider' })
		.trim()
		.max(500)
		.pipe(z.url({ error: 'Enter an address like https://login.example.com/tenant/v2.0' }))
		.refine((value) => {
			const url = new URL(value)
			return url.protocol === 'https:' || (url.protocol === 'http:' && allowsPlainHttp(url))
		}, 'The issuer address must start with https://')
		.transform((value) => value.replace(/\/$/, '')),
	clientId: typedText(z.string({ error: 'Enter the client id' }).trim().min(1, 'Enter the client id').max(200)),
	clientSecret: z.string().max(500).optional(),
	teamClaim: z
		.string()
		.trim()
		.max(100)
		.regex(/^[\w.:/-]*$/, 'A claim name has letters, digits and . _ : / - only')
		.optional(),
	required: z.literal('on').optional(),
})

export type SsoSettingsInput = z.infer<typeof ssoSettingsSchema>

/** The organisation's settings (no secret), and the addresses an owner gives the provider and the people. */
export async function getSsoSettings(orgId: string) {
	const [settings, org] = await Promise.all([
		db.orgSso.findUnique({
			where: { orgId },
			select: { issuer: true, clientId: true, teamClaim: true, required: true, updatedAt: true },
		}),
		db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { slug: true } }),
	])
	return { settings, redirectUri: ssoRedirectUri(), signInLink: `${config.PUBLIC_ORIGIN}/sso/${org.slug}` }
}

export async function saveSsoSettings(orgId: string, actor: Actor & { role: Role }, input: SsoSettingsInput) {
	if (actor.role !== 'OWNER') throw new SsoError('Only owners set up single sign-on.')
	const existing = await db.orgSso.findUnique({ where: { orgId }, select: { clientSecret: true } })
	const secret = input.clientSecret?.trim() || (existing ? unseal('sso client secret', existing.clientSecret) : '')
	if (!secret) throw new SsoError('Enter the client secret.')
	await discover({ issuer: input.issuer, clientId: input.clientId, clientSecret: secret })
	const data = {
		issuer: input.issuer,
		clientId: input.clientId,
		clientSecret: seal('sso client secret', secret),
		teamClaim: input.teamClaim || null,
		required: input.required === 'on',
	}
	await db.$transaction(async (tx) => {
		await tx.orgSso.upsert({ where: { orgId }, create: { orgId, ...data }, update: data })
		await recordAudit(tx, {
			orgId,
			actor,
			action: 'settings.sso',
			targetType: 'organisation',
			targetId: orgId,
			summary: `Single sign-on through ${input.issuer}${data.required ? ', required for members' : ''}.`,
		})
	})
}

export async function removeSso(orgId: string, actor: Actor & { role: Role }) {
	if (actor.role !== 'OWNER') throw new SsoError('Only owners set up single sign-on.')
	await db.$transaction(async (tx) => {
		const { count } = await tx.orgSso.deleteMany({ where: { orgId } })
		if (count === 0) throw new SsoError('There is no single sign-on to remove.')
		await recordAudit(tx, {
			orgId,
			actor,
			action: 'settings.sso',
			targetType: 'organisation',
			targetId: orgId,
			summary: 'Single sign-on removed: members sign in with their passwords.',
		})
	})
}
