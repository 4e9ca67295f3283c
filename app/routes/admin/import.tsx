import { data, Form, Link, redirect, useActionData, useLoaderData, useNavigation } from 'react-router'
import type { Route } from './+types/import'
import { requireAdminMembership, requireUser } from '~/auth/auth.server'
import { formatDateTime } from '~/format/dates'
import { pageTitle } from '~/components/page-title'
import { Alert } from '~/components/ui/alert'
import { Button } from '~/components/ui/button'
import { Card } from '~/components/ui/card'
import { BodyTooLargeError, readBoundedFormData } from '~/http/bounded-form.server'
import { ImportError, listImports, MAX_IMPORT_BYTES, previewImport } from '~/orgs/people-import.server'

export const meta: Route.MetaFunction = () => pageTitle('Import people · Admin')

const STATUS_LABELS: Record<string, string> = {
	preview: 'Checked, not imported',
	queued: 'Waiting to run',
	running: 'Running',
	done: 'Done',
	failed: 'Failed',
}

export async function loader({ context }: Route.LoaderArgs) {
	const membership = requireAdminMembership(context)
	const imports = await listImports(membership.orgId)
	return {
		imports: imports.map((i) => ({
			id: i.id,
			fileName: i.fileName,
			status: STATUS_LABELS[i.status] ?? i.status,
			at: i.createdAt.toISOString(),
		})),
	}
}

export async function action({ request, context }: Route.ActionArgs) {
	const { user } = requireUser(context, request)
	const membership = requireAdminMembership(context)
	let form: FormData
	try {
		form = await readBoundedFormData(request, MAX_IMPORT_BYTES + 64 * 1024)
	} catch (error) {
		if (error instanceof BodyTooLargeError) return data({ message: 'The file is larger than 5 MB.' }, { status: 413 })
		return data({ message: 'The form could not be read. Choose the file again.' }, { status: 400 })
	}
	const file = form.get('file')
	if (!(file instanceof File) || file.size === 0) return data({ message: 'Choose a CSV file.' }, { status: 400 })
	if (file.size > MAX_IMPORT_BYTES) return data({ message: 'The file is larger than 5 MB.' }, { status: 413 })
	let text: string
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer())
	} catch {
		return data({ message: 'The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.' }, { status: 400 })
	}
	try {
		const batch = await previewImport({
			orgId: membership.orgId,
			actor: { id: user.id, name: user.name, role: membership.role },
			fileName: file.name || 'people.csv',
			text,
		})
		return redirect(`/admin/import/${batch.id}`)
	} catch (error) {
		if (error instanceof ImportError) return data({ message: error.message }, { status: 400 })
		throw error
	}
}

export default function ImportPage() {
	const { imports } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const navigation = useNavigation()
	return (
		<div className="flex flex-col gap-6">
			<h1 className="text-3xl font-bold">Import people</h1>
			<Card aria-labelledby="upload-heading">
				<h2 id="upload-heading" className="text-xl font-semibold">
					Check a file
				</h2>
				<p className="mt-1 max-w-3xl text-sm text-ink-muted">
					A CSV file (UTF-8, up to 5 MB) whose first row names the columns: <code>name</code>, <code>email</code>, and
					optionally <code>team</code> and <code>role</code> (learner or admin). You will see what the import would do,
					row by row, before anything changes. New people get an invitation; people already here move to the team given.
					Importing the same file twice changes nothing.
				</p>
				<Form method="post" encType="multipart/form-data" className="mt-4 flex flex-wrap items-end gap-3">
					<div className="flex min-w-0 max-w-full flex-col gap-1.5">
						<label htmlFor="file" className="text-sm font-medium">
							CSV file
						</label>
						<input id="file" name="file" type="file" accept=".csv,text/csv" required className="max-w-full" />
					</div>
					<Button type="submit" disabled={navigation.state !== 'idle'}>
						Check the file
					</Button>
				</Form>
				{actionData?.message ? (
					<Alert tone="error" role="alert" className="mt-3">
						{actionData.message}
					</Alert>
				) : null}
			</Card>
			<section aria-labelledby="recent-heading" className="flex flex-col gap-3">
				<h2 id="recent-heading" className="text-xl font-semibold">
					Recent imports
				</h2>
				{imports.length === 0 ? (
					<p className="text-ink-muted">None yet.</p>
				) : (
					<ul className="flex flex-col gap-2">
						{imports.map((i) => (
							<li key={i.id}>
								<Link to={`/admin/import/${i.id}`}>{i.fileName}</Link>{' '}
								<span className="text-sm text-ink-muted">
									{formatDateTime(i.at)} · {i.status}
								</span>
							</li>
						))}
					</ul>
				)}
			</section>
		</div>
	)
}
