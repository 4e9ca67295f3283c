import { data, Form, Link, redirect, useActionData, useLoaderData } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/import'
import { requireAdminMembership, requireUser } from '~/auth/auth.server'
import { formatDateTime } from '~/format/dates'
import { pageTitle } from '~/components/page-title'
import { Alert } from '~/components/ui/alert'
import { Card } from '~/components/ui/card'
import { ErrorList } from '~/components/ui/field'
import { errorAria, useServerForm } from '~/components/ui/form-errors'
import { SubmitButton } from '~/components/ui/submit-button'
import { BodyTooLargeError, readBoundedFormData } from '~/http/bounded-form.server'
import { formError, formReply, parseForm } from '~/http/form-submission'
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

const uploadSchema = z.object({
	file: z.file({ error: 'Choose a CSV file.' }).min(1, 'Choose a CSV file.'),
})

export async function action({ request, context }: Route.ActionArgs) {
	const { user } = requireUser(context, request)
	const membership = requireAdminMembership(context)
	// The body is read only up to a little over the largest file, before conform parses it.
	let formData: FormData
	try {
		formData = await readBoundedFormData(request, MAX_IMPORT_BYTES + 64 * 1024)
	} catch (error) {
		if (error instanceof BodyTooLargeError)
			return data({ result: formError('The file is larger than 5 MB.') }, { status: 413 })
		return data({ result: formError('The form could not be read. Choose the file again.') }, { status: 400 })
	}
	const submission = parseForm(formData, { schema: uploadSchema, disableAutoCoercion: true })
	if (submission.status !== 'success')
		return data({ result: formReply(submission, { fields: ['file'] }) }, { status: 400 })
	const { file } = submission.value
	if (file.size > MAX_IMPORT_BYTES) return data({ result: formError('The file is larger than 5 MB.') }, { status: 413 })
	let text: string
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer())
	} catch {
		return data(
			{ result: formError('The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.') },
			{ status: 400 },
		)
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
		if (error instanceof ImportError) return data({ result: formError(error.message) }, { status: 400 })
		throw error
	}
}

export default function ImportPage() {
	const { imports } = useLoaderData<typeof loader>()
	const [form, fields] = useServerForm<{ file: File }>({
		id: 'upload',
		lastResult: useActionData<typeof action>()?.result,
	})
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
				<Form method="post" encType="multipart/form-data" id={form.id} className="mt-4 flex flex-wrap items-end gap-3">
					<div className="flex min-w-0 max-w-full flex-col gap-1.5">
						<label htmlFor="file" className="text-sm font-medium">
							CSV file
						</label>
						<input
							id="file"
							name="file"
							type="file"
							accept=".csv,text/csv"
							required
							{...errorAria(fields.file)}
							className="max-w-full"
						/>
					</div>
					<SubmitButton>Check the file</SubmitButton>
				</Form>
				{fields.file.errors?.length || form.errors?.length ? (
					<Alert tone="error" role="alert" className="mt-3">
						<ErrorList id={fields.file.errorId} errors={fields.file.errors} />
						<ErrorList id={form.errorId} errors={form.errors} />
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
