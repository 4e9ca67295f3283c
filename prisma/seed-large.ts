/**
 * A large organisation for benchmarks and for trying the admin area at scale (`npm run seed:large`):
 * one organisation, by default 50,000 learners in 50 teams, written into the database of DATABASE_URL
 * next to whatever is there already. Nothing outside the new organisation is changed, except the
 * status lists its credentials take entries on (as issuing always does) and the planner statistics
 * (ANALYZE on SQLite, VACUUM ANALYZE on PostgreSQL) refreshed at the end.
 *
 * The mix (deterministic per slug, except for ids, tokens, signatures and the drawn questions):
 * - Teams: department + site ("Operations Rotterdam"); sizes uneven, from department and site weights
 *   with some jitter (at 50,000 learners, from about a hundred to several thousand); none empty.
 * - People: the learners (role LEARNER, each in a team, joined over the last three years, 15% in the
 *   last six months), one OWNER (owner@<slug>.example) and about one ADMIN per 10,000 learners (at
 *   least 2), all with the password SEED_LARGE_PASSWORD (hashed once with the app's argon2id settings).
 * - Learners: 40% not started on any path; 35% in progress (80% on one path, 20% on two; a share of
 *   the lessons done and the next one opened; 15% with every lesson done but no pass yet, half of
 *   those with a failed attempt); 25% completed one path (70%), two (22%) or three (8%), each with a
 *   passed final assessment (every answer right, or one or two wrong; 10% after a failed attempt), a
 *   PathCompletion and a signed credential with its evidence rows; 30% of them are partway into
 *   another path. Activity falls in the last six months (after the learner joined; after the
 *   assignment when the path was assigned to their team). Members of a team with an assignment are
 *   more often active, and 80% of those start with the assigned path.
 * - Credentials: one per completion (about 17,300 at 50,000 learners), signed in signing threads with
 *   the credential library's `signAchievementCredential` and what issuing puts in it (issuer profile,
 *   achievement, status-list entries drawn as issuing draws them), with the evidence rows of skills'
 *   `skillEvidenceRows`, while the progress rows are written.
 *   At most `signedCredentials` of them: completed learners beyond the cap keep every lesson done but
 *   are not completed. About 1% were earned before their validity period (by people who joined long
 *   ago) and have expired; about 0.4% are revoked and 0.2% suspended through `changeCredentialStatus`,
 *   so the signed status lists agree.
 * - Assignments: about one team in four (at least 3) has a path assigned through `createAssignment`,
 *   10 to 150 days ago, due on a date 45 to 150 days later or within 30 to 120 days; members who have
 *   not completed it in time are overdue (the oldest, 120 days old and due within 30, always has some).
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parentPort, Worker, workerData } from 'node:worker_threads'
import { hashPassword } from '../app/auth/password.server'
import { getQuestions, listPaths } from '../app/content/catalog.server'
import type { CompiledPath } from '../app/content/compiled-content'
import type { Question } from '../app/content/content-schema'
import { config } from '../app/config.server'
import { signAchievementCredential } from '../app/credentials/achievement-credential'
import { addMonthsUtc } from '../app/credentials/encoding'
import { randomStatusIndex, STATUS_LIST_LENGTH, type StatusPurpose } from '../app/credentials/status-list'
import { db } from '../app/db/db.server'
import type { Prisma } from '../app/db/generated/sqlite/client'
import { achievementOf } from '../app/issuing/achievements.server'
import { achievementId, getIssuerProfile, getSigningKey, statusListUrl } from '../app/issuing/issuer.server'
import { changeCredentialStatus, type StatusAction } from '../app/issuing/status-changes.server'
import { serverDocumentLoader } from '../app/issuing/status-lists.server'
import { drawQuestions } from '../app/learning/assessment.server'
import { isCorrect, type Answer } from '../app/learning/grading'
import { createAssignment, listAssignments, type Due } from '../app/orgs/assignments.server'
import { skillEvidenceRows } from '../app/skills/evidence.server'
import { skillEvidence, type GradedEvidence } from '../app/skills/skill-level'
import type { SeedContent } from './seed'

export const SEED_LARGE_PASSWORD = 'skillproof-at-scale-2026'
export const DEFAULT_LARGE_SLUG = 'meridian-freight'
/** Rows per createMany call and learners per transaction: short transactions, whatever the provider. */
const BATCH = 500
/** Signed credentials written per transaction. */
const CREDENTIAL_BATCH = 250
const DAY = 24 * 60 * 60 * 1000
const MINUTE = 60 * 1000
const WORKER_FLAG = 'skillproof:seed-large-signer'

export type SeedLargeOptions = {
	learners: number
	teams: number
	slug?: string
	now?: Date
	/** At most this many signed credentials (default: one per planned completion). */
	signedCredentials?: number
	/** Signing threads; 0 signs in this thread (default: up to 2, one per core). */
	workers?: number
	/** The learning paths (default: the compiled catalogue, as the app reads it). */
	content?: SeedContent
	log?: (line: string) => void
}

export type SeedLargeResult = {
	orgId: string
	slug: string
	name: string
	owner: { email: string; password: string }
	admins: string[]
	learners: number
	teams: Array<{ name: string; members: number }>
	states: { notStarted: number; inProgress: number; completed: number }
	rows: {
		users: number
		pathProgress: number
		lessonProgress: number
		attempts: number
		completions: number
		credentials: number
		credentialSkills: number
		assignments: number
		learnerAssignments: number
	}
	credentials: { signed: number; expired: number; revoked: number; suspended: number; leftUnsigned: number }
	overdue: number
	/** Seconds per phase. */
	timings: Record<string, number>
}

/** The organisation (or its people) already exists: refused, nothing written. */
export class SeedLargeRefusedError extends Error {}

// ---------------------------------------------------------------------------------------------
// Small helpers

/** A seeded pseudo-random source (mulberry32), so the same slug gives the same mix. */
export function createRandom(seed: number) {
	let state = seed >>> 0
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0
		let t = state
		t = Math.imul(t ^ (t >>> 15), t | 1)
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
	}
	const between = (min: number, max: number) => min + next() * (max - min)
	const int = (min: number, max: number) => Math.floor(between(min, max + 1))
	const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!
	const weighted = (weights: readonly number[]) => {
		const total = weights.reduce((a, b) => a + b, 0)
		let r = next() * total
		for (const [i, w] of weights.entries()) if ((r -= w) < 0) return i
		return weights.length - 1
	}
	const shuffle = <T>(items: T[]): T[] => {
		for (let i = items.length - 1; i > 0; i--) {
			const j = Math.floor(next() * (i + 1))
			;[items[i], items[j]] = [items[j]!, items[i]!]
		}
		return items
	}
	return { next, between, int, pick, weighted, shuffle, chance: (p: number) => next() < p }
}
type Random = ReturnType<typeof createRandom>

function hashSeed(text: string) {
	return crypto.createHash('sha256').update(text).digest().readUInt32LE(0)
}

