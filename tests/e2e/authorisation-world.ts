/**
 * The people and records the authorisation test requests routes as and about: Northwind's learner,
 * admin and owner, a Northwind admin who was deactivated, a second organisation with its own learner
 * (who holds a credential) and admin, and one record of each kind in each organisation. Rows are written directly into the server's
 * database, as the other end-to-end fixtures do; the credential is earned through the site itself,
 * so that it is signed like any other.
 */
import crypto from 'node:crypto'
import { expect, type APIRequestContext, type PlaywrightWorkerArgs } from '@playwright/test'
import { createCookie } from 'react-router'
import { SESSION_COOKIE_NAME } from '../../app/auth/session-cookie-name'
import { generateToken, hashToken, type TokenKind } from '../../app/auth/tokens'
import type { Database } from '../../app/db/client.server'
import { fixtureAnswers } from '../fixtures/content-fixture'
import { completeLessons, PATH } from './assessment-steps'
import type { TestUser } from './fixtures'

export const ROLES = ['anonymous', 'learner', 'otherLearner', 'admin', 'otherAdmin', 'owner', 'formerAdmin'] as const
export type RoleName = (typeof ROLES)[number]
export type Person = Exclude<RoleName, 'anonymous'>

type CreateUser = (options?: { name?: string; role?: 'LEARNER' | 'ADMIN' | 'OWNER' }) => Promise<TestUser>

export type World = {
	tag: string
	origin: string
	people: Record<Person, TestUser>
	/** A Northwind learner the admins act on (deactivate), apart from the roles' own accounts. */
	target: TestUser
	northwind: OrgRecords & {
		invitationToken: string
		importBatchId: string
		resetToken: string
		/** A link that confirmed the target's address and so works no more. */
		usedConfirmToken: string
	}
	other: OrgRecords & {
		credentialId: string
		publicId: string
		statusListId: string
		achievementPath: string
		attemptId: string
		calendarToken: string
	}
}

type OrgRecords = {
	orgId: string
	teamId: string
	teamName: string
	invitationEmail: string
	importFileName: string
	auditSummary: string
	outboxSubject: string
	/** A message of its outbox with an HTML part, which shows the audit summary. */
	outboxEmailId: string
	/** An AI-use role requiring the fixture path, given to the team (whose members have not passed it). */
	aiRoleId: string
	aiRoleName: string
}

const DAY_MS = 86_400_000

/** A token as the site makes them and the SHA-256 hex it stores. */
function newToken(kind: TokenKind) {
	const token = generateToken(kind)
	return { token, tokenHash: hashToken(token) }
}

export async function signedInContext(
	playwright: PlaywrightWorkerArgs['playwright'],
	db: Database,
	baseURL: string,
	user: TestUser | null,
): Promise<APIRequestContext> {
	if (!user) return playwright.request.newContext({ baseURL })
	const token = generateToken('session')
	await db.session.create({
		data: { id: hashToken(token), userId: user.id, expiresAt: new Date(Date.now() + 30 * DAY_MS) },
	})
	const value = (await createCookie(SESSION_COOKIE_NAME).serialize(token)).split(';')[0]!.split('=')[1]!
	const { hostname } = new URL(baseURL)
	return playwright.request.newContext({
		baseURL,
		storageState: {
			cookies: [
				{
					name: SESSION_COOKIE_NAME,
					value,
					domain: hostname,
					path: '/',
					expires: -1,
					httpOnly: true,
					secure: false,
					sameSite: 'Lax',
				},
			],
			origins: [],
		},
	})
}

async function importAs(request: APIRequestContext, origin: string, fileName: string, tag: string) {
	const csv = `name,email,team\nImported ${tag},imported.${crypto.randomUUID()}@example.test,\n`
	const response = await request.post('/admin/import', {
		multipart: { file: { name: fileName, mimeType: 'text/csv', buffer: Buffer.from(csv) } },
		headers: { Origin: origin },
		maxRedirects: 0,
	})
	expect(response.status(), 'the import preview').toBe(302)
	return /\/admin\/import\/([^/?]+)$/.exec(response.headers()['location'] ?? '')![1]!
}

