/**
 * Who may join an organisation and how its administrators sign in. Joining without an invitation: people who confirm an address at one of its
 * listed domains join it as learners (no team), at the moment they confirm. With no domain listed,
 * the organisation is invitation-only, the default. A domain belongs to one organisation at most,
 * only an owner lists one, and only the domain of their own confirmed address, which is the proof
 * available here that the organisation controls it; public mail providers are refused outright.
 */
import { recordAudit, type Actor } from '../audit/audit.server'
import { db } from '../db/db.server'
import { isUniqueViolation } from '../db/errors.server'
import type { Prisma } from '../db/generated/sqlite/client'
import type { Role } from '../auth/roles'

type Tx = Prisma.TransactionClient

/** A change of the organisation's access rules refused, with the reason to show. */
export class JoinDomainError extends Error {}

/** Mail providers anyone can get an address at: listing one would let strangers in. */
const PUBLIC_MAIL_DOMAINS = new Set([
	'gmail.com',
	'googlemail.com',
	'outlook.com',
	'hotmail.com',
	'live.com',
	'msn.com',
	'yahoo.com',
	'ymail.com',
	'icloud.com',
	'me.com',
	'mac.com',
	'aol.com',
	'proton.me',
	'protonmail.com',
	'pm.me',
	'gmx.com',
	'gmx.net',
	'gmx.de',
	'web.de',
	'mail.com',
	'zoho.com',
	'yandex.com',
	'yandex.ru',
	'mail.ru',
	'qq.com',
	'163.com',
	'126.com',
	'fastmail.com',
	'tutanota.com',
	'hey.com',
])

export const domainOf = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase()

export function listJoinDomains(orgId: string) {
	return db.orgJoinDomain.findMany({
		where: { orgId },
		orderBy: { domain: 'asc' },
		select: { domain: true, createdAt: true },
	})
}

/**
 * Lists `domain` for the organisation. Refused with a JoinDomainError, writing nothing: an actor who is
 * not an owner, a domain that is not the one of the owner's own confirmed address, a public mail
 * provider, or a domain another organisation lists.
 */
export async function addJoinDomain(orgId: string, actor: Actor & { role: Role }, domain: string) {
	if (actor.role !== 'OWNER') throw new JoinDomainError('Only owners choose who may join the organisation.')
	const owner = await db.user.findUniqueOrThrow({
		where: { id: actor.id },
		select: { email: true, emailVerifiedAt: true },
	})
	if (PUBLIC_MAIL_DOMAINS.has(domain)) {
		throw new JoinDomainError(`${domain} is a public mail provider: anyone can have an address there.`)
	}
	if (!owner.emailVerifiedAt || domainOf(owner.email) !== domain) {
		throw new JoinDomainError(
			`You can list only the domain of your own confirmed address (${domainOf(owner.email)}). Another owner with an address at ${domain} can list it.`,
		)
	}
	try {
		await db.$transaction(async (tx) => {
			await tx.orgJoinDomain.create({ data: { domain, orgId, createdById: actor.id }, select: { domain: true } })
			await recordAudit(tx, {
				orgId,
				actor,
				action: 'settings.joining',
				targetType: 'domain',
				targetId: domain,
				summary: `People who confirm an address at ${domain} now join as learners.`,
			})
		})
	} catch (error) {
		if (isUniqueViolation(error)) {
			throw new JoinDomainError(`${domain} is already listed, by this or another organisation.`)
		}
		throw error
	}
}

export async function removeJoinDomain(orgId: string, actor: Actor & { role: Role }, domain: string) {
	if (actor.role !== 'OWNER') throw new JoinDomainError('Only owners choose who may join the organisation.')
	await db.$transaction(async (tx) => {
		const { count } = await tx.orgJoinDomain.deleteMany({ where: { orgId, domain } })
		if (count === 0) throw new JoinDomainError(`${domain} is not listed.`)
		await recordAudit(tx, {
			orgId,
			actor,
			action: 'settings.joining',
			targetType: 'domain',
			targetId: domain,
			summary: `People with an address at ${domain} no longer join without an invitation.`,
		})
	})
}

/**
 * In the transaction that confirms a person's address: when an organisation lists its domain and the
 * person has never been its member (someone deactivated does not come back this way), they join it as
 * a learner. Gives the organisation's name, or null.
 */
export async function joinByDomain(tx: Tx, userId: string, now: Date): Promise<string | null> {
	const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, name: true } })
	const listed = await tx.orgJoinDomain.findUnique({
		where: { domain: domainOf(user.email) },
		select: { orgId: true, org: { select: { name: true } } },
	})
	if (!listed) return null
	const existing = await tx.membership.findUnique({
		where: { userId_orgId: { userId, orgId: listed.orgId } },
		select: { id: true },
	})
	if (existing) return null
	await tx.membership.create({
		data: { userId, orgId: listed.orgId, role: 'LEARNER', createdAt: now },
		select: { id: true },
	})
	await recordAudit(tx, {
		orgId: listed.orgId,
		actor: { id: userId, name: user.name },
		action: 'member.join',
		targetType: 'user',
		targetId: userId,
		summary: `${user.name} joined by confirming an address at ${domainOf(user.email)}.`,
		at: now,
	})
	return listed.org.name
}

/** The organisation's rule on two-factor sign-in for its owners and administrators, and who lacks it. */
export async function getAdminTwoFactorPolicy(orgId: string) {
	const [org, lacking] = await Promise.all([
		db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { requireAdminTwoFactor: true } }),
		db.membership.findMany({
			where: { orgId, role: { in: ['ADMIN', 'OWNER'] }, deactivatedAt: null, user: { totpEnabledAt: null } },
			orderBy: { user: { name: 'asc' } },
			select: { role: true, user: { select: { name: true } } },
		}),
	])
	return { required: org.requireAdminTwoFactor, lacking: lacking.map((m) => ({ name: m.user.name, role: m.role })) }
}

/**
 * An owner requires (or stops requiring) two-factor sign-in for owners and administrators: without it
 * they keep their learner pages, and the admin area sends them to turn it on. An owner requires it
 * only with it on themselves, so the rule never shuts out the person who set it.
 */
export async function setAdminTwoFactorPolicy(orgId: string, actor: Actor & { role: Role }, required: boolean) {
	if (actor.role !== 'OWNER') throw new JoinDomainError('Only owners change how administrators sign in.')
	if (required) {
		const owner = await db.user.findUniqueOrThrow({ where: { id: actor.id }, select: { totpEnabledAt: true } })
		if (!owner.totpEnabledAt) {
			throw new JoinDomainError('Turn on two-factor sign-in for yourself first, on your account page.')
		}
	}
	await db.$transaction(async (tx) => {
		await tx.organization.update({
			where: { id: orgId },
			data: { requireAdminTwoFactor: required },
			select: { id: true },
		})
		await recordAudit(tx, {
			orgId,
			actor,
			action: 'settings.two-factor',
			targetType: 'organisation',
			targetId: orgId,
			summary: required
				? 'Owners and administrators now need two-factor sign-in for the admin area.'
				: 'Owners and administrators no longer need two-factor sign-in.',
		})
	})
}