let idCounter = 0
/** Collision-resistant ids in the shape of Prisma's cuid (time-ordered, so inserts stay local). */
export function newId() {
	idCounter = (idCounter + 1) % 1_679_616
	return `c${Date.now().toString(36)}${idCounter.toString(36).padStart(4, '0')}${crypto.randomBytes(6).toString('hex')}`
}

function chunks<T>(items: readonly T[], size: number): T[][] {
	const out: T[][] = []
	for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
	return out
}

async function createManyInChunks<T>(rows: T[], write: (data: T[]) => Promise<unknown>) {
	for (const part of chunks(rows, BATCH)) await write(part)
}

const seconds = (since: number) => Number(((performance.now() - since) / 1000).toFixed(1))
const fmt = (n: number) => n.toLocaleString('en-GB')

// ---------------------------------------------------------------------------------------------
// Names

const DEPARTMENTS: Array<[string, number]> = [
	['Operations', 10],
	['Warehouse', 9],
	['Customer Service', 7],
	['Logistics', 6],
	['Sales', 4],
	['Engineering', 3],
	['IT Service Desk', 2],
	['Finance', 2],
	['Marketing', 1.5],
	['Quality', 1.2],
	['People & HR', 1.2],
	['Procurement', 1],
	['Data & Analytics', 1],
	['Facilities', 0.8],
	['Product', 0.8],
	['Legal & Compliance', 0.4],
]
const SITES: Array<[string, number]> = [
	['Rotterdam', 1.6],
	['Manchester', 1.3],
	['Hamburg', 1.2],
	['Lyon', 1],
	['Warsaw', 1],
	['Porto', 0.8],
	['Dublin', 0.7],
	['Milan', 0.7],
	['Gothenburg', 0.6],
	['Brno', 0.5],
]
const FIRST_NAMES = (
	'Olivia,Liam,Amara,Noah,Sofia,Mateo,Priya,Kwame,Chloé,Jonas,Aisha,Tomasz,Hiroshi,Lena,Rafael,Ingrid,' +
	'Yusuf,Marta,Diego,Fatima,Lukas,Elif,Sean,Anouk,Mihai,Zofia,Oskar,Nadia,Emeka,Clara,Arjun,Beatriz,' +
	'Finn,Leila,Matteo,Hanna,Kofi,Isabel,Pieter,Mei,Andrei,Freya,Joao,Sara,Tariq,Eva,Ruben,Aylin,Niamh,' +
	'Jakub,Camille,Samuel,Ines,Viktor,Maya,Ahmed,Julia,Lars,Rosa,Daniel,Chiara,Oliver,Ana,Karim,Emma,' +
	'Bogdan,Lucia,Felix,Grace,Ivan,Noor,Hugo,Astrid'
).split(',')
const LAST_NAMES = (
	'Okafor,Alvarez,Larsen,Rossi,Natarajan,Mensah,Lindqvist,Tanaka,Diallo,Becker,Martin,Souza,Rahman,' +
	'Nowak,de Vries,Murphy,Kowalski,Jansen,García,Schmidt,Dubois,Ferreira,Novák,Bianchi,Andersson,' +
	"Popescu,O'Brien,Yilmaz,Haddad,Mwangi,Kim,Chen,Singh,Patel,Nielsen,Moreau,Costa,Horvat,Fischer," +
	'Lambert,Walsh,Bakker,Romano,Johansson,Wójcik,Santos,Weber,Laurent,Ricci,Berg,Ivanova,Kaya,Adeyemi,' +
	'Nakamura,Hoffmann,Petit,Marino,Svensson,Dvořák,Pereira,Keller,Girard,Conti,Hansen,Sato'
).split(',')

function emailPart(name: string) {
	return name
		.normalize('NFD')
		.replace(/\p{Diacritic}/gu, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '')
}

function titleFromSlug(slug: string) {
	return slug
		.split('-')
		.map((w) => w.charAt(0).toUpperCase() + w.slice(1))
		.join(' ')
}

const REVOKE_REASONS = [
	'The final assessment was taken on behalf of the learner by a colleague.',
	'Issued to the wrong account; the learner holds the credential under another address.',
	'The assessment was completed with help the policy does not allow.',
]
const SUSPEND_REASONS = [
	'Under review after a complaint about the assessment conditions.',
	'Paused while the learner’s employment status is checked.',
]

// ---------------------------------------------------------------------------------------------
// The plan: who is where, decided before anything is written

type AttemptPlan = {
	id: string
	questionIds: string[]
	answers: Record<string, Answer>
	graded: GradedEvidence[]
	score: number
	passed: boolean
	startedAt: Date
	submittedAt: Date
}

type PathPlan = {
	path: CompiledPath
	/** Lessons completed (in path order), and whether the next one is opened. */
	lessonsDone: number
	openedNext: boolean
	/** none: not yet; failed: attempted without passing; passed: completed (with a credential). */
	assessment: 'none' | 'failed' | 'passed'
	failedFirst: boolean
	expired: boolean
	status: StatusAction | null
	lessons: Array<{ lessonSlug: string; startedAt: Date; completedAt: Date | null }>
	lastVisitedAt: Date
	lessonsCompletedAt: Date | null
	attempts: AttemptPlan[]
}

type LearnerPlan = {
	id: string
	name: string
	email: string
	team: number
	joinedAt: Date
	state: 'not-started' | 'in-progress' | 'completed'
	identitySalt: string | null
	paths: PathPlan[]
}

type AssignmentPlan = { team: number; path: CompiledPath; createdAt: Date; due: Due }

function teamPlan(rng: Random, teamCount: number, learners: number) {
	const combos = rng.shuffle(
		DEPARTMENTS.flatMap(([d, dw]) => SITES.map(([s, sw]) => ({ name: `${d} ${s}`, w: dw * sw }))),
	)
	const teams = Array.from({ length: teamCount }, (_, i) => {
		const combo = combos[i % combos.length]!
		const round = Math.floor(i / combos.length)
		return { name: round ? `${combo.name} ${round + 1}` : combo.name, weight: combo.w * rng.between(0.7, 1.3) }
	})
	// Everyone gets one member first (when there are enough learners), the rest by weight.
	const base = learners >= teamCount ? 1 : 0
	const rest = learners - base * teamCount
	const total = teams.reduce((a, t) => a + t.weight, 0)
	const exact = teams.map((t) => (rest * t.weight) / total)
	const sizes = exact.map((x) => Math.floor(x) + base)
	const byRemainder = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r)
	const missing = learners - sizes.reduce((a, b) => a + b, 0)
	for (let k = 0; k < missing; k++) sizes[byRemainder[k % teamCount]!.i]!++
	return teams.map((t, i) => ({ name: t.name, size: sizes[i]! }))
}

function pathWeights(paths: CompiledPath[]) {
	// The first (foundation) paths are the most popular.
	return paths.map((_, i) => [0.45, 0.35, 0.2][i] ?? 0.15)
}

