/**
 * An organisation's issuer profile, as its owners set it: the name its credentials are issued
 * under, its web address, a description and a contact email (OB 3.0 Profile). Credentials already
 * issued keep the profile they were signed with; new ones carry the current one. Administrators see
 * it; only owners change it, and each change is in the audit log.
 */
import { z } from 'zod'
import { recordAudit, type Actor } from '../audit/audit.server'
import { db } from '../db/db.server'
import type { Prisma } from '../db/generated/sqlite/client'
import { typedText } from '../http/typed-text'
import type { Logo } from './issuer-logo.server'
import { ensureOrgIssuerRow, orgLogoPath } from './org-issuers.server'

/** A field that may be left empty (null), or must pass `schema` once trimmed. */
const optional = (schema: z.ZodType<string, string>) =>
	z
		.string()
		.optional()
		.transform((text) => text?.trim() ?? '')
		.pipe(z.union([z.literal('').transform(() => null), schema]))

export const issuerProfileSchema = z.object({
	name: typedText(
		z
			.string({ error: 'Give the name your credentials are issued under.' })
			.trim()
			.min(1, 'Give the name your credentials are issued under.')
			.max(120, 'Keep the name to 120 characters.'),
	),
	url: optional(
		z
			.string()
			.max(300, 'Keep the address to 300 characters.')
			.pipe(z.url({ protocol: /^https$/, error: 'Give a web address that starts with https://.' })),
	),
	description: optional(typedText(z.string().max(500, 'Keep the description to 500 characters, in one paragraph.'))),
	email: optional(
		z
			.string()
			.max(254, 'An email address has at most 254 characters.')
			.pipe(z.email({ error: 'Give an email address, like credentials@example.com.' })),
	),
})
export type IssuerProfileInput = z.output<typeof issuerProfileSchema>

/** The organisation's profile and DID, or its defaults (its name) when it has not issued yet. */
export async function getOrgIssuerProfile(orgId: string) {
	const org = await db.organization.findUniqueOrThrow({
		where: { id: orgId },
		select: {
			name: true,
			issuer: {
				select: { did: true, name: true, url: true, description: true, email: true, logoType: true, updatedAt: true },
			},
		},
	})
	if (!org.issuer) return { did: null, name: org.name, url: null, description: null, email: null, logoPath: null }
	const { logoType, updatedAt, ...profile } = org.issuer
	return { ...profile, logoPath: logoType ? `${orgLogoPath(profile.did)}?v=${updatedAt.getTime()}` : null }
}

export class IssuerProfileError extends Error {}

type OwnerActor = Actor & { role: 'LEARNER' | 'ADMIN' | 'OWNER' }

function assertOwner(actor: OwnerActor) {
	if (actor.role !== 'OWNER')
		throw new IssuerProfileError('Only owners of the organisation can change what its credentials carry.')
}

/**
 * One change of the profile by an owner, with its audit entry, in one transaction (the organisation's
 * DID and key are made first if it has none yet).
 */
async function changeOrgIssuer(orgId: string, actor: OwnerActor, data: Prisma.OrgIssuerUpdateInput, summary: string) {
	assertOwner(actor)
	await db.$transaction(async (tx) => {
		await ensureOrgIssuerRow(tx, orgId)
		await tx.orgIssuer.update({ where: { orgId }, data, select: { orgId: true } })
		await recordAudit(tx, {
			orgId,
			actor,
			action: 'settings.issuer',
			targetType: 'organization',
			targetId: orgId,
			summary,
		})
	})
}

/** An owner sets the logo (checked by acceptLogo), or removes it with null. */
export async function setOrgLogo(orgId: string, actor: OwnerActor, logo: Logo | null) {
	await changeOrgIssuer(
		orgId,
		actor,
		{ logo: logo?.bytes ?? null, logoType: logo?.type ?? null },
		logo
			? `A new logo (${logo.type === 'image/png' ? 'PNG' : 'SVG'}, ${Math.ceil(logo.bytes.byteLength / 1024)} KB) for credentials.`
			: 'The logo is removed from credentials.',
	)
}

/** The logo served for the organisation whose DID is `did`, or null. */
export async function getOrgLogo(did: string) {
	const row = await db.orgIssuer.findUnique({ where: { did }, select: { logo: true, logoType: true } })
	return row?.logo && row.logoType ? { bytes: row.logo, type: row.logoType } : null
}

/** An owner changes the profile. */
export async function updateOrgIssuerProfile(orgId: string, actor: OwnerActor, input: IssuerProfileInput) {
	await changeOrgIssuer(
		orgId,
		actor,
		input,
		`Credentials are now issued as “${input.name}”${input.url ? ` (${input.url})` : ''}.`,
	)
}
