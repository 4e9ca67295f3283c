/**
 * Single sign-on per organisation with OpenID Connect (docs/decisions/030): the authorization code
 * flow with PKCE (S256), state and nonce, through `openid-client` (discovery, ID-token validation:
 * signature, issuer, audience, expiry, nonce). The state is kept server-side (its SHA-256) and in a
 * cookie of the browser that started, so a sign-in started elsewhere cannot be finished here. Only
 * addresses at a domain the organisation lists (ADR 027) sign in this way: its provider speaks for
 * those, and for no one else's account.
 */
import * as oidc from 'openid-client'
import { createCookie } from 'react-router'
import { recordAudit } from '../../audit/audit.server'
import { markEmailVerified } from '../../auth/email-verification.server'
import { NO_PASSWORD } from '../../auth/password.server'
import { newSession } from '../../auth/session.server'
import { hashToken } from '../../auth/tokens'
import { config, LOCAL_HOSTS } from '../../config.server'
import { db } from '../../db/db.server'
import type { Prisma } from '../../db/generated/sqlite/client'
import { unseal } from '../../http/sealing.server'
import { issueHeldCredentials } from '../../learning/held-credentials.server'
import { logger } from '../../log.server'
import { grantTeamAssignments } from '../assignments.server'
import { domainOf } from '../join-domains.server'

type Tx = Prisma.TransactionClient

export const SSO_LOGIN_TTL_MS = 10 * 60 * 1000
export const ssoRedirectUri = () => `${config.PUBLIC_ORIGIN}/sso/callback`

/** The state of a sign-in at a provider, held by the browser that started it, read back at the callback. */
export const ssoStateCookie = createCookie('skillproof_sso', {
	httpOnly: true,
	sameSite: 'lax',
	path: '/sso',
	secure: config.isProduction,
	maxAge: SSO_LOGIN_TTL_MS / 1000,
})

/** Plain HTTP to a provider only on a local trial of the site, to a provider on this machine. */
export function allowsPlainHttp(issuer: URL) {
	return LOCAL_HOSTS.has(issuer.hostname) && LOCAL_HOSTS.has(new URL(config.PUBLIC_ORIGIN).hostname)
}

export class SsoError extends Error {}

type Discovered = { config: oidc.Configuration; settingsAt: number; at: number }
const discovered = new Map<string, Discovered>()
const DISCOVERY_TTL_MS = 10 * 60 * 1000

/** The provider's configuration (its discovery document), read at most every ten minutes per organisation. */
export async function discover(settings: { issuer: string; clientId: string; clientSecret: string }) {
	const issuer = new URL(settings.issuer)
	const options =
		issuer.protocol === 'http:' && allowsPlainHttp(issuer) ? { execute: [oidc.allowInsecureRequests] } : {}
	try {
		return await oidc.discovery(issuer, settings.clientId, undefined, oidc.ClientSecretBasic(settings.clientSecret), {
			...options,
			timeout: 10,
		})
	} catch (error) {
		logger.warn({ err: error, issuer: settings.issuer }, 'OpenID Provider discovery failed')
		throw new SsoError(
			`The provider's discovery document at ${settings.issuer} could not be read or does not name that issuer.`,
		)
	}
}

async function configurationOf(orgId: string) {
	const row = await db.orgSso.findUnique({ where: { orgId } })
	if (!row) throw new SsoError('This organisation has no single sign-on.')
	const cached = discovered.get(orgId)
	if (cached && cached.settingsAt === row.updatedAt.getTime() && Date.now() - cached.at < DISCOVERY_TTL_MS) {
		return { row, config: cached.config }
	}
	const configuration = await discover({ ...row, clientSecret: unseal('sso client secret', row.clientSecret) })
	discovered.set(orgId, { config: configuration, settingsAt: row.updatedAt.getTime(), at: Date.now() })
	return { row, config: configuration }
}

/** The organisation whose single sign-on an address uses: one listing its domain and having SSO. */
export async function ssoOrgForEmail(email: string) {
	const listed = await db.orgJoinDomain.findUnique({
		where: { domain: domainOf(email) },
		select: { org: { select: { slug: true, sso: { select: { orgId: true } } } } },
	})
	return listed?.org.sso ? listed.org.slug : null
}

/**
 * Starts a sign-in at the organisation's provider: the address to send the browser to, and the
 * state to keep in its cookie.
 */
export async function startSso(slug: string, options: { redirectTo: string; loginHint?: string }, now = new Date()) {
	const org = await db.organization.findUnique({ where: { slug }, select: { id: true } })
	if (!org) throw new SsoError('There is no organisation at this address.')
	const { config: configuration } = await configurationOf(org.id)
	const state = oidc.randomState()
	const nonce = oidc.randomNonce()
	const codeVerifier = oidc.randomPKCECodeVerifier()
	await db.ssoLogin.deleteMany({ where: { expiresAt: { lt: now } } })
	await db.ssoLogin.create({
		data: {
			stateHash: hashToken(state),
			orgId: org.id,
			codeVerifier,
			nonce,
			redirectTo: options.redirectTo,
			expiresAt: new Date(now.getTime() + SSO_LOGIN_TTL_MS),
			createdAt: now,
		},
	})
	const url = oidc.buildAuthorizationUrl(configuration, {
		redirect_uri: ssoRedirectUri(),
		scope: 'openid email profile',
		code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
		code_challenge_method: 'S256',
		state,
		nonce,
		...(options.loginHint ? { login_hint: options.loginHint } : {}),
	})
	return { url: url.href, state }
}

