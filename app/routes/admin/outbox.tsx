import { useState } from 'react'
import { href, useLoaderData } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/outbox'
import { requireAdminMembership } from '~/auth/auth.server'
import { formatDateTime } from '~/format/dates'
import { pageTitle } from '~/components/page-title'
import { Pager } from '~/components/ui/filter-fields'
import { listOutbox } from '~/email/outbox.server'
import { linkRuns } from '~/email/text-links'

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
			// The text part with its addresses as links; a withheld private link is words, and stays so.
			text: linkRuns(e.text),
			html: e.hasHtml ? href('/admin/outbox/:emailId/html', { emailId: e.id }) : null,
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

/**
 * The email as people see it, in a frame made only once it is opened (a page of 25 emails loads none
 * it is not asked for). The address answers with a policy of its own: no script, a sandbox.
 */
function FormattedVersion({ src, subject }: { src: string; subject: string }) {
	const [open, setOpen] = useState(false)
	return (
		<details className="mt-3 rounded-control border border-line p-3" onToggle={(e) => setOpen(e.currentTarget.open)}>
			<summary className="cursor-pointer text-sm font-medium">Formatted version</summary>
			{open ? (
				<iframe
					src={src}
					title={`Formatted version of “${subject}”`}
					sandbox="allow-popups allow-popups-to-escape-sandbox"
					className="mt-3 h-[32rem] w-full rounded-control border border-line bg-white"
				/>
			) : null}
			<p className="mt-2 text-sm">
				<a href={src} target="_blank" rel="noreferrer">
					Open “{subject}” in a new tab
				</a>
			</p>
		</details>
	)
}

export default function OutboxPage() {
	const { emails, total, page, pages, search } = useLoaderData<typeof loader>()
	return (
		<div className="flex flex-col gap-6">
			<h1 className="text-3xl font-bold">Outbox</h1>
			<p className="text-ink-muted">
				Every email sent to people of your organisation, newest first ({total} in all), as text and as the formatted
				version people see. A private link, such as an invitation’s, is in the recipient’s copy only: whoever holds it
				can accept the invitation, so it is not kept here.
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
							<pre className="mt-3 whitespace-pre-wrap break-words font-sans text-sm">
								{e.text.map((run, i) =>
									run.href ? (
										<a key={i} href={run.href} className="break-all">
											{run.text}
										</a>
									) : (
										run.text
									),
								)}
							</pre>
							{e.html ? <FormattedVersion src={e.html} subject={e.subject} /> : null}
						</article>
					</li>
				))}
			</ul>
			{emails.length === 0 ? <p className="text-ink-muted">No email yet.</p> : null}
			<Pager page={page} pages={pages} search={search} />
		</div>
	)
}