function assignmentPlan(rng: Random, teamSizes: number[], paths: CompiledPath[], now: number): AssignmentPlan[] {
	const count = Math.min(teamSizes.length, Math.max(3, Math.round(teamSizes.length * 0.24)))
	const teams = rng.shuffle(teamSizes.map((_, i) => i)).slice(0, count)
	const weights = pathWeights(paths)
	return teams.map((team, k) => {
		const path = paths[rng.weighted(weights)]!
		// The first is old and short, so some of its learners are overdue.
		const ageDays = k === 0 ? 120 : rng.int(10, 150)
		const createdAt = new Date(now - ageDays * DAY - rng.int(0, 8 * 60) * MINUTE)
		let due: Due
		if (k === 0) due = { kind: 'days', days: 30 }
		else if (rng.chance(0.5)) due = { kind: 'days', days: rng.pick([30, 60, 90, 120]) }
		else {
			const date = new Date(createdAt.getTime() + rng.int(45, 150) * DAY)
			due = { kind: 'date', date: date.toISOString().slice(0, 10) }
		}
		return { team, path, createdAt, due }
	})
}

/** A wrong answer to `question` (checked with the app's own grading). */
function wrongAnswer(question: Question): Answer {
	let answer: Answer
	if (question.type === 'single') answer = [question.options.find((o) => o.id !== question.answer[0])!.id]
	else if (question.type === 'multiple') answer = question.answer.slice(0, 1)
	else if (question.type === 'ordering') answer = [...question.answer].reverse()
	else {
		const { answer: key, targets } = question
		answer = Object.fromEntries(question.options.map((o) => [o.id, targets.find((t) => t.id !== key[o.id])!.id]))
	}
	if (isCorrect(question, answer)) throw new Error(`No wrong answer found for question ${question.id}`)
	return answer
}

function planAttempt(rng: Random, content: SeedContent, path: CompiledPath, passed: boolean, submittedAt: Date) {
	const bank = content.questionsFor(path.slug).bank
	const byId = new Map(bank.map((q) => [q.id, q]))
	const questionIds = drawQuestions(bank, path.assessment.questionCount)
	const n = questionIds.length
	const needed = Math.ceil(path.assessment.passMark * n - 1e-9)
	const correctCount = passed
		? n - Math.min(n - needed, [0, 1, 2][rng.weighted([35, 40, 25])]!)
		: Math.max(0, needed - rng.int(1, 4))
	const wrong = new Set(rng.shuffle([...questionIds]).slice(0, n - correctCount))
	const answers: Record<string, Answer> = {}
	const graded: GradedEvidence[] = []
	for (const id of questionIds) {
		const question = byId.get(id)!
		const right = !wrong.has(id)
		answers[id] = right ? question.answer : wrongAnswer(question)
		graded.push({ objective: question.objective, skills: question.skills, correct: right })
	}
	const score = n ? correctCount / n : 0
	return {
		id: newId(),
		questionIds,
		answers,
		graded,
		score,
		passed: score >= path.assessment.passMark,
		startedAt: new Date(submittedAt.getTime() - rng.int(6, 25) * MINUTE),
		submittedAt,
	}
}

/**
 * Timestamps for one learner's path between `from` and `to`: lessons in order (most in the same
 * sitting, some days apart), then the assessment attempts. Squeezed when the window is short.
 */
function fillTimeline(rng: Random, content: SeedContent, plan: PathPlan, from: number, to: number) {
	const lessons = plan.path.lessons
	const steps: Array<{ kind: 'lesson' | 'attempt'; gap: number; length: number }> = []
	const opened = Math.min(lessons.length, plan.lessonsDone + (plan.openedNext ? 1 : 0))
	for (let i = 0; i < opened; i++) {
		const gap = i === 0 ? 0 : rng.chance(0.65) ? rng.int(2, 40) * MINUTE : rng.between(0.5, 6) * DAY
		steps.push({ kind: 'lesson', gap, length: Math.max(3, lessons[i]!.minutes * rng.between(0.8, 2)) * MINUTE })
	}
	const attemptCount = plan.assessment === 'none' ? 0 : plan.assessment === 'passed' && plan.failedFirst ? 2 : 1
	for (let i = 0; i < attemptCount; i++) {
		steps.push({ kind: 'attempt', gap: i === 0 ? rng.between(0.05, 3) * DAY : rng.between(1.1, 5) * DAY, length: 0 })
	}
	const span = steps.reduce((a, s) => a + s.gap + s.length, 0)
	const room = Math.max(0, to - from)
	const scale = span > room * 0.95 ? (room * 0.95) / span : 1
	let t = from + rng.next() * Math.max(0, room - span * scale)
	plan.lessons = []
	plan.attempts = []
	let lastVisit = t
	for (const [i, step] of steps.entries()) {
		t += step.gap * scale
		if (step.kind === 'lesson') {
			const startedAt = new Date(t)
			t += step.length * scale
			const done = i < plan.lessonsDone
			plan.lessons.push({ lessonSlug: lessons[i]!.slug, startedAt, completedAt: done ? new Date(t) : null })
			lastVisit = done ? t : startedAt.getTime()
		} else {
			const isLast = plan.attempts.length === attemptCount - 1
			const passed = plan.assessment === 'passed' && isLast
			plan.attempts.push(planAttempt(rng, content, plan.path, passed, new Date(t)))
		}
	}
	plan.lastVisitedAt = new Date(lastVisit)
	plan.lessonsCompletedAt = plan.lessonsDone === lessons.length ? plan.lessons.at(-1)!.completedAt : null
}

function emptyPathPlan(path: CompiledPath): PathPlan {
	return {
		path,
		lessonsDone: 0,
		openedNext: true,
		assessment: 'none',
		failedFirst: false,
		expired: false,
		status: null,
		lessons: [],
		lastVisitedAt: new Date(0),
		lessonsCompletedAt: null,
		attempts: [],
	}
}

function choosePaths(rng: Random, paths: CompiledPath[], count: number, assigned: CompiledPath | undefined) {
	const chosen: CompiledPath[] = []
	if (assigned && rng.chance(0.8)) chosen.push(assigned)
	const weights = pathWeights(paths)
	while (chosen.length < Math.min(count, paths.length)) {
		const path = paths[rng.weighted(weights)]!
		if (!chosen.includes(path)) chosen.push(path)
	}
	return chosen
}

function inProgressPlan(rng: Random, path: CompiledPath): PathPlan {
	const plan = emptyPathPlan(path)
	const n = path.lessons.length
	if (rng.chance(0.15)) {
		plan.lessonsDone = n
		plan.openedNext = false
		plan.assessment = rng.chance(0.5) ? 'failed' : 'none'
	} else {
		// Early lessons are where most people are.
		plan.lessonsDone = Math.min(n - 1, Math.floor(n * rng.next() ** 1.4))
		plan.openedNext = plan.lessonsDone === 0 || rng.chance(0.6)
	}
	return plan
}

