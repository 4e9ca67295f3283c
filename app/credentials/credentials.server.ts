/**
 * Credentials in the database: issuing one inside the transaction that records a completion,
 * status lists (allocation of random indices, the signed list documents), revocation and
 * suspension, and the server's own verification of any credential.
 */
import { recordAudit } from '../audit/audit.server'
import { config } from '../config.server'
import type { CompiledPath } from '../content/compiled-content'
import { getSkill } from '../content/skill-ids'
import { db } from '../db/db.server'
import type { Prisma } from '../db/generated/sqlite/client'
import { recordSkillEvidence } from '../skills/evidence.server'
import { buildAchievement, buildAchievementCredential, type AlignedSkill } from './achievement-credential'
import { createDocumentLoader } from './document-loader'
import { addMonthsUtc } from './encoding'
import { buildDidDocument, didFromOrigin, issuerProfile } from './issuer'
import { ensureIssuerKeys, loadIssuerKeys, type KeyStoreOptions } from './issuer-keys.server'
import { signCredential } from './sign'
import { buildStatusListCredential, randomStatusIndex, STATUS_LIST_LENGTH, type StatusPurpose } from './status-list'
import { verifyCredential, type VerificationReport } from './verify'

type Tx = Prisma.TransactionClient

export const issuerDid = didFromOrigin(config.PUBLIC_ORIGIN)
const keyStore: KeyStoreOptions = { dir: config.DATA_DIR, did: issuerDid, secret: config.ISSUER_KEY_SECRET }
const STATUS_PATH = '/credentials/status/'
const statusListPrefix = `${config.PUBLIC_ORIGIN}${STATUS_PATH}`

export const statusListUrl = (id: number) => `${statusListPrefix}${id}`
export const achievementId = (path: Pick<CompiledPath, 'slug' | 'version'>) =>
	`${config.PUBLIC_ORIGIN}/achievements/${path.slug}/v${path.version}`
export const badgeImageUrl = (pathSlug: string) => `${config.PUBLIC_ORIGIN}/badges/${pathSlug}.svg`
export const verificationUrl = (publicId: string) => `${config.PUBLIC_ORIGIN}/c/${publicId}`

/** Where the viewer's browser finds this issuer's DID document and status lists (see browser-verify.ts). */
export const browserVerifierOptions = {
	issuerDid,
	didDocumentUrl: `${config.PUBLIC_ORIGIN}/.well-known/did.json`,
	statusListPrefix,
}

/** Creates the signing key on first start (called before the server listens). */
export async function prepareIssuer() {
	await ensureIssuerKeys(keyStore)
}

export async function getDidDocument() {
	const { publicKeys } = await loadIssuerKeys(keyStore)
	return buildDidDocument(issuerDid, publicKeys)
}

/** The key new signatures are made with (the newest after a rotation). */
export async function getSigningKey() {
	return (await loadIssuerKeys(keyStore)).signingKey
}

export function getIssuerProfile() {
	return issuerProfile(config.PUBLIC_ORIGIN)
}

export const serverDocumentLoader = createDocumentLoader({
	issuerDid,
	loadIssuerDidDocument: getDidDocument,
	statusListPrefix,
	loadStatusList: async (url) => {
		const id = Number(url.slice(statusListPrefix.length))
		const list = Number.isSafeInteger(id) ? await getStatusList(id) : null
		if (!list) throw new Error(`There is no status list at ${url}.`)
		return JSON.parse(list.document) as Record<string, unknown>
	},
})

function alignedSkills(path: CompiledPath): AlignedSkill[] {
	return path.skills.flatMap((id): AlignedSkill[] => {
		const skill = getSkill(id)
		if (!skill) return []
		const uri = skill.uri.startsWith('/') ? `${config.PUBLIC_ORIGIN}${skill.uri}` : skill.uri
		if (skill.framework === 'esco') return [{ framework: 'ESCO', label: skill.label, uri }]
		if (skill.framework === 'digcomp') {
			return [{ framework: 'DigComp 2.2', label: skill.label, uri, ...(skill.digcomp ? { code: skill.digcomp } : {}) }]
		}
		return [{ framework: 'Skillproof', label: skill.label, uri }]
	})
}

