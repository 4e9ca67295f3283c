/**
 * The authorisation table: for every route module of app/routes.ts (keyed by its file), how to fill
 * its address and what each role gets for GET (and so for its `.data` request) and for POST. The
 * test in authorisation.spec.ts fails when a route has no entry here.
 */
import type { Database } from '../../app/db/client.server'
import { PATH } from './assessment-steps'
import { ROLES, type RoleName, type World } from './authorisation-world'
import { PASSWORD } from './fixtures'

type Redirect = { redirect: string | RegExp }
export type Outcome = number | Redirect
type Expectations = Record<RoleName, Outcome>
type Secret = { value: string; visibleTo: RoleName[] }
type FilePart = { name: string; mimeType: string; buffer: Buffer }

export type ActionCase = {
	form?: (w: World, role: RoleName) => Record<string, string>
	multipart?: (w: World) => Record<string, FilePart>
	expect: Expectations
	/** The roles whose request may change what `state` reads; after anyone else's it must read the same. */
	changes?: RoleName[]
	state?: (db: Database, w: World) => Promise<unknown>
	/** The request signs in or out, changing the session it carries: it gets a context of its own. */
	ownSession?: boolean
	/** Why this action takes requests from any origin (the only exemption from the Origin check). */
	openToAnyOrigin?: string
}

type Entry = {
	/** A layout has no address of its own: why it needs none here. */
	layout?: string
	params?: (w: World) => Record<string, string>
	search?: (w: World) => string
	get?: Expectations
	/** Values only some roles may see, in the page, the file or the `.data` response. */
	secrets?: (w: World) => Secret[]
	/** For a module that exports an action. */
	action?: ActionCase
	/** For a module without an action: what a POST gets (default: 405). */
	post?: Pick<Expectations, 'anonymous' | 'owner'>
}

const SIGN_IN: Redirect = { redirect: /^\/sign-in\?redirectTo=/ }
const HOME: Redirect = { redirect: '/' }
const DASHBOARD: Redirect = { redirect: '/dashboard' }
const NORTHWIND_ADMINS: RoleName[] = ['admin', 'owner']

const everyone = (outcome: Outcome): Expectations =>
	Object.fromEntries(ROLES.map((role) => [role, outcome])) as Expectations
const signedIn = (outcome: Outcome, others: Partial<Expectations> = {}): Expectations => ({
	...everyone(outcome),
	anonymous: SIGN_IN,
	...others,
})
const anonymousOnly = (outcome: Outcome): Expectations => ({ ...everyone(DASHBOARD), anonymous: outcome })
/**
 * The admin area: its middleware sends visitors to sign in and refuses learners, and admins no
 * longer active, before any loader or action.
 */
const adminArea = (outcome: Outcome, others: Partial<Expectations> = {}): Expectations => ({
	anonymous: SIGN_IN,
	learner: 403,
	otherLearner: 403,
	admin: outcome,
	otherAdmin: outcome,
	owner: outcome,
	formerAdmin: 403,
	...others,
})
/** A POST to an admin route without an action: visitors are still sent to sign in first. */
const ADMIN_WITHOUT_ACTION = { anonymous: SIGN_IN, owner: 405 }
/** The other organisation's learner holds the credential and the attempt: only they get them. */
const onlyHolder = (outcome: Outcome): Expectations => signedIn(404, { otherLearner: outcome })

const teamNames = (w: World): Secret[] => [
	{ value: w.northwind.teamName, visibleTo: NORTHWIND_ADMINS },
	{ value: w.other.teamName, visibleTo: ['otherAdmin'] },
]
const aiRoleNames = (w: World): Secret[] => [
	{ value: w.northwind.aiRoleName, visibleTo: NORTHWIND_ADMINS },
	{ value: w.other.aiRoleName, visibleTo: ['otherAdmin'] },
]
const memberEmails = (w: World): Secret[] => [
	{ value: w.people.learner.email, visibleTo: NORTHWIND_ADMINS },
	{ value: w.people.otherLearner.email, visibleTo: ['otherAdmin'] },
]
const auditSummaries = (w: World): Secret[] => [
	{ value: w.northwind.auditSummary, visibleTo: NORTHWIND_ADMINS },
	{ value: w.other.auditSummary, visibleTo: ['otherAdmin'] },
]
const holderCredential = (w: World) => ({ credentialId: w.other.credentialId })
const lesson = () => ({ pathSlug: PATH, lessonSlug: 'lesson-1' })
const SKILL = 'esco:1d6c7de4-350e-4868-a47b-333b4b0d9650'