function completedPlan(rng: Random, path: CompiledPath): PathPlan {
	const plan = emptyPathPlan(path)
	plan.lessonsDone = path.lessons.length
	plan.openedNext = false
	plan.assessment = 'passed'
	plan.failedFirst = rng.chance(0.1)
	return plan
}

// ---------------------------------------------------------------------------------------------
// Signing: the credential library's signAchievementCredential, with what issuing puts in it

type SignJob = {
	userId: string
	/** As issuing reads them from the learner's row and first membership. */
	learner: { name: string; email: string; salt: string | null }
	orgId: string
	teamId: string
	pathSlug: string
	attemptId: string
	graded: GradedEvidence[]
	at: Date
	lists: Record<StatusPurpose, number>
}

export type SignedRows = {
	completion: Prisma.PathCompletionCreateManyInput
	credential: Prisma.CredentialCreateManyInput
	events: Prisma.CredentialEventCreateManyInput[]
	skills: Prisma.CredentialSkillCreateManyInput[]
}

type SignerEnv = { paths: Map<string, CompiledPath>; bitmaps: Map<number, Int32Array> }

/**
 * A free index on a list reserved beforehand, drawn as issuing draws it (uniformly at random, again
 * while taken), each index claimed at most once across threads through the list's shared bitmap.
 */
function claimStatusIndex(env: SignerEnv, listId: number) {
	const bits = env.bitmaps.get(listId)
	if (!bits) throw new Error(`seed-large: status list ${listId} not reserved`)
	for (;;) {
		const index = randomStatusIndex()
		const bit = 1 << (index & 31)
		if ((Atomics.or(bits, index >>> 5, bit) & bit) === 0) return index
	}
}

/**
 * The rows a passed attempt leads to, as `recordCompletion` and `issueCredential` write them: the
 * PathCompletion, the credential signed with the issuer's key (the same issuer profile, achievement,
 * status-list addresses and document loader), its `issued` event and its skills evidence rows.
 */
async function signJob(env: SignerEnv, job: SignJob): Promise<SignedRows> {
	const path = env.paths.get(job.pathSlug)
	if (!path) throw new Error(`seed-large: unknown path ${job.pathSlug}`)
	const { salt } = job.learner
	if (!salt) throw new Error(`seed-large: learner ${job.userId} has a credential but no identity salt`)
	const questionCount = job.graded.length
	const score = questionCount ? job.graded.filter((g) => g.correct).length / questionCount : 0
	const completion = {
		id: newId(),
		userId: job.userId,
		pathSlug: path.slug,
		attemptId: job.attemptId,
		contentHash: path.contentHash,
		score,
		completedAt: job.at,
	}
	const revocation = { listId: job.lists.revocation, index: claimStatusIndex(env, job.lists.revocation) }
	const suspension = { listId: job.lists.suspension, index: claimStatusIndex(env, job.lists.suspension) }
	const id = crypto.randomUUID()
	const validUntil = addMonthsUtc(job.at, path.credential.validForMonths)
	const signed = await signAchievementCredential({
		issuer: getIssuerProfile(),
		credentialId: id,
		achievement: achievementOf(path),
		learner: { ...job.learner, salt },
		result: { score, assessedAt: job.at, questionCount },
		validFrom: job.at,
		validUntil,
		status: [
			{ purpose: 'revocation', listUrl: statusListUrl(revocation.listId), index: revocation.index },
			{ purpose: 'suspension', listUrl: statusListUrl(suspension.listId), index: suspension.index },
		],
		signingKey: await getSigningKey(),
		documentLoader: serverDocumentLoader,
	})
	return {
		completion,
		credential: {
			id,
			userId: job.userId,
			completionId: completion.id,
			orgId: job.orgId,
			pathSlug: path.slug,
			achievementId: achievementId(path),
			publicId: crypto.randomBytes(18).toString('base64url'),
			document: JSON.stringify(signed),
			issuedAt: job.at,
			validUntil,
			revocationListId: revocation.listId,
			revocationIndex: revocation.index,
			suspensionListId: suspension.listId,
			suspensionIndex: suspension.index,
		},
		events: [{ id: newId(), credentialId: id, kind: 'issued', createdAt: job.at, seenAt: null }],
		skills: skillEvidenceRows({
			credentialId: id,
			userId: job.userId,
			orgId: job.orgId,
			teamId: job.teamId,
			member: true,
			skills: path.skills,
			evidence: skillEvidence(path.slug, path.skills, job.graded),
			validUntil,
			active: true,
		}),
	}
}

async function signJobs(env: SignerEnv, jobs: SignJob[]): Promise<SignedRows[]> {
	const results: SignedRows[] = []
	for (const job of jobs) results.push(await signJob(env, job))
	return results
}

type SignerData = { [WORKER_FLAG]: true; paths: CompiledPath[]; bitmaps: Array<[number, SharedArrayBuffer]> }
type SignRequest = { id: number; jobs: SignJob[] } | { id: number; close: true }
type SignResponse = { id: number; rows?: SignedRows[]; error?: string }

/** Signs in `count` worker threads running this module, or in this thread when count is 0. */
async function startSigners(count: number, paths: CompiledPath[], bitmaps: Map<number, SharedArrayBuffer>) {
	const views = new Map([...bitmaps].map(([id, buffer]) => [id, new Int32Array(buffer)]))
	if (count === 0) {
		const env = { paths: new Map(paths.map((p) => [p.slug, p])), bitmaps: views }
		return { threads: 0, sign: (jobs: SignJob[]) => signJobs(env, jobs), close: async () => {} }
	}
	// The thread runs this TypeScript file: it registers tsx's loader first (a worker's --import
	// does not apply to its entry module on Node 20), whatever started this process.
	const bootstrap = `import(${JSON.stringify(tsxEsmApi())}).then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}) })`
	const data: SignerData = { [WORKER_FLAG]: true, paths, bitmaps: [...bitmaps] }
	type Waiting = { resolve: (rows: SignedRows[]) => void; reject: (error: Error) => void }
	type Thread = { worker: Worker; waiting: Map<number, Waiting>; ended: Promise<void>; failure: Error | null }
	let nextId = 0
	const threads: Thread[] = Array.from({ length: count }, () => {
		// A larger young generation than a thread's default: signing allocates a lot, and scavenging
		// in each thread otherwise halves its speed.
		const worker = new Worker(bootstrap, {
			eval: true,
			workerData: data,
			resourceLimits: { maxYoungGenerationSizeMb: 32 },
		})
		const thread: Thread = { worker, waiting: new Map(), ended: Promise.resolve(), failure: null }
		const fail = (error: Error) => {
			thread.failure ??= error
			for (const w of thread.waiting.values()) w.reject(error)
			thread.waiting.clear()
		}
		worker.on('message', (message: SignResponse) => {
			const waiting = thread.waiting.get(message.id)
			thread.waiting.delete(message.id)
			if (message.error) waiting?.reject(new Error(`Signing thread: ${message.error}`))
			else waiting?.resolve(message.rows ?? [])
		})
		worker.on('error', fail)
		thread.ended = new Promise((resolve) =>
			worker.once('exit', (code) => {
				fail(new Error(`A signing thread ended (exit code ${code}) with work outstanding.`))
				resolve()
			}),
		)
		return thread
	})
	return {
		threads: count,
		sign(jobs: SignJob[]) {
			const thread = threads.reduce((a, b) => (b.waiting.size < a.waiting.size ? b : a))
			if (thread.failure) return Promise.reject(thread.failure)
			const id = nextId++
			return new Promise<SignedRows[]>((resolve, reject) => {
				thread.waiting.set(id, { resolve, reject })
				thread.worker.postMessage({ id, jobs } satisfies SignRequest)
			})
		},
		async close() {
			// Each thread closes its database connection and ends; one that does not is stopped.
			await Promise.all(
				threads.map(async ({ worker, ended }) => {
					worker.postMessage({ id: -1, close: true } satisfies SignRequest)
					const timer = setTimeout(() => void worker.terminate(), 10_000)
					await ended
					clearTimeout(timer)
				}),
			)
		},
	}
}