export type SsoSignIn =
	{ ok: true; userId: string; token: string; expiresAt: Date; redirectTo: string } | { ok: false; message: string }

const fail = (message: string): SsoSignIn => ({ ok: false, message })

/**
 * Finishes a sign-in from the provider's answer at our callback: the login it belongs to (single use,
 * unexpired, started in this browser), the code exchanged and the ID token validated, then the person
 * found or created, their membership checked, and a new session. Every refusal changes nothing but
 * using up the login.
 */
export async function finishSso(callbackUrl: URL, browserState: string | null, now = new Date()): Promise<SsoSignIn> {
	const state = callbackUrl.searchParams.get('state')
	if (!state || !browserState || state !== browserState) {
		return fail('This sign-in was not started in this browser, or took too long. Start again.')
	}
	const login = await db.ssoLogin.findUnique({ where: { stateHash: hashToken(state) } })
	if (!login) return fail('This sign-in was already used, or took too long. Start again.')
	await db.ssoLogin.delete({ where: { stateHash: login.stateHash } }).catch(() => null)
	if (login.expiresAt <= now) return fail('This sign-in took too long. Start again.')
	if (callbackUrl.searchParams.has('error')) {
		return fail(
			`Your organisation's sign-in answered: ${callbackUrl.searchParams.get('error_description') ?? callbackUrl.searchParams.get('error')}.`,
		)
	}
	let claims: oidc.IDToken
	let teamClaim: string | null
	try {
		const { config: configuration, row } = await configurationOf(login.orgId)
		teamClaim = row.teamClaim
		const tokens = await oidc.authorizationCodeGrant(configuration, callbackUrl, {
			pkceCodeVerifier: login.codeVerifier,
			expectedState: state,
			expectedNonce: login.nonce,
			idTokenExpected: true,
		})
		claims = tokens.claims()!
	} catch (error) {
		logger.warn({ err: error, orgId: login.orgId }, 'A single sign-on answer was refused')
		return fail('Your organisation’s sign-in answer could not be verified, so you are not signed in.')
	}
	const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : null
	if (!email) return fail('Your organisation’s sign-in did not give an email address.')
	if (claims.email_verified === false)
		return fail(`Your organisation has not verified ${email}, so it cannot sign you in here.`)
	const listed = await db.orgJoinDomain.findUnique({ where: { domain: domainOf(email) }, select: { orgId: true } })
	if (listed?.orgId !== login.orgId) {
		return fail(`${email} is not at a domain of this organisation: sign in with your password, or ask to be invited.`)
	}
	return db.$transaction(async (tx) => {
		const userId = await personOf(tx, login.orgId, email, claims, teamClaim, now)
		if (!userId) return fail('Your access to this organisation was ended by its administrators.')
		const session = newSession(now)
		// The organisation's provider applies its own second factor: this session has passed both steps.
		await tx.session.create({
			data: { id: session.id, userId, expiresAt: session.expiresAt, createdAt: now, twoFactorVerifiedAt: now },
		})
		return {
			ok: true as const,
			userId,
			token: session.token,
			expiresAt: session.expiresAt,
			redirectTo: login.redirectTo,
		}
	})
}

function nameFrom(claims: oidc.IDToken, email: string) {
	const name =
		typeof claims.name === 'string'
			? claims.name
			: [claims.given_name, claims.family_name].filter((p) => typeof p === 'string').join(' ')
	return (name.trim() || email.slice(0, email.indexOf('@'))).slice(0, 100)
}

/**
 * In the sign-in's transaction: the person with this address, made or joined to the organisation on
 * first sign-in, put in the team the claim names; null for a member the organisation deactivated.
 */
async function personOf(
	tx: Tx,
	orgId: string,
	email: string,
	claims: oidc.IDToken,
	teamClaim: string | null,
	now: Date,
) {
	let user = await tx.user.findUnique({ where: { email }, select: { id: true, name: true } })
	if (!user) {
		user = await tx.user.create({
			data: { email, name: nameFrom(claims, email), passwordHash: NO_PASSWORD, emailVerifiedAt: now, createdAt: now },
			select: { id: true, name: true },
		})
	} else if (await markEmailVerified(tx, user.id, now)) {
		await issueHeldCredentials(tx, user.id, now)
	}
	let membership = await tx.membership.findUnique({
		where: { userId_orgId: { userId: user.id, orgId } },
		select: { deactivatedAt: true, teamId: true },
	})
	if (membership?.deactivatedAt) return null
	if (!membership) {
		membership = await tx.membership.create({
			data: { userId: user.id, orgId, role: 'LEARNER', createdAt: now },
			select: { deactivatedAt: true, teamId: true },
		})
		await recordAudit(tx, {
			orgId,
			actor: { id: user.id, name: user.name },
			action: 'member.join',
			targetType: 'user',
			targetId: user.id,
			summary: `${user.name} joined by signing in with the organisation's single sign-on.`,
			at: now,
		})
	}
	const teamName = teamClaim ? claims[teamClaim] : undefined
	if (typeof teamName === 'string') {
		const team = await tx.team.findFirst({ where: { orgId, name: teamName, archivedAt: null }, select: { id: true } })
		if (team && team.id !== membership.teamId) {
			await tx.membership.update({ where: { userId_orgId: { userId: user.id, orgId } }, data: { teamId: team.id } })
			await grantTeamAssignments(tx, orgId, team.id, [user.id], now)
		}
	}
	return user.id
}
