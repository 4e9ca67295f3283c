import { data, Form, Link, useActionData, useLoaderData } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/dashboard'
import { requireUser } from '~/auth/auth.server'
import { pageTitle } from '~/components/page-title'
import { ButtonLink } from '~/components/ui/button'
import { Card } from '~/components/ui/card'
import { ProgressBar } from '~/components/ui/progress-bar'
import { listPaths } from '~/content/catalog.server'
import { getResumeLesson, listPathProgress } from '~/learning/progress.server'
import { formatDate } from '~/format/dates'
import { SubmitButton } from '~/components/ui/submit-button'
import { controlClass } from '~/components/ui/filter-fields'
import { redirectWithFlash } from '~/http/flash.server'
import { parseForm } from '~/http/form-submission'
import { createCalendarFeed, deleteCalendarFeed, getCalendarFeedInfo } from '~/notifications/calendar.server'
import { listNotifications, markNotificationsRead } from '~/notifications/notifications.server'
import { listMyAssignments } from '~/orgs/assignments.server'
import { badgeImageUrl } from '~/issuing/issuer.server'
import { listMyCredentials } from '~/issuing/wallet.server'
import { CredentialStateBadge } from '~/components/credentials/credential-state-badge'

export const meta: Route.MetaFunction = () => pageTitle('Dashboard')

const ROLE_LABELS = { LEARNER: 'Learner', ADMIN: 'Administrator', OWNER: 'Owner' } as const