/** tsx's ESM registration API, from the exports of its package.json. */
function tsxEsmApi() {
	const file = createRequire(import.meta.url).resolve('tsx/package.json')
	const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as {
		exports: Record<string, { import?: { default?: string } } | string>
	}
	const entry = manifest.exports['./esm/api']
	const relative = typeof entry === 'string' ? entry : entry?.import?.default
	if (!relative) throw new Error('seed-large: cannot find the tsx loader API')
	return pathToFileURL(join(dirname(file), relative)).href
}

async function runSignerThread(data: SignerData) {
	const port = parentPort!
	const env: SignerEnv = {
		paths: new Map(data.paths.map((p) => [p.slug, p])),
		bitmaps: new Map(data.bitmaps.map(([id, buffer]) => [id, new Int32Array(buffer)])),
	}
	// One request at a time, in order.
	let queue = Promise.resolve()
	port.on('message', (request: SignRequest) => {
		queue = queue.then(async () => {
			if ('close' in request) {
				await db.$disconnect()
				port.close()
				return
			}
			try {
				port.postMessage({ id: request.id, rows: await signJobs(env, request.jobs) } satisfies SignResponse)
			} catch (error) {
				const message = error instanceof Error ? `${error.message}\n${error.stack}` : String(error)
				port.postMessage({ id: request.id, error: message } satisfies SignResponse)
			}
		})
	})
}

const signerData = workerData as Partial<SignerData> | null
if (parentPort && signerData?.[WORKER_FLAG]) await runSignerThread(signerData as SignerData)

/**
 * Status-list entries for `count` new credentials per purpose, the way `issueCredential` takes
 * them (the lowest open list, closed at half full, a new one when none is open), with a bitmap of
 * the indices already taken on each list.
 */
async function reserveStatusLists(count: number) {
	const bitmaps = new Map<number, SharedArrayBuffer>()
	const ranges: Record<StatusPurpose, Array<{ id: number; take: number }>> = { revocation: [], suspension: [] }
	for (const purpose of ['revocation', 'suspension'] as const) {
		let remaining = count
		const open = await db.statusList.findMany({
			where: { purpose, allocated: { lt: STATUS_LIST_LENGTH / 2 } },
			orderBy: { id: 'asc' },
			select: { id: true, allocated: true, length: true },
		})
		for (const list of open) {
			if (remaining === 0) break
			const take = Math.min(remaining, Math.max(0, list.length / 2 - list.allocated))
			if (take > 0) ranges[purpose].push({ id: list.id, take })
			remaining -= take
		}
		while (remaining > 0) {
			const list = await db.statusList.create({ data: { purpose, length: STATUS_LIST_LENGTH }, select: { id: true } })
			const take = Math.min(remaining, STATUS_LIST_LENGTH / 2)
			ranges[purpose].push({ id: list.id, take })
			remaining -= take
		}
		for (const { id } of ranges[purpose]) {
			const list = await db.statusList.findUniqueOrThrow({ where: { id }, select: { length: true } })
			const buffer = new SharedArrayBuffer(Math.ceil(list.length / 32) * 4)
			const bits = new Int32Array(buffer)
			const taken =
				purpose === 'revocation'
					? (await db.credential.findMany({ where: { revocationListId: id }, select: { revocationIndex: true } })).map(
							(c) => c.revocationIndex,
						)
					: (await db.credential.findMany({ where: { suspensionListId: id }, select: { suspensionIndex: true } })).map(
							(c) => c.suspensionIndex,
						)
			for (const index of taken) bits[index >>> 5]! |= 1 << (index & 31)
			bitmaps.set(id, buffer)
		}
	}
	const listFor = (purpose: StatusPurpose, n: number) => {
		let k = n
		for (const range of ranges[purpose]) {
			if (k < range.take) return range.id
			k -= range.take
		}
		throw new Error('seed-large: more credentials than reserved status entries')
	}
	return { bitmaps, listFor }
}

// ---------------------------------------------------------------------------------------------
// Planning the whole organisation