/**
 * An open list of the purpose with room left, locked for this transaction (the version bump takes
 * the row lock on PostgreSQL; SQLite has one writer at a time), so that concurrent issuers never
 * draw the same index. A list is closed at half full, which keeps random draws cheap.
 */
async function openList(tx: Tx, purpose: StatusPurpose) {
	const open = await tx.statusList.findFirst({
		where: { purpose, allocated: { lt: STATUS_LIST_LENGTH / 2 } },
		orderBy: { id: 'asc' },
		select: { id: true },
	})
	const id =
		open?.id ?? (await tx.statusList.create({ data: { purpose, length: STATUS_LIST_LENGTH }, select: { id: true } })).id
	await tx.statusList.update({ where: { id }, data: { allocated: { increment: 1 } }, select: { id: true } })
	return id
}

async function allocateIndex(tx: Tx, purpose: StatusPurpose): Promise<{ listId: number; index: number }> {
	const listId = await openList(tx, purpose)
	// The list is at most half full, so a free index comes within two draws on average.
	for (;;) {
		const index = randomStatusIndex()
		const taken = await tx.credential.count({
			where:
				purpose === 'revocation'
					? { revocationListId: listId, revocationIndex: index }
					: { suspensionListId: listId, suspensionIndex: index },
		})
		if (taken === 0) return { listId, index }
	}
}

function randomToken(bytes: number) {
	const buffer = crypto.getRandomValues(new Uint8Array(bytes))
	return Buffer.from(buffer).toString('base64url')
}

/** The path's achievement as credentials carry it (stable per path and content version). */
function achievementOf(path: CompiledPath) {
	return {
		id: achievementId(path),
		name: path.credential.name,
		description: path.credential.description,
		criteria: path.credential.criteria,
		imageUrl: badgeImageUrl(path.slug),
		version: String(path.version),
		topic: path.topic,
		skills: alignedSkills(path),
		passMark: path.assessment.passMark,
	}
}

/** The Achievement document a credential's `achievement.id` resolves to. */
export function getAchievementDocument(path: CompiledPath) {
	return buildAchievement(achievementOf(path), getIssuerProfile())
}

export type IssueInput = {
	userId: string
	path: CompiledPath
	completionId: string
	score: number
	questionCount: number
	at: Date
	/** Per attested skill, the objectives answered correctly (see skills/skill-level.ts). */
	skillEvidence: ReadonlyMap<string, readonly string[]>
}

