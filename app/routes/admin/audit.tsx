import { Form, Link, useLoaderData } from 'react-router'
import type { Route } from './+types/audit'
import { requireAdminMembership } from '~/auth/auth.server'
import { formatDateTime } from '~/components/credentials/verification-report'
import { pageTitle } from '~/components/page-title'
import { Button, buttonClass } from '~/components/ui/button'
import { Card } from '~/components/ui/card'
import { parseAuditQuery } from '~/orgs/audit-filter'
import { AUDIT_ACTION_LABELS, listAuditEvents, type AuditAction } from '~/orgs/audit.server'

export const meta: Route.MetaFunction = () => pageTitle('Audit log · Admin')

export async function loader({ request, context }: Route.LoaderArgs) {
	const membership = requireAdminMembership(context)
	const url = new URL(request.url)
	const { query, filter } = parseAuditQuery(url.searchParams)
	const result = await listAuditEvents(membership.orgId, filter, query.page)
	const exportParams = new URLSearchParams(url.searchParams)
	exportParams.delete('page')
	return {
		query: { action: query.action ?? '', from: query.from ?? '', to: query.to ?? '', page: query.page },
		search: url.search,
		exportHref: `/admin/audit.csv${exportParams.size ? `?${exportParams}` : ''}`,
		events: result.events.map((e) => ({
			id: e.id,
			at: e.createdAt.toISOString(),
			actor: e.actorName,
			action: AUDIT_ACTION_LABELS[e.action as AuditAction] ?? e.action,
			summary: e.summary,
		})),
		total: result.total,
		pages: result.pages,
		actions: Object.entries(AUDIT_ACTION_LABELS),
	}
}

function pageHref(search: string, page: number) {
	const params = new URLSearchParams(search)
	params.set('page', String(page))
	return `?${params}`
}

const inputClass = 'min-h-11 rounded-control border border-line bg-surface px-3 py-2 text-ink'

export default function AuditPage() {
	const { query, events, total, pages, actions, search, exportHref } = useLoaderData<typeof loader>()
	return (
		<div className="flex flex-col gap-6">
			<h1 className="text-3xl font-bold">Audit log</h1>
			<p className="text-ink-muted">Every action taken in this administration area: who did what, to what, and when.</p>
			<Card aria-labelledby="audit-filter-heading">
				<h2 id="audit-filter-heading" className="sr-only">
					Filter the log
				</h2>
				<Form method="get" className="grid gap-4 sm:grid-cols-[2fr_1fr_1fr_auto] sm:items-end">
					<div className="flex flex-col gap-1.5">
						<label htmlFor="action" className="text-sm font-medium">
							Action
						</label>
						<select id="action" name="action" defaultValue={query.action} className={inputClass}>
							<option value="">All actions</option>
							{actions.map(([value, label]) => (
								<option key={value} value={value}>
									{label}
								</option>
							))}
						</select>
					</div>
					<div className="flex flex-col gap-1.5">
						<label htmlFor="from" className="text-sm font-medium">
							From (UTC)
						</label>
						<input id="from" name="from" type="date" defaultValue={query.from} className={inputClass} />
					</div>
					<div className="flex flex-col gap-1.5">
						<label htmlFor="to" className="text-sm font-medium">
							To (UTC, inclusive)
						</label>
						<input id="to" name="to" type="date" defaultValue={query.to} className={inputClass} />
					</div>
					<Button type="submit" variant="secondary">
						Filter
					</Button>
				</Form>
			</Card>
			<section aria-labelledby="events-heading" className="flex flex-col gap-4">
				<div className="flex flex-wrap items-center justify-between gap-3">
					<h2 id="events-heading" className="text-xl font-semibold">
						{total} {total === 1 ? 'entry' : 'entries'}
						{pages > 1 ? ` · page ${query.page} of ${pages}` : ''}
					</h2>
					<a className={buttonClass('secondary')} href={exportHref} download>
						Export as CSV
					</a>
				</div>
				{events.length === 0 ? (
					<p className="text-ink-muted">No entries match.</p>
				) : (
					<div className="overflow-x-auto">
						<table className="w-full text-left">
							<thead>
								<tr className="border-b border-line">
									<th scope="col" className="py-2 pr-3 font-medium">
										When
									</th>
									<th scope="col" className="py-2 pr-3 font-medium">
										Who
									</th>
									<th scope="col" className="py-2 pr-3 font-medium">
										Action
									</th>
									<th scope="col" className="py-2 pr-3 font-medium">
										What happened
									</th>
								</tr>
							</thead>
							<tbody>
								{events.map((e) => (
									<tr key={e.id} className="border-b border-line align-top last:border-0">
										<td className="whitespace-nowrap py-2 pr-3">
											<time dateTime={e.at}>{formatDateTime(e.at)}</time>
										</td>
										<td className="py-2 pr-3">{e.actor}</td>
										<td className="py-2 pr-3">{e.action}</td>
										<td className="py-2 pr-3">{e.summary}</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
				)}
				{pages > 1 ? (
					<nav aria-label="Pages" className="flex items-center gap-4">
						{query.page > 1 ? <Link to={pageHref(search, query.page - 1)}>Previous page</Link> : null}
						<span>
							Page {query.page} of {pages}
						</span>
						{query.page < pages ? <Link to={pageHref(search, query.page + 1)}>Next page</Link> : null}
					</nav>
				) : null}
			</section>
		</div>
	)
}