/** The holder passes the fixture path's assessment through the site and receives its credential. */
async function earnCredential(request: APIRequestContext, db: Database, origin: string, holder: TestUser) {
	await completeLessons(db, holder)
	const started = await request.post(`/paths/${PATH}/assessment`, {
		form: {},
		headers: { Origin: origin },
		maxRedirects: 0,
	})
	expect(started.status(), 'starting the assessment').toBe(302)
	const attemptId = started.headers()['location']!.split('/').pop()!
	const attempt = await db.assessmentAttempt.findUniqueOrThrow({ where: { id: attemptId } })
	const answers = Object.fromEntries(
		[...fixtureAnswers(JSON.parse(attempt.questionIds) as string[]).entries()].map(([k, v]) => [k, String(v)]),
	)
	const submitted = await request.post(`/paths/${PATH}/assessment/${attemptId}`, {
		form: answers,
		headers: { Origin: origin },
		maxRedirects: 0,
	})
	expect(submitted.status(), 'submitting the assessment').toBe(302)
	const credential = await db.credential.findFirstOrThrow({ where: { userId: holder.id } })
	return { attemptId, credential }
}

async function orgRecords(db: Database, orgId: string, actor: TestUser, label: string, tag: string) {
	const teamName = `${label} Team ${tag}`
	const team = await db.team.create({ data: { orgId, name: teamName }, select: { id: true } })
	const invitationEmail = `${label.toLowerCase()}.invitee.${tag}@example.test`
	const auditSummary = `${label} audit entry ${tag}`
	const outboxSubject = `${label} message ${tag}`
	const [, outboxEmail] = await Promise.all([
		db.auditEvent.create({
			data: {
				orgId,
				actorId: actor.id,
				actorName: actor.name,
				action: 'team.create',
				targetType: 'team',
				targetId: team.id,
				summary: auditSummary,
			},
		}),
		db.outboxEmail.create({
			data: {
				orgId,
				to: invitationEmail,
				subject: outboxSubject,
				text: auditSummary,
				html: `<!DOCTYPE html><html lang="en"><body><p style="color: #161824">${auditSummary}</p></body></html>`,
				loggedAt: new Date(),
			},
			select: { id: true },
		}),
	])
	const aiRoleName = `${label} AI role ${tag}`
	const aiRole = await db.aiRole.create({
		data: {
			orgId,
			name: aiRoleName,
			description: 'Drafts with a general AI assistant.',
			requirements: { create: { pathSlug: PATH, startsAt: new Date(Date.now() - DAY_MS) } },
			grants: { create: { orgId, teamId: team.id, startsAt: new Date(Date.now() - DAY_MS), createdById: actor.id } },
		},
		select: { id: true },
	})
	return {
		aiRoleId: aiRole.id,
		aiRoleName,
		orgId,
		teamId: team.id,
		teamName,
		invitationEmail,
		importFileName: `${label.toLowerCase()}-${tag}.csv`,
		auditSummary,
		outboxSubject,
		outboxEmailId: outboxEmail.id,
	}
}

/**
 * Builds the world and a request context signed in as each role. `dispose` closes the contexts.
 */
