/**
 * The large seed's plan: who is where, decided before anything is written. Teams and their sizes,
 * assignments, each learner's paths with lesson and attempt timestamps, which credentials expire,
 * are revoked or suspended, and the cap on signed credentials.
 */
import crypto from 'node:crypto'
import type { CompiledPath } from '../../app/content/compiled-content'
import type { Question } from '../../app/content/content-schema'
import type { StatusAction } from '../../app/issuing/status-changes.server'
import { drawForPath } from '../../app/learning/draw-questions'
import { isCorrect, type Answer } from '../../app/learning/grading'
import type { Due } from '../../app/orgs/assignments.server'
import type { GradedEvidence } from '../../app/skills/skill-level'
import type { SeedContent } from '../seed'
import { wrongQuestions } from './answers'
import {
	createRandom,
	DAY,
	DEPARTMENTS,
	emailPart,
	FIRST_NAMES,
	hashSeed,
	LAST_NAMES,
	MINUTE,
	newId,
	SITES,
	type Random,
} from './common'

export type AttemptPlan = {
	id: string
	/** The learner's first submitted attempt at the path. */
	firstAttempt: boolean
	questionIds: string[]
	answers: Record<string, Answer>
	graded: GradedEvidence[]
	score: number
	passed: boolean
	startedAt: Date
	submittedAt: Date
}

export type PathPlan = {
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

export type LearnerPlan = {
	id: string
	name: string
	email: string
	team: number
	joinedAt: Date
	state: 'not-started' | 'in-progress' | 'completed'
	identitySalt: string | null
	paths: PathPlan[]
}

export type AssignmentPlan = { team: number; path: CompiledPath; createdAt: Date; due: Due }

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

function planAttempt(
	rng: Random,
	content: SeedContent,
	path: CompiledPath,
	passed: boolean,
	submittedAt: Date,
	firstAttempt: boolean,
) {
	const bank = content.questionsFor(path.slug).bank
	const byId = new Map(bank.map((q) => [q.id, q]))
	const questionIds = drawForPath(path, bank)
	const n = questionIds.length
	const needed = Math.ceil(path.assessment.passMark * n - 1e-9)
	const correctCount = passed
		? n - Math.min(n - needed, [0, 1, 2][rng.weighted([35, 40, 25])]!)
		: Math.max(0, needed - rng.int(1, 4))
	const wrong = wrongQuestions(rng, path, bank, {
		questionIds,
		plannedWrong: n - correctCount,
		maxWrong: passed ? n - needed : n,
		passed,
	})
	const answers: Record<string, Answer> = {}
	const graded: GradedEvidence[] = []
	for (const id of questionIds) {
		const question = byId.get(id)!
		const right = !wrong.has(id)
		answers[id] = right ? question.answer : wrongAnswer(question)
		graded.push({ objective: question.objective, skills: question.skills, correct: right })
	}
	const score = n ? (n - wrong.size) / n : 0
	return {
		id: newId(),
		firstAttempt,
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
			plan.attempts.push(planAttempt(rng, content, plan.path, passed, new Date(t), plan.attempts.length === 0))
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

/** What the plan is asked for: as many learners and teams, at most this many signed credentials. */
export type PlanOptions = { learners: number; teams: number; signedCredentials?: number }

export function planOrganisation(options: PlanOptions, content: SeedContent, slug: string, now: number) {
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