function planOrganisation(options: SeedLargeOptions, content: SeedContent, slug: string, now: number) {
	const rng = createRandom(hashSeed(slug))
	const paths = content.paths
	const domain = `${slug}.example`
	const teams = teamPlan(rng, options.teams, options.learners)
	const assignments = assignmentPlan(
		rng,
		teams.map((t) => t.size),
		paths,
		now,
	)
	const assignmentOf = new Map(assignments.map((a) => [a.team, a]))
	const teamOf = rng.shuffle(teams.flatMap((t, i) => Array<number>(t.size).fill(i)))
	// Exact shares (25% completed, 35% in progress, the rest not started), handed out in a random
	// order that puts members of teams with an assignment somewhat ahead.
	const completedShare = options.learners - Math.round(options.learners * 0.75)
	const activeShare = options.learners - Math.round(options.learners * 0.4)
	const states: LearnerPlan['state'][] = []
	teamOf
		.map((team, i) => ({ i, score: rng.next() - (assignmentOf.has(team) ? 0.25 : 0) }))
		.sort((a, b) => a.score - b.score)
		.forEach(({ i }, rank) => {
			states[i] = rank < completedShare ? 'completed' : rank < activeShare ? 'in-progress' : 'not-started'
		})
	const emailCounts = new Map<string, number>()
	const learners = teamOf.map((team, i): LearnerPlan => {
		const first = rng.pick(FIRST_NAMES)
		const last = rng.pick(LAST_NAMES)
		const base = `${emailPart(first)}.${emailPart(last)}`
		const n = (emailCounts.get(base) ?? 0) + 1
		emailCounts.set(base, n)
		const joinedAt = rng.chance(0.15) ? now - rng.between(7, 180) * DAY : now - rng.between(180, 3 * 365) * DAY
		const state = states[i]!
		const assigned = assignmentOf.get(team)?.path
		let planned: PathPlan[] = []
		if (state === 'in-progress') {
			planned = choosePaths(rng, paths, rng.chance(0.8) ? 1 : 2, assigned).map((p) => inProgressPlan(rng, p))
		} else if (state === 'completed') {
			const count = [1, 2, 3][rng.weighted([70, 22, 8])]!
			const chosen = choosePaths(rng, paths, count + 1, assigned)
			planned = chosen.slice(0, count).map((p) => completedPlan(rng, p))
			const next = chosen[count]
			if (next && rng.chance(0.3)) planned.push(inProgressPlan(rng, next))
		}
		return {
			id: newId(),
			name: `${first} ${last}`,
			email: `${base}${n > 1 ? n : ''}@${domain}`,
			team,
			joinedAt: new Date(joinedAt),
			state,
			identitySalt: null,
			paths: planned,
		}
	})

	// The cap: completed learners beyond it keep every lesson done but have not passed.
	const cap = options.signedCredentials ?? Number.POSITIVE_INFINITY
	let completions = 0
	let leftUnsigned = 0
	for (const learner of learners) {
		const passed = learner.paths.filter((p) => p.assessment === 'passed')
		if (passed.length === 0) continue
		if (completions + passed.length <= cap) {
			completions += passed.length
			// As issuing sets it on a learner's first credential (16 random bytes).
			learner.identitySalt = crypto.randomBytes(16).toString('base64url')
			continue
		}
		leftUnsigned += passed.length
		learner.state = 'in-progress'
		for (const p of passed) {
			p.assessment = p.failedFirst ? 'failed' : 'none'
			p.failedFirst = false
		}
	}

	// A few expired, revoked and suspended credentials among those kept. Expired ones were earned
	// long ago, by people who were here then.
	const passedPlans = rng.shuffle(
		learners.flatMap((learner) =>
			learner.paths.filter((p) => p.assessment === 'passed').map((plan) => ({ learner, plan })),
		),
	)
	const few = (share: number) => (passedPlans.length >= 10 ? Math.max(1, Math.round(passedPlans.length * share)) : 0)
	passedPlans
		.filter(
			({ learner, plan }) => learner.joinedAt.getTime() < now - (plan.path.credential.validForMonths * 31 + 170) * DAY,
		)
		.slice(0, few(0.01))
		.forEach(({ plan }) => (plan.expired = true))
	const current = passedPlans.filter(({ plan }) => !plan.expired)
	const revoked = few(0.004)
	current.slice(0, revoked).forEach(({ plan }) => (plan.status = 'revoke'))
	current.slice(revoked, revoked + few(0.002)).forEach(({ plan }) => (plan.status = 'suspend'))

	// Timelines in the last six months, after joining (and after the assignment, for an assigned path):
	// completed paths one after another, then the open ones.
	for (const learner of learners) {
		const passed = learner.paths.filter((p) => p.assessment === 'passed')
		const open = learner.paths.filter((p) => p.assessment !== 'passed')
		const windowStart = Math.max(now - 180 * DAY, learner.joinedAt.getTime() + DAY)
		const assignment = assignmentOf.get(learner.team)
		const fromFor = (p: PathPlan) =>
			assignment?.path === p.path ? Math.max(windowStart, assignment.createdAt.getTime()) : windowStart
		let cursor = windowStart
		for (const [k, p] of passed.entries()) {
			if (p.expired) {
				const end = now - (p.path.credential.validForMonths * 31 + rng.int(20, 120)) * DAY
				fillTimeline(rng, content, p, end - 40 * DAY, end)
				continue
			}
			const slice = (now - 60 * MINUTE - cursor) / (passed.length - k + (open.length ? 0.5 : 0))
			const from = Math.max(cursor, fromFor(p))
			fillTimeline(rng, content, p, from, Math.max(from + DAY, cursor + slice))
			cursor = Math.max(cursor + slice, p.attempts.at(-1)!.submittedAt.getTime() + MINUTE)
		}
		for (const p of open) fillTimeline(rng, content, p, Math.max(cursor, fromFor(p)), now - 10 * MINUTE)
	}
	return { rng, teams, assignments, learners, completions, leftUnsigned }
}

// ---------------------------------------------------------------------------------------------
// Writing

type Staff = { id: string; name: string; email: string; role: 'OWNER' | 'ADMIN' }

async function writePeople(input: {
	name: string
	slug: string
	now: number
	teams: Array<{ name: string }>
	learners: LearnerPlan[]
	log: (line: string) => void
}) {
	const { now, learners, log } = input
	const domain = `${input.slug}.example`
	const passwordHash = await hashPassword(SEED_LARGE_PASSWORD)
	const longAgo = new Date(now - 3 * 365 * DAY)
	const org = await db.organization.create({
		data: { name: input.name, slug: input.slug, createdAt: longAgo },
		select: { id: true },
	})
	const teamIds = input.teams.map(() => newId())
	await db.team.createMany({
		data: input.teams.map((t, i) => ({ id: teamIds[i]!, orgId: org.id, name: t.name, createdAt: longAgo })),
	})
	const staff: Staff[] = [
		{ id: newId(), name: 'Morgan Hale', email: `owner@${domain}`, role: 'OWNER' },
		...Array.from({ length: Math.max(2, Math.round(learners.length / 10_000)) }, (_, i): Staff => ({
			id: newId(),
			name: `${FIRST_NAMES[(i * 7 + 3) % FIRST_NAMES.length]} ${LAST_NAMES[(i * 11 + 5) % LAST_NAMES.length]}`,
			email: `admin${i + 1}@${domain}`,
			role: 'ADMIN',
		})),
	]
	await db.$transaction(async (tx) => {
		await tx.user.createMany({
			data: staff.map((s) => ({ id: s.id, name: s.name, email: s.email, passwordHash, createdAt: longAgo })),
		})
		await tx.membership.createMany({
			data: staff.map((s) => ({ userId: s.id, orgId: org.id, role: s.role, createdAt: longAgo })),
		})
	})
	for (const [b, batch] of chunks(learners, BATCH).entries()) {
		await db.$transaction(
			async (tx) => {
				await tx.user.createMany({
					data: batch.map((l) => ({
						id: l.id,
						name: l.name,
						email: l.email,
						passwordHash,
						createdAt: l.joinedAt,
						updatedAt: l.joinedAt,
						identitySalt: l.identitySalt,
					})),
				})
				await tx.membership.createMany({
					data: batch.map((l) => ({
						userId: l.id,
						orgId: org.id,
						role: 'LEARNER' as const,
						teamId: teamIds[l.team]!,
						createdAt: l.joinedAt,
					})),
				})
			},
			{ timeout: 120_000 },
		)
		if ((b + 1) % 20 === 0) log(`  people: ${fmt((b + 1) * BATCH)} / ${fmt(learners.length)}`)
	}
	return { orgId: org.id, teamIds, staff }
}

