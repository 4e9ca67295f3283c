import { data, Link, useActionData, useLoaderData } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/dashboard'
import { requireUser } from '~/auth/auth.server'
import { pageTitle } from '~/components/page-title'
import { ButtonLink } from '~/components/ui/button'
import { Card } from '~/components/ui/card'
import { ProgressBar } from '~/components/ui/progress-bar'
import { listPaths } from '~/content/catalog.server'
import { getResumeLesson, listPassedPaths, listPathProgress } from '~/learning/progress.server'
import { redirectWithFlash } from '~/http/flash.server'
import { parseForm } from '~/http/form-submission'
import { createCalendarFeed, deleteCalendarFeed, getCalendarFeedInfo } from '~/notifications/calendar.server'
import { listNotifications, markNotificationsRead } from '~/notifications/notifications.server'
import { listMyAssignments } from '~/orgs/assignments.server'
import { badgeImageUrl } from '~/issuing/issuer.server'
import { listMyCredentials } from '~/issuing/wallet.server'
import { recommendNextPath } from '~/learning/recommendation'
import { getSkillsProfile } from '~/skills/skills-profile.server'
import { myTeamTargetSkills } from '~/orgs/skills-gap.server'
import { getSkill } from '~/content/skill-ids'
import { PathCover } from '~/components/path-cover'
import { AssignmentState, CalendarFeed, Messages } from '~/components/dashboard/dashboard-parts'
import { formatMinutes } from '~/content/labels'
import { CredentialStateBadge } from '~/components/credentials/credential-state-badge'

export const meta: Route.MetaFunction = () => pageTitle('Dashboard')

const ROLE_LABELS = { LEARNER: 'Learner', ADMIN: 'Administrator', OWNER: 'Owner' } as const

export async function loader({ request, context }: Route.LoaderArgs) {
	const { user, membership } = requireUser(context, request)
	const paths = listPaths()
	const [progress, passed, assignments, notifications, feed, credentials, profile, teamTargets] = await Promise.all([
		listPathProgress(user.id, paths),
		listPassedPaths(user.id),
		listMyAssignments(user.id),
		listNotifications(user.id),
		getCalendarFeedInfo(user.id),
		listMyCredentials(user.id),
		getSkillsProfile(user.id, []),
		myTeamTargetSkills(user.id),
	])
	// Passed, or holding a valid credential for it (earned before a new edition added lessons).
	const earned = new Set([...passed, ...credentials.filter((c) => c.state === 'valid').map((c) => c.pathSlug)])
	// Newest visit first (as listPathProgress orders them).
	const entries = progress.map(({ path, progress: p }) => {
		const resume = getResumeLesson(path, p)
		const lessonsDone = p.lessonsCompletedAt !== null
		return {
			slug: path.slug,
			title: path.title,
			topic: path.topic,
			percent: p.percent,
			completedLessons: p.completedLessons,
			lessons: path.lessons.length,
			minutesLeft: p.minutesLeft,
			// Lessons done and no credential yet: the final assessment is what is left.
			step: earned.has(path.slug) ? ('earned' as const) : lessonsDone ? ('assessment' as const) : ('lessons' as const),
			resumeHref: lessonsDone ? `/paths/${path.slug}/assessment` : `/paths/${path.slug}/${resume}`,
			resumeTitle: path.lessons.find((l) => l.slug === resume)?.title ?? '',
		}
	})
	const bySlug = new Map(entries.map((e) => [e.slug, e]))
	const recommendation = recommendNextPath({
		paths,
		started: new Set([...entries.map((e) => e.slug), ...earned]),
		proven: new Set(profile.verified.map((s) => s.skill.id)),
		teamTargets,
	})
	const stateOrder = { overdue: 0, due: 1, completed: 2 } as const
	return {
		name: user.name,
		membership: membership
			? { orgName: membership.orgName, role: ROLE_LABELS[membership.role], teamName: membership.teamName }
			: null,
		continueWith: entries.find((e) => e.step !== 'earned') ?? null,
		recommendation: recommendation
			? {
					...recommendation,
					topic: paths.find((p) => p.slug === recommendation.slug)?.topic ?? '',
					gaps: recommendation.gaps.map((id) => getSkill(id)?.label ?? id),
				}
			: null,
		// The badge shelf: each credential's badge, served by this site, with its state.
		badges: credentials.map((c) => ({
			id: c.id,
			name: c.name,
			state: c.state,
			image: new URL(badgeImageUrl(c.pathSlug)).pathname,
		})),
		inProgress: entries.filter((e) => e.step !== 'earned'),
		completed: entries.filter((e) => e.step === 'earned'),
		// Overdue first, then the nearest due date; finished ones last.
		assigned: assignments
			.map((a) => ({
				slug: a.pathSlug,
				title: a.title,
				dueAt: a.dueAt.toISOString(),
				state: a.state,
				percent: bySlug.get(a.pathSlug)?.percent ?? 0,
				href:
					a.state === 'completed'
						? `/paths/${a.pathSlug}`
						: (bySlug.get(a.pathSlug)?.resumeHref ?? `/paths/${a.pathSlug}`),
				started: bySlug.has(a.pathSlug),
			}))
			.sort((a, b) => stateOrder[a.state] - stateOrder[b.state] || a.dueAt.localeCompare(b.dueAt)),
		notifications: {
			unread: notifications.unread,
			items: notifications.items.map((n) => ({ ...n, createdAt: n.createdAt.toISOString() })),
		},
		calendarFeedSince: feed?.createdAt.toISOString() ?? null,
	}
}

