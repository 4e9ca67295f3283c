/** Parts of the learner's dashboard: an assignment's state, the calendar feed, the unread messages. */
import { Form, Link } from 'react-router'
import { Card } from '~/components/ui/card'
import { controlClass } from '~/components/ui/filter-fields'
import { SubmitButton } from '~/components/ui/submit-button'
import { formatDate } from '~/format/dates'

export function AssignmentState({ state, dueAt }: { state: 'overdue' | 'due' | 'completed'; dueAt: string }) {
	if (state === 'completed') return <span className="text-sm font-medium text-success">Completed</span>
	if (state === 'overdue')
		return <span className="text-sm font-semibold text-danger">Overdue: was due {formatDate(dueAt)}</span>
	return <span className="text-sm text-ink-muted">Due {formatDate(dueAt)}</span>
}

export function CalendarFeed({ since, url }: { since: string | null; url: string | null }) {
	return (
		<div className="mt-4 flex flex-col gap-2 border-t border-line pt-4">
			<h3 className="font-semibold">Due dates in your calendar</h3>
			{url ? (
				<div className="flex flex-col gap-1.5">
					<label htmlFor="calendar-url" className="text-sm font-medium">
						Subscribe to this address in your calendar app. Copy it now: it is shown only once.
					</label>
					<input
						id="calendar-url"
						readOnly
						value={url}
						className={controlClass}
						onFocus={(e) => e.currentTarget.select()}
					/>
				</div>
			) : (
				<p className="text-sm text-ink-muted">
					{since
						? `Your private calendar feed was made on ${formatDate(since)}. A new address stops the old one.`
						: 'A private address your calendar app can subscribe to, with the due dates of your assigned paths.'}
				</p>
			)}
			<Form method="post" className="flex flex-wrap gap-2">
				<SubmitButton name="intent" value="calendar-create" variant="secondary">
					{since || url ? 'Make a new address' : 'Make my calendar address'}
				</SubmitButton>
				{since || url ? (
					<SubmitButton name="intent" value="calendar-delete" variant="secondary">
						Switch the feed off
					</SubmitButton>
				) : null}
			</Form>
		</div>
	)
}

type Notification = { id: string; title: string; body: string; link: string | null; createdAt: string }

export function Messages({ notifications }: { notifications: { unread: number; items: Notification[] } }) {
	if (notifications.unread === 0) return null
	return (
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
	)
}
