import { Form, useLoaderData } from 'react-router'
import type { Route } from './+types/audit'
import { parseAuditQuery } from '~/audit/audit-filter'
import { AUDIT_ACTION_LABELS, listAuditEvents, type AuditAction } from '~/audit/audit.server'
import { requireAdminMembership } from '~/auth/auth.server'
import { formatDateTime } from '~/format/dates'
import { pageTitle } from '~/components/page-title'
import { DataTable } from '~/components/ui/data-table'
import { Button, buttonClass } from '~/components/ui/button'
import { Card } from '~/components/ui/card'
import { FilterInput, FilterSelect, Pager } from '~/components/ui/filter-fields'

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
					<FilterSelect name="action" label="Action" value={query.action} anyLabel="All actions" options={actions} />
					<FilterInput name="from" label="From (UTC)" type="date" value={query.from} />
					<FilterInput name="to" label="To (UTC, inclusive)" type="date" value={query.to} />
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
					<DataTable columns={['When', 'Who', 'Action', 'What happened']}>
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
					</DataTable>
				)}
				<Pager page={query.page} pages={pages} search={search} />
			</section>
		</div>
	)
}
