import { useLoaderData } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/outbox'
import { requireAdminMembership } from '~/auth/auth.server'
import { formatDateTime } from '~/format/dates'
import { pageTitle } from '~/components/page-title'
import { Pager } from '~/components/ui/filter-fields'
import { listOutbox } from '~/email/outbox.server'

export const meta: Route.MetaFunction = () => pageTitle('Outbox · Admin')

export async function loader({ request, context }: Route.LoaderArgs) {
	const membership = requireAdminMembership(context)
	const url = new URL(request.url)
	const page = z.coerce
		.number()
		.int()
		.min(1)
		.max(100_000)
		.catch(1)
		.parse(url.searchParams.get('page') ?? 1)
	const result = await listOutbox(membership.orgId, page)
	return {
		page,
		search: url.search,
		total: result.total,
		pages: result.pages,
		emails: result.emails.map((e) => ({
			id: e.id,
			to: e.to,
			subject: e.subject,
			text: e.text,
			at: e.createdAt.toISOString(),
			state: e.sentAt
				? 'Sent'
				: e.loggedAt
					? 'Written to a file on the server (no mail server configured)'
					: e.error
						? `Failed: ${e.error}`
						: 'Waiting',
		})),
	}
}

export default function OutboxPage() {
	const { emails, total, page, pages, search } = useLoaderData<typeof loader>()
	return (
		<div className="flex flex-col gap-6">
			<h1 className="text-3xl font-bold">Outbox</h1>
			<p className="text-ink-muted">
				Every email sent to people of your organisation, newest first ({total} in all). A private link, such as an
				invitation’s, is in the recipient’s copy only: whoever holds it can accept the invitation, so it is not kept
				here.
			</p>
			<ul className="flex flex-col gap-4">
				{emails.map((e) => (
					<li key={e.id} className="rounded-card border border-line bg-surface p-4">
						<article aria-labelledby={`email-${e.id}`}>
							<h2 id={`email-${e.id}`} className="font-semibold">
								{e.subject}
							</h2>
							<p className="text-sm text-ink-muted">
								To {e.to} · <time dateTime={e.at}>{formatDateTime(e.at)}</time> · {e.state}
							</p>
							<pre className="mt-3 whitespace-pre-wrap break-words font-sans text-sm">{e.text}</pre>
						</article>
					</li>
				))}
			</ul>
			{emails.length === 0 ? <p className="text-ink-muted">No email yet.</p> : null}
			<Pager page={page} pages={pages} search={search} />
		</div>
	)
}