/** Progress rows (lessons, paths) and failed attempts, a transaction per batch of learners. */
async function writeProgress(learners: LearnerPlan[], log: (line: string) => void, stopped: () => boolean) {
	const counts = { pathProgress: 0, lessonProgress: 0, failedAttempts: 0 }
	for (const [b, batch] of chunks(learners, BATCH).entries()) {
		if (stopped()) break
		const pathRows: Prisma.PathProgressCreateManyInput[] = []
		const lessonRows: Prisma.LessonProgressCreateManyInput[] = []
		const attemptRows: Prisma.AssessmentAttemptCreateManyInput[] = []
		for (const learner of batch) {
			for (const plan of learner.paths) {
				const first = plan.lessons[0]
				const last = plan.lessons.at(-1)
				if (!first || !last) continue
				pathRows.push({
					userId: learner.id,
					pathSlug: plan.path.slug,
					startedAt: first.startedAt,
					lastLessonSlug: last.lessonSlug,
					lastVisitedAt: plan.lastVisitedAt,
					lessonsCompletedAt: plan.lessonsCompletedAt,
				})
				for (const lesson of plan.lessons) lessonRows.push({ userId: learner.id, pathSlug: plan.path.slug, ...lesson })
				for (const attempt of plan.attempts)
					if (!attempt.passed) attemptRows.push(attemptRow(learner.id, plan.path, attempt))
			}
		}
		await db.$transaction(
			async (tx) => {
				await createManyInChunks(pathRows, (data) => tx.pathProgress.createMany({ data }))
				await createManyInChunks(lessonRows, (data) => tx.lessonProgress.createMany({ data }))
				await createManyInChunks(attemptRows, (data) => tx.assessmentAttempt.createMany({ data }))
			},
			{ timeout: 120_000 },
		)
		counts.pathProgress += pathRows.length
		counts.lessonProgress += lessonRows.length
		counts.failedAttempts += attemptRows.length
		if ((b + 1) % 20 === 0) log(`  progress: ${fmt((b + 1) * BATCH)} / ${fmt(learners.length)} learners`)
	}
	return counts
}

type Completion = {
	job: SignJob
	attemptRow: Prisma.AssessmentAttemptCreateManyInput
	status: StatusAction | null
	statusAt: Date
}

/**
 * Signs every completion (in the signing threads) and writes each batch of results in one
 * transaction: the passed attempt, its PathCompletion, the credential, its `issued` event and its
 * evidence rows, and the status-list entries taken, so a completion never exists without its credential.
 */
async function signAndWrite(
	completions: Completion[],
	signers: Awaited<ReturnType<typeof startSigners>>,
	log: (line: string) => void,
	stopped: () => boolean,
) {
	type Signed = SignedRows & { attemptRow: Prisma.AssessmentAttemptCreateManyInput }
	const statusChanges: Array<{ credentialId: string; action: StatusAction; at: Date }> = []
	let signed = 0
	let credentialSkills = 0
	let writing = Promise.resolve()
	const write = (rows: Signed[]) => {
		writing = writing.then(async () => {
			if (rows.length === 0) return
			const perList = new Map<number, number>()
			for (const r of rows) {
				for (const id of [r.credential.revocationListId, r.credential.suspensionListId])
					perList.set(Number(id), (perList.get(Number(id)) ?? 0) + 1)
			}
			await db.$transaction(
				async (tx) => {
					await tx.assessmentAttempt.createMany({ data: rows.map((r) => r.attemptRow) })
					await tx.pathCompletion.createMany({ data: rows.map((r) => r.completion) })
					await tx.credential.createMany({ data: rows.map((r) => r.credential) })
					await tx.credentialEvent.createMany({ data: rows.flatMap((r) => r.events) })
					await createManyInChunks(
						rows.flatMap((r) => r.skills),
						(data) => tx.credentialSkill.createMany({ data }),
					)
					// The entries issuing would have counted one at a time.
					for (const [id, n] of perList) {
						await tx.statusList.update({ where: { id }, data: { allocated: { increment: n } }, select: { id: true } })
					}
				},
				{ timeout: 120_000 },
			)
			signed += rows.length
			credentialSkills += rows.reduce((a, r) => a + r.skills.length, 0)
		})
		return writing
	}
	const started = performance.now()
	let lastLog = 0
	let buffer: Signed[] = []
	const groups = chunks(completions, 10)
	let next = 0
	// A few groups queued per thread keep every thread busy while results are written.
	await Promise.all(
		Array.from({ length: Math.max(1, signers.threads) * 3 }, async () => {
			while (next < groups.length && !stopped()) {
				const group = groups[next++]!
				const rows = await signers.sign(group.map((c) => c.job))
				for (const [i, r] of rows.entries()) {
					const c = group[i]!
					buffer.push({ ...r, attemptRow: c.attemptRow })
					if (c.status) statusChanges.push({ credentialId: String(r.credential.id), action: c.status, at: c.statusAt })
				}
				if (buffer.length >= CREDENTIAL_BATCH) {
					const batch = buffer
					buffer = []
					await write(batch)
				}
				if (signed - lastLog >= 2000) {
					lastLog = signed
					const rate = signed / ((performance.now() - started) / 1000)
					log(`  credentials: ${fmt(signed)} / ${fmt(completions.length)} (${rate.toFixed(0)} per second)`)
				}
			}
		}),
	)
	await write(buffer)
	return { signed, credentialSkills, statusChanges }
}

/** Runs both to the end; the first failure stops the other at its next step and is thrown. */
async function together<A, B>(
	a: (stopped: () => boolean) => Promise<A>,
	b: (stopped: () => boolean) => Promise<B>,
): Promise<[A, B]> {
	let failed = false
	const stopped = () => failed
	const guard = <T>(promise: Promise<T>) =>
		promise.catch((error: unknown) => {
			failed = true
			throw error
		})
	const [ra, rb] = await Promise.allSettled([guard(a(stopped)), guard(b(stopped))])
	if (ra.status === 'rejected') throw ra.reason
	if (rb.status === 'rejected') throw rb.reason
	return [ra.value, rb.value]
}

function attemptRow(userId: string, path: CompiledPath, attempt: AttemptPlan): Prisma.AssessmentAttemptCreateManyInput {
	return {
		id: attempt.id,
		userId,
		pathSlug: path.slug,
		contentHash: path.contentHash,
		questionIds: JSON.stringify(attempt.questionIds),
		startedAt: attempt.startedAt,
		submittedAt: attempt.submittedAt,
		answers: JSON.stringify(attempt.answers),
		score: attempt.score,
		passed: attempt.passed,
	}
}

// ---------------------------------------------------------------------------------------------
// The seed