/** Every route module of app/routes.ts, keyed by its file. */
export const TABLE: Record<string, Entry> = {
	'routes/home.tsx': { get: everyone(200) },
	'routes/sign-up.tsx': {
		get: anonymousOnly(200),
		action: {
			form: (w) => ({
				name: 'New Person',
				email: `signup.${w.tag}@example.test`,
				password: 'three unrelated words here',
			}),
			// The same answer whether or not the address has an account; nobody is signed in by it.
			expect: anonymousOnly(200),
			changes: ['anonymous'],
			// The account is made after the answer (it must not take longer for a new address); the
			// count of tries for the address is written before it.
			state: (db, w) =>
				db.rateLimit.findMany({
					where: { key: `sign-up:email:signup.${w.tag}@example.test` },
					select: { count: true },
				}),
		},
	},
	'routes/confirm-email.tsx': {
		params: (w) => ({ token: w.northwind.usedConfirmToken }),
		get: everyone(410),
		action: {
			expect: everyone(410),
			state: (db, w) =>
				db.user.findUniqueOrThrow({ where: { id: w.target.id }, select: { email: true, emailVerifiedAt: true } }),
		},
	},
	'routes/confirm-email-resend.ts': {
		get: signedIn(DASHBOARD),
		action: {
			form: () => ({ returnTo: '/account' }),
			// Everyone in the world has a confirmed address: nothing is sent, and the page says so.
			expect: signedIn({ redirect: '/account' }),
			state: (db, w) => db.emailVerification.count({ where: { user: { name: { contains: w.tag } } } }),
		},
	},
	'routes/sign-in-two-factor.tsx': {
		// Only a session waiting for its second step has anything to do here; nobody in the world has one.
		get: { ...everyone(DASHBOARD), anonymous: { redirect: '/sign-in' } },
		action: {
			form: () => ({ kind: 'totp', code: '000000' }),
			expect: { ...everyone(DASHBOARD), anonymous: { redirect: '/sign-in' } },
			state: (db, w) =>
				db.rateLimit.count({ where: { key: { in: Object.values(w.people).map((p) => `two-factor:user:${p.id}`) } } }),
		},
	},
	'routes/account-two-factor.tsx': {
		get: signedIn(200),
		action: {
			form: () => ({ intent: 'enable', code: '000000' }),
			expect: signedIn(400),
			state: (db, w) =>
				db.user.count({
					where: { id: { in: Object.values(w.people).map((p) => p.id) }, totpEnabledAt: { not: null } },
				}),
		},
	},
	'routes/sso.tsx': {
		get: anonymousOnly(200),
		action: {
			// No organisation signs in this domain with single sign-on: the page says so.
			form: () => ({ email: 'someone@nowhere.example' }),
			expect: anonymousOnly(400),
			state: (db, w) => db.ssoLogin.count({ where: { orgId: w.northwind.orgId } }),
		},
	},
	// Where a provider sends the browser back: without a sign-in started in this browser, nothing happens.
	'routes/sso-callback.ts': { search: () => '?code=x&state=y', get: everyone({ redirect: '/sign-in' }) },
	'routes/sso-start.ts': { params: () => ({ slug: 'northwind' }), get: anonymousOnly({ redirect: '/sign-in' }) },
	'routes/sign-in.tsx': {
		get: anonymousOnly(200),
		action: {
			form: (w) => ({ email: w.target.email, password: PASSWORD }),
			expect: everyone(DASHBOARD),
			changes: ['anonymous'],
			state: (db, w) => db.session.count({ where: { userId: w.target.id } }),
			ownSession: true,
		},
	},
	'routes/sign-out.tsx': { get: everyone(HOME), action: { expect: everyone(HOME), ownSession: true } },
	'routes/forgot-password.tsx': { get: everyone(200), action: { form: () => ({ email: '' }), expect: everyone(400) } },
	'routes/reset-password.tsx': {
		params: (w) => ({ token: w.northwind.resetToken }),
		get: everyone(200),
		action: {
			form: () => ({ password: 'short' }),
			expect: everyone(400),
			state: (db, w) => db.passwordReset.findMany({ where: { userId: w.target.id }, select: { usedAt: true } }),
		},
	},
	'routes/account.tsx': {
		get: signedIn(200),
		action: {
			form: () => ({ intent: 'change-name', name: '' }),
			expect: signedIn(400),
			state: (db, w) => db.user.findMany({ where: { name: { contains: w.tag } }, select: { name: true } }),
		},
	},
	'routes/dashboard.tsx': { get: signedIn(200), action: { form: () => ({ intent: 'none' }), expect: signedIn(400) } },
	'routes/invitation.tsx': {
		params: (w) => ({ token: w.northwind.invitationToken }),
		get: everyone(200),
		action: {
			form: () => ({ intent: 'join' }),
			// Signed in as someone else than the invited address: refused, and nobody joins.
			expect: { ...everyone(400), anonymous: 401 },
			state: (db, w) =>
				Promise.all([
					db.invitation.findMany({ where: { email: w.northwind.invitationEmail }, select: { acceptedAt: true } }),
					db.membership.count({ where: { user: { name: { contains: w.tag } } } }),
				]),
		},
	},
	'routes/calendar-feed.ts': { params: (w) => ({ file: `${w.other.calendarToken}.ics` }), get: everyone(200) },
	'routes/paths/catalog.tsx': { get: everyone(200) },
	'routes/paths/path.tsx': { params: () => ({ pathSlug: PATH }), get: everyone(200) },
	'routes/paths/assessment.tsx': {
		params: () => ({ pathSlug: PATH }),
		get: signedIn(200),
		action: {
			// Only the holder has done every lesson; the others are told to finish them first.
			expect: signedIn(400, { otherLearner: { redirect: /^\/paths\/fixture-path\/assessment\/\w+$/ } }),
			changes: ['otherLearner'],
			state: (db, w) => db.assessmentAttempt.count({ where: { user: { name: { contains: w.tag } } } }),
		},
	},
	'routes/paths/attempt.tsx': {
		params: (w) => ({ pathSlug: PATH, attemptId: w.other.attemptId }),
		get: onlyHolder(200),
		action: {
			expect: signedIn(400),
			state: (db, w) =>
				db.assessmentAttempt.findUnique({
					where: { id: w.other.attemptId },
					select: { submittedAt: true, score: true },
				}),
		},
	},
	'routes/paths/lesson.tsx': {
		params: lesson,
		get: signedIn(200),
		action: { form: () => ({ intent: 'none' }), expect: signedIn(400) },
	},
	'routes/paths/lesson-module.ts': { params: lesson, get: signedIn(200) },
	'routes/skills/catalog.tsx': { get: everyone(200) },
	'routes/skills/skill.tsx': { params: () => ({ framework: 'digcomp', skillId: '1.2' }), get: everyone(200) },
	'routes/skills/profile.tsx': {
		get: signedIn(200),
		action: {
			// Listing the holder's credential on one's own public profile: only the holder may.
			form: (w, role) => ({
				handle: `authz-${w.tag}-${role.toLowerCase()}`,
				published: 'on',
				credentialIds: w.other.credentialId,
			}),
			expect: signedIn(400, { otherLearner: { redirect: '/profile' } }),
			changes: ['otherLearner'],
			state: (db, w) =>
				Promise.all([
					db.publicProfile.count({ where: { user: { name: { contains: w.tag } } } }),
					db.credential.findUnique({ where: { id: w.other.credentialId }, select: { onProfile: true } }),
				]),
		},
	},
	'routes/skills/record.ts': { get: onlyHolder(200) },
	'routes/skills/public-profile.tsx': { params: () => ({ handle: 'priya-natarajan' }), get: everyone(200) },
	'routes/skills/record-schema.ts': { get: everyone(200) },
	'routes/admin/layout.tsx': {
		layout: 'its middleware is the role check of every admin route below, which are all requested',
	},
	'routes/admin/index.tsx': {
		get: adminArea(200),
		secrets: teamNames,
		// No assignment of that id in any organisation: admins are told so, and nothing is sent.
		action: {
			form: () => ({ intent: 'remind-overdue', assignmentId: 'no-such-assignment' }),
			expect: adminArea(404),
			state: (db, w) =>
				db.auditEvent.count({
					where: { action: 'assignment.remind', orgId: { in: [w.northwind.orgId, w.other.orgId] } },
				}),
		},
	},
	'routes/admin/credentials.tsx': {
		get: adminArea(200),
		secrets: (w) => [
			{ value: 'priya.natarajan@northwind.example', visibleTo: NORTHWIND_ADMINS },
			{ value: w.people.otherLearner.email, visibleTo: ['otherAdmin'] },
		],
		action: {
			form: (w) => ({ credentialId: w.other.credentialId, action: 'suspend', reason: 'Checking who may suspend' }),
			// Northwind's admins do not find the other organisation's credential.
			expect: adminArea(404, { otherAdmin: { redirect: '/admin/credentials' } }),
			changes: ['otherAdmin'],
			state: (db, w) =>
				db.credential.findUnique({ where: { id: w.other.credentialId }, select: { suspendedAt: true } }),
		},
	},
	'routes/admin/people.tsx': {
		search: (w) => `?q=${w.tag}`,
		get: adminArea(200),
		secrets: memberEmails,
		action: {
			form: (w) => ({ intent: 'deactivate', userId: w.target.id }),
			expect: adminArea({ redirect: '/admin/people' }, { otherAdmin: 400 }),
			changes: NORTHWIND_ADMINS,
			state: (db, w) => db.membership.findMany({ where: { userId: w.target.id }, select: { deactivatedAt: true } }),
		},
	},
	'routes/admin/teams.tsx': {
		get: adminArea(200),
		secrets: teamNames,
		action: {
			form: (w, role) => ({ intent: 'rename', teamId: w.northwind.teamId, name: `Renamed by ${role} ${w.tag}` }),
			expect: adminArea({ redirect: '/admin/teams' }, { otherAdmin: 400 }),
			changes: NORTHWIND_ADMINS,
			state: (db, w) => db.team.findUnique({ where: { id: w.northwind.teamId }, select: { name: true } }),
		},
	},
	'routes/admin/issuer.tsx': {
		get: adminArea(200),
		action: {
			// The same name again: a change all the same (audited), and no other test sees a new name.
			form: () => ({ name: 'Northwind Logistics' }),
			// Only owners change what their organisation's credentials say.
			expect: adminArea(403, { owner: { redirect: '/admin/issuer' } }),
			changes: ['owner'],
			// Counted for the world's people only: another test may change Northwind's profile meanwhile.
			state: (db, w) =>
				db.auditEvent.count({
					where: {
						orgId: w.northwind.orgId,
						action: 'settings.issuer',
						actorId: { in: Object.values(w.people).map((p) => p.id) },
					},
				}),
		},
	},
	'routes/admin/access.tsx': {
		get: adminArea(200),
		action: {
			// A public mail provider: refused to the owner as well, so the list stays as it is.
			form: () => ({ intent: 'add', domain: 'gmail.com' }),
			expect: adminArea(403, { owner: 400 }),
			state: (db, w) => db.orgJoinDomain.count({ where: { orgId: w.northwind.orgId } }),
		},
	},
	'routes/admin/audit.tsx': { get: adminArea(200), secrets: auditSummaries, post: ADMIN_WITHOUT_ACTION },
	'routes/admin/audit-csv.ts': { get: adminArea(200), secrets: auditSummaries, post: ADMIN_WITHOUT_ACTION },
	'routes/admin/invitations.tsx': {
		get: adminArea(200),
		secrets: (w) => [
			{ value: w.northwind.invitationEmail, visibleTo: NORTHWIND_ADMINS },
			{ value: w.other.invitationEmail, visibleTo: ['otherAdmin'] },
		],
		action: {
			// Only owners invite administrators.
			form: (w) => ({ intent: 'invite', emails: `new.admin.${w.tag}@example.test`, teamId: '', role: 'ADMIN' }),
			expect: adminArea(400, { owner: { redirect: '/admin/invitations' } }),
			changes: ['owner'],
			state: (db, w) => db.invitation.count({ where: { email: `new.admin.${w.tag}@example.test` } }),
		},
	},
	'routes/admin/outbox.tsx': {
		get: adminArea(200),
		secrets: (w) => [
			{ value: w.northwind.outboxSubject, visibleTo: NORTHWIND_ADMINS },
			{ value: w.other.outboxSubject, visibleTo: ['otherAdmin'] },
		],
		post: ADMIN_WITHOUT_ACTION,
	},
	// An email's HTML part, under a policy of its own (security-policy.ts): only its organisation's admins.
	'routes/admin/outbox-html.ts': {
		params: (w) => ({ emailId: w.northwind.outboxEmailId }),
		get: adminArea(200, { otherAdmin: 404 }),
		secrets: (w) => [{ value: w.northwind.auditSummary, visibleTo: NORTHWIND_ADMINS }],
		post: ADMIN_WITHOUT_ACTION,
	},
	'routes/admin/import.tsx': {
		get: adminArea(200),
		secrets: (w) => [
			{ value: w.northwind.importFileName, visibleTo: NORTHWIND_ADMINS },
			{ value: w.other.importFileName, visibleTo: ['otherAdmin'] },
		],
		action: {
			multipart: (w) => ({
				file: {
					name: `posted-${w.tag}.csv`,
					mimeType: 'text/csv',
					buffer: Buffer.from(`name,email\nPosted ${w.tag},posted.${w.tag}@example.test\n`),
				},
			}),
			// Each admin's preview lands in their own organisation.
			expect: adminArea({ redirect: /^\/admin\/import\/\w+$/ }),
			changes: NORTHWIND_ADMINS,
			// This run's file only: other tests import into Northwind at the same time.
			state: (db, w) => db.importBatch.count({ where: { orgId: w.northwind.orgId, fileName: `posted-${w.tag}.csv` } }),
		},
	},
	'routes/admin/import-batch.tsx': {
		params: (w) => ({ batchId: w.northwind.importBatchId }),
		get: adminArea(200, { otherAdmin: 404 }),
		secrets: (w) => [{ value: w.northwind.importFileName, visibleTo: NORTHWIND_ADMINS }],
		action: {
			// The owner comes after the admin started it: it has started.
			expect: adminArea(409, { admin: 200 }),
			changes: NORTHWIND_ADMINS,
			state: (db, w) =>
				db.importBatch.findUnique({ where: { id: w.northwind.importBatchId }, select: { status: true } }),
		},
	},
	'routes/admin/assignments.tsx': {
		get: adminArea(200),
		secrets: teamNames,
		action: {
			form: (w) => ({ pathSlug: PATH, teamId: w.northwind.teamId, dueKind: 'days', dueDays: '10' }),
			expect: adminArea({ redirect: '/admin/assignments' }, { otherAdmin: 400 }),
			changes: NORTHWIND_ADMINS,
			state: (db, w) => db.assignment.count({ where: { teamId: w.northwind.teamId } }),
		},
	},
	'routes/admin/reports.tsx': { get: adminArea(200), secrets: teamNames, post: ADMIN_WITHOUT_ACTION },
	'routes/admin/reports-csv.ts': { get: adminArea(200), secrets: memberEmails, post: ADMIN_WITHOUT_ACTION },
	'routes/admin/report-team.tsx': {
		params: (w) => ({ teamId: w.northwind.teamId }),
		get: adminArea(200, { otherAdmin: 404 }),
		secrets: (w) => [{ value: w.target.name, visibleTo: NORTHWIND_ADMINS }],
		post: ADMIN_WITHOUT_ACTION,
	},
	'routes/admin/report-person.tsx': {
		params: (w) => ({ userId: w.target.id }),
		get: adminArea(200, { otherAdmin: 404 }),
		secrets: (w) => [{ value: w.target.name, visibleTo: NORTHWIND_ADMINS }],
		post: ADMIN_WITHOUT_ACTION,
	},
	'routes/admin/skills-gap.tsx': {
		get: adminArea(200),
		secrets: teamNames,
		action: {
			form: (w) => ({ teamId: w.northwind.teamId, skillId: SKILL, targetPercent: '10' }),
			expect: adminArea({ redirect: '/admin/skills-gap' }, { otherAdmin: 400 }),
			changes: NORTHWIND_ADMINS,
			state: (db, w) => db.teamSkillTarget.count({ where: { teamId: w.northwind.teamId } }),
		},
	},
	'routes/admin/item-analysis.tsx': { get: adminArea(200), post: ADMIN_WITHOUT_ACTION },
	'routes/admin/item-analysis-csv.ts': { get: adminArea(200), post: ADMIN_WITHOUT_ACTION },
	// The other organisation's learner holds the skill: only their own admin finds them, in the page and the file.
	'routes/admin/talent.tsx': {
		search: () => `?${new URLSearchParams({ skill: SKILL })}`,
		get: adminArea(200),
		secrets: (w) => [{ value: w.people.otherLearner.email, visibleTo: ['otherAdmin'] }],
		post: ADMIN_WITHOUT_ACTION,
	},
	'routes/admin/talent-csv.ts': {
		search: () => `?${new URLSearchParams({ skill: SKILL })}`,
		get: adminArea(200),
		secrets: (w) => [{ value: w.people.otherLearner.email, visibleTo: ['otherAdmin'] }],
		post: ADMIN_WITHOUT_ACTION,
	},
	// AI literacy: admins read; only owners define and give roles and write the statement.
	'routes/admin/ai-literacy.tsx': {
		get: adminArea(200),
		secrets: aiRoleNames,
		action: {
			// A personal grant, beside the team's: a new record each time the owner gives it.
			form: (w) => ({ intent: 'grant-people', roleId: w.northwind.aiRoleId, emails: w.people.learner.email }),
			expect: adminArea(403, { owner: { redirect: '/admin/ai-literacy' } }),
			changes: ['owner'],
			state: (db, w) => db.aiRoleGrant.count({ where: { roleId: w.northwind.aiRoleId } }),
		},
	},
	'routes/admin/ai-literacy-role.tsx': {
		params: (w) => ({ roleId: w.northwind.aiRoleId }),
		get: adminArea(403, { owner: 200 }),
		secrets: (w) => [{ value: w.northwind.aiRoleName, visibleTo: ['owner'] }],
		action: {
			form: (w) => ({
				intent: 'update',
				name: w.northwind.aiRoleName,
				description: 'Drafts with a general AI assistant.',
				dueDays: '30',
				refreshMonths: '',
				pathSlugs: PATH,
			}),
			expect: adminArea(403, { owner: { redirect: '/admin/ai-literacy' } }),
			changes: ['owner'],
			state: (db, w) => db.auditEvent.count({ where: { targetId: w.northwind.aiRoleId, action: 'ai-role.update' } }),
		},
	},
	'routes/admin/ai-literacy-report.tsx': {
		get: adminArea(200),
		secrets: (w) => [
			{ value: w.target.name, visibleTo: NORTHWIND_ADMINS },
			{ value: w.northwind.aiRoleName, visibleTo: NORTHWIND_ADMINS },
			{ value: w.other.aiRoleName, visibleTo: ['otherAdmin'] },
		],
		post: ADMIN_WITHOUT_ACTION,
	},
	'routes/admin/ai-literacy-csv.ts': {
		get: adminArea(200),
		secrets: (w) => [
			{ value: w.target.email, visibleTo: NORTHWIND_ADMINS },
			{ value: w.northwind.aiRoleName, visibleTo: NORTHWIND_ADMINS },
		],
		post: ADMIN_WITHOUT_ACTION,
	},
	// The PDF's text is compressed: its contents are checked in literacy-report.spec.ts.
	'routes/admin/ai-literacy-pdf.ts': { get: adminArea(200), post: ADMIN_WITHOUT_ACTION },
	'routes/admin/ai-literacy-person.tsx': {
		params: (w) => ({ userId: w.target.id }),
		get: adminArea(200, { otherAdmin: 404 }),
		secrets: (w) => [{ value: w.target.name, visibleTo: NORTHWIND_ADMINS }],
		post: ADMIN_WITHOUT_ACTION,
	},
	'routes/admin/ai-literacy-statement.tsx': {
		get: adminArea(200),
		action: {
			form: (w) => ({ statement: `Northwind trains everyone who uses AI, in proportion to their role. ${w.tag}` }),
			expect: adminArea(403, { owner: { redirect: '/admin/ai-literacy/report' } }),
			changes: ['owner'],
			state: (db, w) =>
				db.organization.findUnique({ where: { id: w.northwind.orgId }, select: { aiLiteracyStatement: true } }),
		},
	},
	'routes/credentials/did-document.ts': { get: everyone(200) },
	'routes/credentials/exchange.ts': {
		params: () => ({ exchangeId: 'x'.repeat(32) }),
		get: everyone(404),
		action: {
			form: () => ({}),
			expect: everyone(404),
			state: (db) => db.walletExchange.count({ where: { usedAt: { not: null } } }),
			openToAnyOrigin:
				'a wallet posts to an exchange from its own app or site; the exchange reads no cookie, and its unguessable address and the wallet’s signed proof are what it trusts',
		},
	},
	'routes/credentials/org-did-document.ts': { params: () => ({ slug: 'northwind' }), get: everyone(200) },
	'routes/credentials/org-logo.ts': { params: () => ({ slug: 'northwind' }), get: everyone(200) },
	'routes/credentials/wallet.tsx': {
		get: signedIn(200),
		secrets: (w) => [{ value: w.other.publicId, visibleTo: ['otherLearner'] }],
		action: {
			form: (w) => ({ intent: 'public-link', credentialId: w.other.credentialId, enabled: 'false' }),
			expect: onlyHolder({ redirect: '/credentials' }),
			changes: ['otherLearner'],
			state: (db, w) =>
				db.credential.findUnique({ where: { id: w.other.credentialId }, select: { publicLinkEnabled: true } }),
		},
	},
	'routes/credentials/own-json.ts': {
		params: holderCredential,
		get: onlyHolder(200),
		secrets: (w) => [{ value: `urn:uuid:${w.other.credentialId}`, visibleTo: ['otherLearner'] }],
	},
	'routes/credentials/certificate.ts': { params: holderCredential, get: onlyHolder(200) },
	'routes/credentials/status-list.ts': { params: (w) => ({ listId: w.other.statusListId }), get: everyone(200) },
	'routes/credentials/verification.tsx': { params: (w) => ({ publicId: w.other.publicId }), get: everyone(200) },
	'routes/credentials/credential-json.ts': { params: (w) => ({ publicId: w.other.publicId }), get: everyone(200) },
	'routes/credentials/verify.tsx': {
		get: everyone(200),
		action: { form: () => ({ credential: 'not json' }), expect: everyone(400) },
	},
	'routes/credentials/achievement.ts': {
		params: (w) => {
			const [, , pathSlug, version] = w.other.achievementPath.split('/')
			return { pathSlug: pathSlug!, version: version! }
		},
		get: everyone(200),
	},
	'routes/credentials/badge.ts': { params: () => ({ file: `${PATH}.svg` }), get: everyone(200) },
	'routes/scim.ts': {
		params: () => ({ '*': 'Users' }),
		// SCIM reads a bearer token, never the session cookie: without a token, nobody gets anything.
		get: everyone(401),
		action: {
			form: () => ({ userName: 'someone@example.test' }),
			expect: everyone(401),
			state: (db, w) => db.membership.count({ where: { orgId: w.northwind.orgId, scimExternalId: { not: null } } }),
			openToAnyOrigin:
				'an identity provider calls SCIM from its own servers; the request reads no cookie, and the organisation’s bearer token is its only credential',
		},
	},
	'routes/healthz.ts': { get: everyone(200) },
	'routes/readyz.ts': { get: everyone(200) },
	'routes/not-found.tsx': {
		params: (w) => ({ '*': `no/such/page/${w.tag}` }),
		get: everyone(404),
		action: { expect: everyone(404) },
	},
}