const actionSchema = z.discriminatedUnion('intent', [
	z.object({ intent: z.literal('read'), id: z.string().regex(/^[a-z0-9]{1,40}$/) }),
	z.object({ intent: z.literal('read-all') }),
	z.object({ intent: z.literal('calendar-create') }),
	z.object({ intent: z.literal('calendar-delete') }),
])

export async function action({ request, context }: Route.ActionArgs) {
	const { user } = requireUser(context, request)
	const submission = parseForm(await request.formData(), { schema: actionSchema, disableAutoCoercion: true })
	if (submission.status !== 'success') return data({ message: 'This request is not valid.' }, { status: 400 })
	const input = submission.value
	if (input.intent === 'read') {
		await markNotificationsRead(user.id, input.id)
		return redirectWithFlash('/dashboard', { kind: 'success', message: 'Marked as read.' })
	}
	if (input.intent === 'read-all') {
		await markNotificationsRead(user.id, null)
		return redirectWithFlash('/dashboard', { kind: 'success', message: 'All messages marked as read.' })
	}
	if (input.intent === 'calendar-create') return { calendarUrl: await createCalendarFeed(user.id) }
	await deleteCalendarFeed(user.id)
	return redirectWithFlash('/dashboard', { kind: 'success', message: 'Your calendar feed is switched off.' })
}