/** Issues the credential for a completion, inside the caller's transaction. One per completion. */
export async function issueCredential(tx: Tx, input: IssueInput) {
	const existing = await tx.credential.findUnique({ where: { completionId: input.completionId }, select: { id: true } })
	if (existing) return existing
	const user = await tx.user.findUniqueOrThrow({
		where: { id: input.userId },
		select: {
			name: true,
			email: true,
			identitySalt: true,
			memberships: {
				where: { deactivatedAt: null },
				orderBy: { createdAt: 'asc' },
				take: 1,
				select: { orgId: true, teamId: true },
			},
		},
	})
	let salt = user.identitySalt
	if (!salt) {
		salt = randomToken(16)
		await tx.user.update({ where: { id: input.userId }, data: { identitySalt: salt }, select: { id: true } })
	}
	const revocation = await allocateIndex(tx, 'revocation')
	const suspension = await allocateIndex(tx, 'suspension')
	const id = crypto.randomUUID()
	const validUntil = addMonthsUtc(input.at, input.path.credential.validForMonths)
	const { signingKey } = await loadIssuerKeys(keyStore)
	const unsigned = await buildAchievementCredential({
		origin: config.PUBLIC_ORIGIN,
		issuer: getIssuerProfile(),
		credentialId: id,
		achievement: achievementOf(input.path),
		learner: { name: user.name, email: user.email, salt },
		result: { score: input.score, assessedAt: input.at, questionCount: input.questionCount },
		validFrom: input.at,
		validUntil,
		status: [
			{ purpose: 'revocation', listUrl: statusListUrl(revocation.listId), index: revocation.index },
			{ purpose: 'suspension', listUrl: statusListUrl(suspension.listId), index: suspension.index },
		],
	})
	const signed = await signCredential(unsigned, signingKey, serverDocumentLoader, input.at)
	const orgId = user.memberships[0]?.orgId ?? null
	const teamId = user.memberships[0]?.teamId ?? null
	const credential = await tx.credential.create({
		data: {
			id,
			userId: input.userId,
			completionId: input.completionId,
			orgId,
			pathSlug: input.path.slug,
			achievementId: achievementId(input.path),
			publicId: randomToken(18),
			document: JSON.stringify(signed),
			issuedAt: input.at,
			validUntil,
			revocationListId: revocation.listId,
			revocationIndex: revocation.index,
			suspensionListId: suspension.listId,
			suspensionIndex: suspension.index,
			events: { create: { kind: 'issued', createdAt: input.at, seenAt: null } },
		},
		select: { id: true },
	})
	// The skills it attests, for profiles and organisation coverage (one row per aligned skill).
	await recordSkillEvidence(tx, {
		credentialId: id,
		userId: input.userId,
		orgId,
		teamId,
		member: orgId !== null,
		skills: input.path.skills,
		evidence: input.skillEvidence,
		validUntil,
		active: true,
	})
	return credential
}

/** Rebuilds and signs a list's document from the credentials whose bit is set, in `tx`. */
async function rebuildStatusList(tx: Tx, listId: number) {
	const list = await tx.statusList.update({
		where: { id: listId },
		data: { version: { increment: 1 } },
		select: { id: true, purpose: true, length: true, version: true },
	})
	const purpose = list.purpose as StatusPurpose
	const rows =
		purpose === 'revocation'
			? await tx.credential.findMany({
					where: { revocationListId: listId, revokedAt: { not: null } },
					select: { revocationIndex: true },
				})
			: await tx.credential.findMany({
					where: { suspensionListId: listId, suspendedAt: { not: null } },
					select: { suspensionIndex: true },
				})
	const indices = rows.map((r) => ('revocationIndex' in r ? r.revocationIndex : r.suspensionIndex))
	const { signingKey } = await loadIssuerKeys(keyStore)
	const unsigned = await buildStatusListCredential({
		url: statusListUrl(listId),
		purpose,
		issuer: issuerDid,
		setIndices: indices,
		validFrom: new Date(),
		length: list.length,
	})
	const signed = await signCredential(unsigned, signingKey, serverDocumentLoader)
	await tx.statusList.update({
		where: { id: listId },
		data: { document: JSON.stringify(signed) },
		select: { id: true },
	})
	return { version: list.version, document: JSON.stringify(signed) }
}

/** The signed list and its version (the ETag), built on first request. */
export async function getStatusList(id: number): Promise<{ version: number; document: string } | null> {
	const list = await db.statusList.findUnique({ where: { id }, select: { version: true, document: true } })
	if (!list) return null
	if (list.document) return { version: list.version, document: list.document }
	return db.$transaction((tx) => rebuildStatusList(tx, id))
}

export type StatusAction = 'revoke' | 'suspend' | 'reinstate'

export class CredentialStatusError extends Error {}

/** No such credential (in the organisation the admin acts for). */
export class CredentialNotFoundError extends CredentialStatusError {}

/**
 * Revokes, suspends or lifts a suspension, with the reason, and signs the changed list in the
 * same transaction: the bit and the served list never disagree. Revocation is final.
 */