export async function loader({ request, context }: Route.LoaderArgs) {
	const { user, membership } = requireUser(context, request)
	const [progress, assignments, notifications, feed, credentials] = await Promise.all([
		listPathProgress(user.id, listPaths()),
		listMyAssignments(user.id),
		listNotifications(user.id),
		getCalendarFeedInfo(user.id),
		listMyCredentials(user.id),
	])
	const entries = progress.map(({ path, progress: p }) => {
		const resume = getResumeLesson(path, p)
		return {
			slug: path.slug,
			title: path.title,
			percent: p.percent,
			completed: p.lessonsCompletedAt !== null,
			resumeHref: `/paths/${path.slug}/${resume}`,
			resumeTitle: path.lessons.find((l) => l.slug === resume)?.title ?? '',
		}
	})
	const inProgress = entries.filter((e) => !e.completed)
	return {
		name: user.name,
		membership: membership
			? { orgName: membership.orgName, role: ROLE_LABELS[membership.role], teamName: membership.teamName }
			: null,
		continueWith: inProgress[0] ?? null,
		// The badge shelf: each credential's badge, served by this site, with its state.
		badges: credentials.map((c) => ({
			id: c.id,
			name: c.name,
			state: c.state,
			image: new URL(badgeImageUrl(c.pathSlug)).pathname,
		})),
		inProgress,
		completed: entries.filter((e) => e.completed),
		assigned: assignments.map((a) => ({
			slug: a.pathSlug,
			title: a.title,
			dueAt: a.dueAt.toISOString(),
			state: a.state,
		})),
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
	const { name, membership, continueWith, inProgress, completed, assigned, notifications, calendarFeedSince, badges } =
		useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const calendarUrl = actionData && 'calendarUrl' in actionData ? actionData.calendarUrl : null
	return (
		<div className="flex flex-col gap-6">
			<h1 className="text-3xl font-bold">Hello, {name}</h1>
			{notifications.unread > 0 ? (
				<Card aria-labelledby="messages-heading">
					<div className="flex flex-wrap items-center justify-between gap-2">
						<h2 id="messages-heading" className="text-xl font-semibold">
							Messages ({notifications.unread} unread)
						</h2>
						<Form method="post">
							<SubmitButton name="intent" value="read-all" variant="secondary">
								Mark all as read
							</SubmitButton>
						</Form>
					</div>
					<ul className="mt-4 flex flex-col gap-3">
						{notifications.items.map((n) => (
							<li
								key={n.id}
								className="flex flex-wrap items-start justify-between gap-2 border-b border-line pb-3 last:border-0"
							>
								<div>
									<p className="font-medium">{n.link ? <Link to={n.link}>{n.title}</Link> : n.title}</p>
									<p className="text-sm text-ink-muted">
										{n.body} · {formatDate(n.createdAt)}
									</p>
								</div>
								<Form method="post">
									<input type="hidden" name="id" value={n.id} />
									<SubmitButton name="intent" value="read" variant="secondary" aria-label={`Mark “${n.title}” as read`}>
										Mark as read
									</SubmitButton>
								</Form>
							</li>
						))}
					</ul>
				</Card>
			) : null}
			{continueWith ? (
				<Card aria-labelledby="continue-heading">
					<h2 id="continue-heading" className="text-xl font-semibold">
						Continue where you left off
					</h2>
					<p className="mt-2 text-ink-muted">
						{continueWith.title}: {continueWith.resumeTitle}
					</p>
					<ButtonLink to={continueWith.resumeHref} className="mt-4">
						Continue
					</ButtonLink>
				</Card>
			) : (
				<Card aria-labelledby="start-heading">
					<h2 id="start-heading" className="text-xl font-semibold">
						Start learning
					</h2>
					<p className="mt-2 text-ink-muted">Pick a learning path from the catalogue.</p>
					<ButtonLink to="/paths" className="mt-4">
						Browse the catalogue
					</ButtonLink>
				</Card>
			)}
			{assigned.length > 0 ? (
				<Card aria-labelledby="assigned-heading">
					<h2 id="assigned-heading" className="text-xl font-semibold">
						Assigned to you
					</h2>
					<ul className="mt-4 flex flex-col gap-2">
						{assigned.map((a) => (
							<li key={a.slug} className="flex flex-wrap items-center gap-x-3 gap-y-1">
								<Link to={`/paths/${a.slug}`}>{a.title}</Link>
								<span
									className={a.state === 'overdue' ? 'text-sm font-semibold text-danger' : 'text-sm text-ink-muted'}
								>
									{a.state === 'completed'
										? 'Completed'
										: a.state === 'overdue'
											? `Overdue: was due ${formatDate(a.dueAt)}`
											: `Due ${formatDate(a.dueAt)}`}
								</span>
							</li>
						))}
					</ul>
					<div className="mt-4 flex flex-col gap-2 border-t border-line pt-4">
						<h3 className="font-semibold">Due dates in your calendar</h3>
						{calendarUrl ? (
							<div className="flex flex-col gap-1.5">
								<label htmlFor="calendar-url" className="text-sm font-medium">
									Subscribe to this address in your calendar app. Copy it now: it is shown only once.
								</label>
								<input
									id="calendar-url"
									readOnly
									value={calendarUrl}
									className={controlClass}
									onFocus={(e) => e.currentTarget.select()}
								/>
							</div>
						) : (
							<p className="text-sm text-ink-muted">
								{calendarFeedSince
									? `Your private calendar feed was made on ${formatDate(calendarFeedSince)}. A new address stops the old one.`
									: 'A private address your calendar app can subscribe to, with the due dates of your assigned paths.'}
							</p>
						)}
						<Form method="post" className="flex flex-wrap gap-2">
							<SubmitButton name="intent" value="calendar-create" variant="secondary">
								{calendarFeedSince || calendarUrl ? 'Make a new address' : 'Make my calendar address'}
							</SubmitButton>
							{calendarFeedSince || calendarUrl ? (
								<SubmitButton name="intent" value="calendar-delete" variant="secondary">
									Switch the feed off
								</SubmitButton>
							) : null}
						</Form>
					</div>
				</Card>
			) : null}
			{badges.length ? (
				<Card aria-labelledby="badges-heading">
					<h2 id="badges-heading" className="text-xl font-semibold">
						Your badges
					</h2>
					<ul className="mt-4 grid grid-cols-2 gap-4 sm:grid-cols-4">
						{badges.map((badge) => (
							<li key={badge.id} className="flex flex-col items-center gap-2 text-center">
								<img src={badge.image} alt="" width={88} height={88} className="size-22" />
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
							<li key={entry.slug}>
								<Link to={`/paths/${entry.slug}`}>{entry.title}</Link>
								<ProgressBar value={entry.percent} label={`Progress in ${entry.title}`} className="mt-2" />
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
									<Link to={`/paths/${entry.slug}`}>{entry.title}</Link> — all lessons completed
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