export async function seedLargeOrg(options: SeedLargeOptions): Promise<SeedLargeResult> {
	const started = performance.now()
	const log = options.log ?? (() => {})
	const slug = options.slug ?? DEFAULT_LARGE_SLUG
	const now = (options.now ?? new Date()).getTime()
	const content = options.content ?? { paths: listPaths(), questionsFor: getQuestions }
	if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) throw new SeedLargeRefusedError(`"${slug}" is not a valid slug.`)
	if (!Number.isInteger(options.learners) || options.learners < 1) throw new Error('learners must be at least 1')
	if (!Number.isInteger(options.teams) || options.teams < 1) throw new Error('teams must be at least 1')
	if (content.paths.length === 0) throw new Error('There are no learning paths to seed progress on.')
	const existing = await db.organization.findUnique({
		where: { slug },
		select: { _count: { select: { memberships: true } } },
	})
	if (existing) {
		throw new SeedLargeRefusedError(
			`An organisation with the slug "${slug}" already exists (${fmt(existing._count.memberships)} members); ` +
				'nothing was written. Choose another slug, or delete that organisation first.',
		)
	}
	const clash = await db.user.count({ where: { email: { endsWith: `@${slug}.example` } } })
	if (clash > 0) {
		throw new SeedLargeRefusedError(
			`${fmt(clash)} account(s) with an @${slug}.example address already exist (an earlier, interrupted run?); ` +
				'nothing was written. Choose another slug.',
		)
	}

	const timings: Record<string, number> = {}
	let phase = performance.now()
	const plan = planOrganisation(options, content, slug, now)
	const { rng, teams, assignments, learners } = plan
	const name = titleFromSlug(slug)
	timings.plan = seconds(phase)
	log(
		`Planned ${fmt(learners.length)} learners in ${teams.length} teams and ${fmt(plan.completions)} credentials` +
			(plan.leftUnsigned ? ` (${fmt(plan.leftUnsigned)} more left out by the cap)` : ''),
	)

	// The signing threads start now, so that loading the app's modules overlaps the first writes.
	const reserved = await reserveStatusLists(plan.completions)
	const threads = Math.max(0, Math.min(options.workers ?? 2, os.availableParallelism()))
	const signers = await startSigners(plan.completions > 0 ? threads : 0, content.paths, reserved.bitmaps)
	try {
		phase = performance.now()
		const { orgId, teamIds, staff } = await writePeople({ name, slug, now, teams, learners, log })
		timings.people = seconds(phase)
		log(
			`Wrote the organisation, ${teams.length} teams and ${fmt(learners.length + staff.length)} people (${timings.people} s)`,
		)

		// Assignments through the app, which writes a row per member of the team.
		phase = performance.now()
		const admin = { id: staff[1]!.id, name: staff[1]!.name }
		let learnerAssignments = 0
		for (const a of [...assignments].sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime())) {
			const created = await createAssignment({
				orgId,
				actor: admin,
				pathSlug: a.path.slug,
				target: { teamId: teamIds[a.team]! },
				due: a.due,
				now: a.createdAt,
			})
			learnerAssignments += created.assigned
		}
		timings.assignments = seconds(phase)
		log(
			`Assigned ${assignments.length} paths to teams: ${fmt(learnerAssignments)} learner rows (${timings.assignments} s)`,
		)

		// Progress rows and credentials are written side by side: signing needs only the people.
		const completions: Completion[] = learners
			.flatMap((learner) =>
				learner.paths.flatMap((p) =>
					p.attempts.filter((attempt) => attempt.passed).map((attempt) => ({ learner, plan: p, attempt })),
				),
			)
			.map(({ learner, plan: p, attempt }, n) => {
				const issued = attempt.submittedAt.getTime()
				return {
					job: {
						userId: learner.id,
						learner: { name: learner.name, email: learner.email, salt: learner.identitySalt },
						orgId,
						teamId: teamIds[learner.team]!,
						pathSlug: p.path.slug,
						attemptId: attempt.id,
						graded: attempt.graded,
						at: attempt.submittedAt,
						lists: { revocation: reserved.listFor('revocation', n), suspension: reserved.listFor('suspension', n) },
					},
					attemptRow: attemptRow(learner.id, p.path, attempt),
					status: p.status,
					statusAt: new Date(issued + (now - issued) * rng.between(0.3, 0.95)),
				}
			})
		phase = performance.now()
		const [progress, credentials] = await together(
			async (stopped) => {
				const counts = await writeProgress(learners, log, stopped)
				timings.progress = seconds(phase)
				log(
					`Wrote progress: ${fmt(counts.pathProgress)} paths, ${fmt(counts.lessonProgress)} lessons, ` +
						`${fmt(counts.failedAttempts)} failed attempts (${timings.progress} s)`,
				)
				return counts
			},
			async (stopped) => {
				const result = await signAndWrite(completions, signers, log, stopped)
				timings.credentials = seconds(phase)
				log(
					`Signed and wrote ${fmt(result.signed)} credentials with ${signers.threads || 'no'} signing thread(s) ` +
						`(${timings.credentials} s, ${(result.signed / Math.max(timings.credentials, 0.001)).toFixed(0)} per second)`,
				)
				return result
			},
		)

		// Revocations and suspensions, as an admin makes them (each re-signs its status list).
		phase = performance.now()
		for (const change of credentials.statusChanges.sort((a, b) => a.at.getTime() - b.at.getTime())) {
			await changeCredentialStatus({
				credentialId: change.credentialId,
				action: change.action,
				reason: rng.pick(change.action === 'revoke' ? REVOKE_REASONS : SUSPEND_REASONS),
				actorId: admin.id,
				orgId,
				actorName: admin.name,
				now: change.at,
			})
		}
		timings.statusChanges = seconds(phase)

		// Statistics for the query planner, as after any bulk load.
		phase = performance.now()
		await db.$executeRawUnsafe(config.databaseProvider === 'postgresql' ? 'VACUUM ANALYZE' : 'ANALYZE')
		timings.analyze = seconds(phase)

		const overdue = (await listAssignments(orgId, new Date(now))).reduce((a, x) => a + x.overdue, 0)
		const completed = learners.filter((l) => l.state === 'completed').length
		const notStarted = learners.filter((l) => l.state === 'not-started').length
		timings.total = seconds(started)
		return {
			orgId,
			slug,
			name,
			owner: { email: staff[0]!.email, password: SEED_LARGE_PASSWORD },
			admins: staff.slice(1).map((s) => s.email),
			learners: learners.length,
			teams: teams.map((t) => ({ name: t.name, members: t.size })),
			states: { notStarted, inProgress: learners.length - notStarted - completed, completed },
			rows: {
				users: learners.length + staff.length,
				pathProgress: progress.pathProgress,
				lessonProgress: progress.lessonProgress,
				attempts: progress.failedAttempts + credentials.signed,
				completions: credentials.signed,
				credentials: credentials.signed,
				credentialSkills: credentials.credentialSkills,
				assignments: assignments.length,
				learnerAssignments,
			},
			credentials: {
				signed: credentials.signed,
				expired: learners.reduce((a, l) => a + l.paths.filter((p) => p.expired && p.assessment === 'passed').length, 0),
				revoked: credentials.statusChanges.filter((c) => c.action === 'revoke').length,
				suspended: credentials.statusChanges.filter((c) => c.action === 'suspend').length,
				leftUnsigned: plan.leftUnsigned,
			},
			overdue,
			timings,
		}
	} finally {
		await signers.close()
	}
}