export async function changeCredentialStatus(input: {
	credentialId: string
	action: StatusAction
	reason: string
	actorId: string
	/** When an admin acts: the credential must have been issued in their organisation. */
	orgId?: string
	/** When an admin acts: their name for the organisation's audit log. */
	actorName?: string
	now?: Date
}) {
	const now = input.now ?? new Date()
	return db.$transaction(async (tx) => {
		const credential = await tx.credential.findFirst({
			where: { id: input.credentialId, ...(input.orgId ? { orgId: input.orgId } : {}) },
			select: {
				revokedAt: true,
				suspendedAt: true,
				revocationListId: true,
				suspensionListId: true,
				pathSlug: true,
				user: { select: { name: true } },
			},
		})
		if (!credential) throw new CredentialNotFoundError('There is no such credential in your organisation.')
		if (credential.revokedAt) throw new CredentialStatusError('This credential is revoked; revocation is final.')
		if (input.action === 'revoke') {
			await tx.credential.update({
				where: { id: input.credentialId },
				data: { revokedAt: now, revokedReason: input.reason, revokedById: input.actorId },
				select: { id: true },
			})
			await rebuildStatusList(tx, credential.revocationListId)
		} else if (input.action === 'suspend') {
			if (credential.suspendedAt) throw new CredentialStatusError('This credential is already suspended.')
			await tx.credential.update({
				where: { id: input.credentialId },
				data: { suspendedAt: now, suspendedReason: input.reason, suspendedById: input.actorId },
				select: { id: true },
			})
			await rebuildStatusList(tx, credential.suspensionListId)
		} else {
			if (!credential.suspendedAt) throw new CredentialStatusError('This credential is not suspended.')
			await tx.credential.update({
				where: { id: input.credentialId },
				data: { suspendedAt: null, suspendedReason: null, suspendedById: null },
				select: { id: true },
			})
			await rebuildStatusList(tx, credential.suspensionListId)
		}
		// Revoked or suspended credentials back no skill; lifting a suspension restores them.
		await tx.credentialSkill.updateMany({
			where: { credentialId: input.credentialId },
			data: { active: input.action === 'reinstate' },
		})
		const kind = { revoke: 'revoked', suspend: 'suspended', reinstate: 'reinstated' }[input.action]
		await tx.credentialEvent.create({
			data: { credentialId: input.credentialId, kind, reason: input.reason, actorId: input.actorId, createdAt: now },
			select: { id: true },
		})
		if (input.orgId && input.actorName) {
			const verb = { revoke: 'Revoked', suspend: 'Suspended', reinstate: 'Lifted the suspension of' }[input.action]
			await recordAudit(tx, {
				orgId: input.orgId,
				actor: { id: input.actorId, name: input.actorName },
				action: `credential.${input.action}`,
				targetType: 'credential',
				targetId: input.credentialId,
				summary: `${verb} the credential “${credential.pathSlug}” of ${credential.user.name}. Reason: ${input.reason}`,
				at: now,
			})
		}
	})
}

/**
 * Signatures this process has verified (see VerifyOptions.signatureCache): the verification page of
 * a shared credential is opened again and again, and its signature check is most of its cost. The
 * oldest entries go first once it holds 5,000. Per process, and safe so: each entry is a fact about
 * fixed content, never a decision that another instance could see differently.
 */
const verifiedSignatures = new Set<string>()
const signatureCache = {
	has: (key: string) => verifiedSignatures.has(key),
	add(key: string) {
		verifiedSignatures.add(key)
		if (verifiedSignatures.size > 5000) verifiedSignatures.delete(verifiedSignatures.values().next().value!)
	},
}

/** Verifies any credential on the server (this site's issuer, or did:key). */
export function verifyOnServer(credential: unknown, now = new Date()): Promise<VerificationReport> {
	return verifyCredential(credential, {
		documentLoader: serverDocumentLoader,
		knownIssuers: [issuerDid],
		now,
		signatureCache,
	})
}

