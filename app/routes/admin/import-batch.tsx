import { useEffect } from 'react'
import { data, Form, Link, useActionData, useLoaderData, useRevalidator } from 'react-router'
import type { Route } from './+types/import-batch'
import { requireAdminMembership, requireUser } from '~/auth/auth.server'
import { pageTitle } from '~/components/page-title'
import { Alert } from '~/components/ui/alert'
import { DataTable } from '~/components/ui/data-table'
import { SubmitButton } from '~/components/ui/submit-button'
import { Card } from '~/components/ui/card'
import { ProgressBar } from '~/components/ui/progress-bar'
import { invariantResponse } from '~/http/invariant'
import { getImport, ImportError, startImport } from '~/orgs/people-import.server'

export const meta: Route.MetaFunction = () => pageTitle('Import · Admin')

export async function loader({ params, context }: Route.LoaderArgs) {
	const membership = requireAdminMembership(context)
	const batch = await getImport(membership.orgId, params.batchId)
	invariantResponse(batch, 'There is no such import in your organisation.')
	return {
		id: batch.id,
		fileName: batch.fileName,
		status: batch.status,
		report: batch.report,
		result: batch.result,
		progress: batch.job?.total ? Math.round(((batch.job.done ?? 0) / batch.job.total) * 100) : 0,
		jobError: batch.job?.error ?? null,
	}
}

export async function action({ request, params, context }: Route.ActionArgs) {
	const { user } = requireUser(context, request)
	const membership = requireAdminMembership(context)
	try {
		await startImport(membership.orgId, { id: user.id, name: user.name }, params.batchId)
	} catch (error) {
		if (error instanceof ImportError) return data({ message: error.message }, { status: 409 })
		throw error
	}
	return { message: null }
}

/** Each row's outcome: what the import would do, and once it has run, what it did. */
const OUTCOME_LABELS = {
	invite: { planned: 'Will be invited', done: 'Invited' },
	move: { planned: 'Will move to the team', done: 'Moved to the team' },
	unchanged: { planned: 'Already here', done: 'Already here' },
	pending: { planned: 'Already invited', done: 'Already invited' },
} as const

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

export default function ImportBatchPage() {
	const { fileName, status, report, result, progress, jobError } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const revalidator = useRevalidator()
	const working = status === 'queued' || status === 'running'
	// While the job runs, the page refreshes its figures every second.
	useEffect(() => {
		if (!working) return
		const timer = setInterval(() => {
			if (revalidator.state === 'idle') void revalidator.revalidate()
		}, 1000)
		return () => clearInterval(timer)
	}, [working, revalidator])
	const toApply = report.counts.invite + report.counts.move
	return (
		<div className="flex flex-col gap-6">
			<p>
				<Link to="/admin/import">All imports</Link>
			</p>
			<h1 className="text-3xl font-bold">Import of {fileName}</h1>
			<Card aria-labelledby="summary-heading">
				<h2 id="summary-heading" className="text-xl font-semibold">
					{status === 'preview' ? 'What the import would do' : 'What the file holds'}
				</h2>
				<dl className="mt-3 grid grid-cols-2 gap-3 sm:grid-cols-5">
					{(
						[
							['Rows', report.total],
							[status === 'done' ? 'Invited' : 'To invite', report.counts.invite],
							[status === 'done' ? 'Moved to a team' : 'To move to a team', report.counts.move],
							['Already here or invited', report.counts.unchanged + report.counts.pending],
							['Rows with errors', report.counts.error],
						] as const
					).map(([label, value]) => (
						<div key={label} className="rounded-control bg-surface-muted p-3">
							<dt className="text-sm text-ink-muted">{label}</dt>
							<dd className="text-2xl font-bold tabular-nums">{value}</dd>
						</div>
					))}
				</dl>
				{report.newTeams.length > 0 ? (
					<p className="mt-3 text-sm">
						{status === 'done' ? 'Teams created' : 'New teams to create'}: {report.newTeams.join(', ')}
					</p>
				) : null}
				{status === 'preview' ? (
					<Form method="post" className="mt-4">
						<SubmitButton disabled={toApply === 0}>
							{toApply === 0 ? 'Nothing to import' : `Import ${toApply} ${toApply === 1 ? 'row' : 'rows'}`}
						</SubmitButton>
						{report.counts.error > 0 ? (
							<p className="mt-2 text-sm text-ink-muted">
								Rows with errors are left out; fix them and import the file again.
							</p>
						) : null}
					</Form>
				) : null}
				{actionData?.message ? (
					<Alert tone="error" role="alert" className="mt-3">
						{actionData.message}
					</Alert>
				) : null}
				{working ? (
					<div className="mt-4" aria-live="polite">
						<ProgressBar value={progress} label="Import progress" />
						<p className="mt-1 text-sm text-ink-muted">{status === 'queued' ? 'Waiting to start…' : 'Importing…'}</p>
					</div>
				) : null}
				{status === 'done' && result ? (
					<Alert tone="success" role="status" className="mt-4">
						Done: {result.invited} invited, {result.moved} moved to a team, {result.unchanged} already there,{' '}
						{plural(result.teamsCreated ?? 0, 'team', 'teams')} created.
					</Alert>
				) : null}
				{status === 'failed' ? (
					<Alert tone="error" role="alert" className="mt-4">
						The import failed: {jobError ?? 'unknown error'}. Rows already applied stay; importing the file again
						finishes the rest.
					</Alert>
				) : null}
			</Card>
			{report.errors.length > 0 ? (
				<Card aria-labelledby="errors-heading">
					<h2 id="errors-heading" className="text-xl font-semibold">
						Rows with errors
					</h2>
					<ul className="mt-3 flex flex-col gap-1">
						{report.errors.slice(0, 500).map((e) => (
							<li key={e.line}>
								Line {e.line}: {e.message}
							</li>
						))}
					</ul>
					{report.errors.length > 500 ? <p className="mt-2 text-sm">…and {report.errors.length - 500} more.</p> : null}
				</Card>
			) : null}
			{report.sample.length > 0 ? (
				<section aria-labelledby="rows-heading" className="flex flex-col gap-3">
					<h2 id="rows-heading" className="text-xl font-semibold">
						Rows
						{report.sample.length < report.total - report.counts.error ? ` (the first ${report.sample.length})` : ''}
					</h2>
					<DataTable columns={['Line', 'Name', 'Email', 'Team', 'Role', 'Outcome']}>
						{report.sample.map((row) => (
							<tr key={row.line} className="border-b border-line last:border-0">
								<td className="py-2 pr-3 tabular-nums">{row.line}</td>
								<th scope="row" className="py-2 pr-3 font-normal">
									{row.name}
								</th>
								<td className="break-all py-2 pr-3">{row.email}</td>
								<td className="py-2 pr-3">{row.team ?? '—'}</td>
								<td className="py-2 pr-3">{row.role === 'ADMIN' ? 'Administrator' : 'Learner'}</td>
								<td className="py-2 pr-3">{OUTCOME_LABELS[row.outcome][status === 'done' ? 'done' : 'planned']}</td>
							</tr>
						))}
					</DataTable>
				</section>
			) : null}
		</div>
	)
}