export default function Dashboard() {
	const {
		name,
		membership,
		continueWith,
		recommendation,
		inProgress,
		completed,
		assigned,
		notifications,
		calendarFeedSince,
		badges,
	} = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const calendarUrl = actionData && 'calendarUrl' in actionData ? actionData.calendarUrl : null
	const overdue = assigned.filter((a) => a.state === 'overdue').length
	const open = assigned.filter((a) => a.state !== 'completed').length
	const summary = [
		open ? `${open} assigned path${open === 1 ? '' : 's'} to finish` : null,
		overdue ? `${overdue} overdue` : null,
		badges.length ? `${badges.length} badge${badges.length === 1 ? '' : 's'} earned` : null,
	].filter(Boolean)
	return (
		<div className="flex flex-col gap-6">
			<div>
				<h1 className="text-3xl font-bold">Hello, {name}</h1>
				{summary.length ? <p className="mt-1 text-ink-muted">{summary.join(' · ')}</p> : null}
			</div>
			{assigned.length > 0 ? (
				<Card aria-labelledby="assigned-heading">
					<h2 id="assigned-heading" className="text-xl font-semibold">
						Assigned to you
					</h2>
					<ul className="mt-4 flex flex-col divide-y divide-line">
						{assigned.map((a) => (
							<li key={a.slug} className="flex flex-col gap-2 py-3 first:pt-0 last:pb-0 sm:flex-row sm:items-center">
								<div className="flex min-w-0 flex-1 flex-col gap-1">
									<Link to={`/paths/${a.slug}`} className="font-medium">
										{a.title}
									</Link>
									<AssignmentState state={a.state} dueAt={a.dueAt} />
									{a.state !== 'completed' ? (
										<ProgressBar value={a.percent} label={`Progress in ${a.title}`} className="max-w-sm" />
									) : null}
								</div>
								{a.state !== 'completed' ? (
									<ButtonLink
										to={a.href}
										variant={a.state === 'overdue' ? 'primary' : 'secondary'}
										aria-label={`${a.started ? 'Continue' : 'Start'} ${a.title}`}
									>
										{a.started ? 'Continue' : 'Start'}
									</ButtonLink>
								) : null}
							</li>
						))}
					</ul>
					<CalendarFeed since={calendarFeedSince} url={calendarUrl} />
				</Card>
			) : null}
			<Messages notifications={notifications} />
			{/* Two cards side by side; with nothing to resume, the recommendation is where to start. */}
			<div className={continueWith ? 'grid gap-6 md:grid-cols-2' : 'grid gap-6'}>
				{continueWith ? (
					<Card aria-labelledby="continue-heading" className="flex flex-col gap-3">
						<PathCover topic={continueWith.topic} className="h-24 max-w-md" />
						<h2 id="continue-heading" className="text-xl font-semibold">
							Continue where you left off
						</h2>
						<p className="font-medium">{continueWith.title}</p>
						{continueWith.step === 'assessment' ? (
							<p className="text-ink-muted">Every lesson is done: the final assessment is next.</p>
						) : (
							<p className="text-ink-muted">Next: {continueWith.resumeTitle}</p>
						)}
						<ProgressBar value={continueWith.percent} label={`Progress in ${continueWith.title}`} />
						<p className="text-sm text-ink-muted">
							{continueWith.completedLessons} of {continueWith.lessons} lessons done
							{continueWith.step === 'lessons' && continueWith.minutesLeft > 0
								? ` · about ${formatMinutes(continueWith.minutesLeft)} left`
								: ''}
						</p>
						<ButtonLink to={continueWith.resumeHref} className="mt-auto self-start">
							{continueWith.step === 'assessment' ? 'Take the final assessment' : 'Continue'}
						</ButtonLink>
					</Card>
				) : recommendation ? null : (
					<Card aria-labelledby="start-heading" className="flex flex-col gap-3">
						<h2 id="start-heading" className="text-xl font-semibold">
							Start learning
						</h2>
						<p className="text-ink-muted">Pick a learning path from the catalogue.</p>
						<ButtonLink to="/paths" className="mt-auto self-start">
							Browse the catalogue
						</ButtonLink>
					</Card>
				)}
				{recommendation ? (
					<Card aria-labelledby="recommended-heading" className="flex flex-col gap-3">
						<PathCover topic={recommendation.topic} className="h-24 max-w-md" />
						<h2 id="recommended-heading" className="text-xl font-semibold">
							Recommended next
						</h2>
						<p className="font-medium">{recommendation.title}</p>
						<p className="text-ink-muted">
							{recommendation.teamGaps > 0
								? `It teaches ${recommendation.teamGaps} skill${recommendation.teamGaps === 1 ? '' : 's'} your team aims for that you have not proved yet: `
								: `It teaches ${recommendation.gaps.length} skill${recommendation.gaps.length === 1 ? '' : 's'} you have not proved yet: `}
							{(recommendation.teamGaps > 0
								? recommendation.gaps.slice(0, recommendation.teamGaps)
								: recommendation.gaps
							)
								.slice(0, 3)
								.join('; ')}
							{(recommendation.teamGaps > 0 ? recommendation.teamGaps : recommendation.gaps.length) > 3
								? '; and more.'
								: '.'}
						</p>
						<ButtonLink
							to={`/paths/${recommendation.slug}`}
							variant={continueWith ? 'secondary' : 'primary'}
							className="mt-auto self-start"
						>
							See the path
						</ButtonLink>
					</Card>
				) : null}
			</div>
			{badges.length ? (
				<Card aria-labelledby="badges-heading">
					<div className="flex flex-wrap items-baseline justify-between gap-2">
						<h2 id="badges-heading" className="text-xl font-semibold">
							Your badges
						</h2>
						<Link to="/credentials">Share or download them</Link>
					</div>
					<ul className="mt-4 grid grid-cols-2 gap-4 sm:grid-cols-4">
						{badges.map((badge) => (
							<li key={badge.id} className="flex flex-col items-center gap-2 text-center">
								<img src={badge.image} alt="" width={128} height={128} className="size-32" />
								<Link to={`/credentials#credential-${badge.id}`} className="font-medium">
									{badge.name}
								</Link>
								<CredentialStateBadge state={badge.state} />
							</li>
						))}
					</ul>
				</Card>
			) : null}
			<Card aria-labelledby="in-progress-heading">
				<h2 id="in-progress-heading" className="text-xl font-semibold">
					In progress
				</h2>
				{inProgress.length ? (
					<ul className="mt-4 flex flex-col gap-4">
						{inProgress.map((entry) => (
							<li key={entry.slug} className="flex items-center gap-4">
								<PathCover topic={entry.topic} className="hidden h-14 w-24 shrink-0 sm:block" />
								<div className="min-w-0 flex-1">
									<Link to={`/paths/${entry.slug}`}>{entry.title}</Link>
									<ProgressBar value={entry.percent} label={`Progress in ${entry.title}`} className="mt-2" />
								</div>
							</li>
						))}
					</ul>
				) : (
					<p className="mt-2 text-ink-muted">Nothing in progress.</p>
				)}
			</Card>
			<Card aria-labelledby="completed-heading">
				<h2 id="completed-heading" className="text-xl font-semibold">
					Completed
				</h2>
				{completed.length ? (
					<>
						<ul className="mt-4 flex flex-col gap-2">
							{completed.map((entry) => (
								<li key={entry.slug}>
									<Link to={`/paths/${entry.slug}`}>{entry.title}</Link> — passed
								</li>
							))}
						</ul>
						<p className="mt-4">
							<Link to="/credentials">My credentials</Link>: download, share or check the credentials you have earned.
							The skills they prove are on <Link to="/profile">my skills profile</Link>.
						</p>
					</>
				) : (
					<p className="mt-2 text-ink-muted">No completed paths yet.</p>
				)}
			</Card>
			<Card aria-labelledby="membership-heading">
				<h2 id="membership-heading" className="text-xl font-semibold">
					Your organisation
				</h2>
				{membership ? (
					<dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-6 gap-y-2">
						<dt className="text-ink-muted">Organisation</dt>
						<dd>{membership.orgName}</dd>
						<dt className="text-ink-muted">Role</dt>
						<dd>{membership.role}</dd>
						<dt className="text-ink-muted">Team</dt>
						<dd>{membership.teamName ?? 'No team'}</dd>
					</dl>
				) : (
					<p className="mt-2 text-ink-muted">
						You are learning on your own. When your employer invites you, their organisation appears here.
					</p>
				)}
			</Card>
		</div>
	)
}