/** The columns that say where a credential stands: its dates, and any revocation or suspension. */
const statusSelect = {
	issuedAt: true,
	validUntil: true,
	revokedAt: true,
	revokedReason: true,
	suspendedAt: true,
	suspendedReason: true,
} as const

/** A credential by its public link, or null when there is none or its holder switched the link off. */
export async function getPublicCredential(publicId: string) {
	if (!/^[A-Za-z0-9_-]{16,64}$/.test(publicId)) return null
	const row = await db.credential.findUnique({
		where: { publicId },
		select: {
			id: true,
			publicId: true,
			publicLinkEnabled: true,
			document: true,
			pathSlug: true,
			...statusSelect,
		},
	})
	if (!row || !row.publicLinkEnabled) return null
	return row
}

export type CredentialState = 'valid' | 'expired' | 'suspended' | 'revoked'

export function credentialState(
	row: { revokedAt: Date | null; suspendedAt: Date | null; validUntil: Date },
	now = new Date(),
): CredentialState {
	if (row.revokedAt) return 'revoked'
	if (row.suspendedAt) return 'suspended'
	if (row.validUntil <= now) return 'expired'
	return 'valid'
}

/** The learner's own credentials, newest first, with what the wallet shows of each. */
export async function listMyCredentials(userId: string) {
	const rows = await db.credential.findMany({
		where: { userId },
		orderBy: { issuedAt: 'desc' },
		select: {
			id: true,
			publicId: true,
			publicLinkEnabled: true,
			pathSlug: true,
			document: true,
			...statusSelect,
		},
	})
	return rows.map(({ document, ...row }) => {
		const parsed = JSON.parse(document) as { name?: string; id?: string }
		return {
			...row,
			name: parsed.name ?? row.pathSlug,
			credentialUri: parsed.id ?? `urn:uuid:${row.id}`,
			state: credentialState(row),
		}
	})
}

/** The learner's own credential (null for anyone else's). */
export function getOwnCredential(userId: string, credentialId: string) {
	return db.credential.findFirst({
		where: { id: credentialId, userId },
		select: {
			id: true,
			publicId: true,
			document: true,
			pathSlug: true,
			publicLinkEnabled: true,
			issuedAt: true,
			validUntil: true,
		},
	})
}

/** Switches the public verification link on or off; only the holder can. */
export async function setPublicLink(userId: string, credentialId: string, enabled: boolean) {
	return db.$transaction(async (tx) => {
		const { count } = await tx.credential.updateMany({
			where: { id: credentialId, userId, publicLinkEnabled: !enabled },
			data: { publicLinkEnabled: enabled },
		})
		if (count > 0) {
			await tx.credentialEvent.create({
				data: { credentialId, kind: enabled ? 'link-enabled' : 'link-disabled', actorId: userId, seenAt: new Date() },
				select: { id: true },
			})
		}
		return count > 0
	})
}

/** Status changes the learner has not yet seen (revoked, suspended, reinstated). */
export function listCredentialNotices(userId: string) {
	return db.credentialEvent.findMany({
		where: { seenAt: null, kind: { in: ['revoked', 'suspended', 'reinstated'] }, credential: { userId } },
		orderBy: { createdAt: 'desc' },
		select: {
			id: true,
			kind: true,
			reason: true,
			createdAt: true,
			credential: { select: { id: true, pathSlug: true } },
		},
	})
}

export async function dismissCredentialNotice(userId: string, eventId: string) {
	await db.credentialEvent.updateMany({
		where: { id: eventId, seenAt: null, credential: { userId } },
		data: { seenAt: new Date() },
	})
}

/** The credentials an organisation issued through its learners, newest first, for its admins. */
export async function listOrgCredentials(orgId: string, options: { take?: number } = {}) {
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
	return rows.map((row) => ({ ...row, state: credentialState(row) }))
}