export async function createWorld(options: {
	db: Database
	playwright: PlaywrightWorkerArgs['playwright']
	baseURL: string
	createUser: CreateUser
}) {
	const { db, playwright, baseURL, createUser } = options
	const origin = new URL(baseURL).origin
	const tag = crypto.randomUUID().slice(0, 8)
	const northwindOrg = await db.organization.findUniqueOrThrow({ where: { slug: 'northwind' }, select: { id: true } })
	const otherOrg = await db.organization.create({
		data: { name: `Elsewhere Freight ${tag}`, slug: `elsewhere-${tag}` },
		select: { id: true },
	})
	const [learner, admin, owner, formerAdmin, target, otherLearner, otherAdmin] = await Promise.all([
		createUser({ name: `Authz Learner ${tag}`, role: 'LEARNER' }),
		createUser({ name: `Authz Admin ${tag}`, role: 'ADMIN' }),
		createUser({ name: `Authz Owner ${tag}`, role: 'OWNER' }),
		createUser({ name: `Authz Former Admin ${tag}`, role: 'ADMIN' }),
		createUser({ name: `Authz Target ${tag}`, role: 'LEARNER' }),
		createUser({ name: `Authz Outsider ${tag}` }),
		createUser({ name: `Authz Outside Admin ${tag}` }),
	])
	// Deactivated directly, so that the session they still hold is refused by the check of each request.
	await db.membership.updateMany({ where: { userId: formerAdmin.id }, data: { deactivatedAt: new Date() } })
	await db.membership.createMany({
		data: [
			{ userId: otherLearner.id, orgId: otherOrg.id, role: 'LEARNER' },
			{ userId: otherAdmin.id, orgId: otherOrg.id, role: 'ADMIN' },
		],
	})
	const [northwindRecords, otherRecords] = await Promise.all([
		orgRecords(db, northwindOrg.id, admin, 'Northwind', tag),
		orgRecords(db, otherOrg.id, otherAdmin, 'Elsewhere', tag),
	])
	await db.membership.updateMany({
		where: { userId: { in: [learner.id, target.id] } },
		data: { teamId: northwindRecords.teamId },
	})
	await db.membership.updateMany({ where: { userId: otherLearner.id }, data: { teamId: otherRecords.teamId } })

	const invitation = newToken('invitation')
	const otherInvitation = newToken('invitation')
	const reset = newToken('passwordReset')
	const usedConfirm = newToken('emailVerification')
	const calendar = newToken('calendarFeed')
	const expiresAt = new Date(Date.now() + 7 * DAY_MS)
	await Promise.all([
		db.invitation.create({
			data: {
				orgId: northwindOrg.id,
				email: northwindRecords.invitationEmail,
				tokenHash: invitation.tokenHash,
				expiresAt,
				createdById: admin.id,
			},
		}),
		db.invitation.create({
			data: {
				orgId: otherOrg.id,
				email: otherRecords.invitationEmail,
				tokenHash: otherInvitation.tokenHash,
				expiresAt,
				createdById: otherAdmin.id,
			},
		}),
		db.passwordReset.create({
			data: { userId: target.id, tokenHash: reset.tokenHash, expiresAt: new Date(Date.now() + 3_600_000) },
		}),
		db.emailVerification.create({
			data: {
				userId: target.id,
				email: target.email,
				tokenHash: usedConfirm.tokenHash,
				expiresAt: new Date(Date.now() + 3_600_000),
				usedAt: new Date(),
			},
		}),
		db.calendarFeed.create({ data: { userId: otherLearner.id, tokenHash: calendar.tokenHash } }),
	])

	const people: Record<Person, TestUser> = { learner, otherLearner, admin, otherAdmin, owner, formerAdmin }
	const contexts = Object.fromEntries(
		await Promise.all(
			ROLES.map(async (role) => [
				role,
				await signedInContext(playwright, db, baseURL, role === 'anonymous' ? null : people[role]),
			]),
		),
	) as Record<RoleName, APIRequestContext>

	const [importBatchId, , earned] = await Promise.all([
		importAs(contexts.admin, origin, northwindRecords.importFileName, tag),
		importAs(contexts.otherAdmin, origin, otherRecords.importFileName, tag),
		earnCredential(contexts.otherLearner, db, origin, otherLearner),
	])
	const world: World = {
		tag,
		origin,
		people,
		target,
		northwind: {
			...northwindRecords,
			invitationToken: invitation.token,
			importBatchId,
			resetToken: reset.token,
			usedConfirmToken: usedConfirm.token,
		},
		other: {
			...otherRecords,
			credentialId: earned.credential.id,
			publicId: earned.credential.publicId,
			statusListId: String(earned.credential.revocationListId),
			achievementPath: new URL(earned.credential.achievementId).pathname,
			attemptId: earned.attemptId,
			calendarToken: calendar.token,
		},
	}
	return {
		world,
		contexts,
		/** A separate session, for requests that end the one they carry (signing out). */
		freshContext: (role: RoleName) =>
			signedInContext(playwright, db, baseURL, role === 'anonymous' ? null : people[role]),
		dispose: () => Promise.all(Object.values(contexts).map((context) => context.dispose())),
	}
}
