import { data, Form, Link, useActionData, useLoaderData } from 'react-router'
import type { Route } from './+types/ai-literacy-statement'
import { requireAdminMembership, requireUser } from '~/auth/auth.server'
import { pageTitle } from '~/components/page-title'
import { Card } from '~/components/ui/card'
import { errorAria, FieldErrors, useServerForm } from '~/components/ui/form-errors'
import { SubmitButton } from '~/components/ui/submit-button'
import { redirectWithFlash } from '~/http/flash.server'
import { formError, formReply, parseForm } from '~/http/form-submission'
import { getStatement, saveStatement, statementSchema } from '~/literacy/statement.server'

export const meta: Route.MetaFunction = () => pageTitle('Statement of measures · AI literacy · Admin')

export async function loader({ context }: Route.LoaderArgs) {
	const membership = requireAdminMembership(context)
	return { statement: await getStatement(membership.orgId), canEdit: membership.role === 'OWNER' }
}

export async function action({ request, context }: Route.ActionArgs) {
	const { user } = requireUser(context, request)
	const membership = requireAdminMembership(context)
	if (membership.role !== 'OWNER')
		return data({ result: formError('Only owners write the statement.') }, { status: 403 })
	const submission = parseForm(await request.formData(), { schema: statementSchema, disableAutoCoercion: true })
	if (submission.status !== 'success')
		return data({ result: formReply(submission, { fields: ['statement'] }) }, { status: 400 })
	await saveStatement(membership.orgId, { id: user.id, name: user.name }, submission.value.statement)
	return redirectWithFlash('/admin/ai-literacy/report', { kind: 'success', message: 'The statement is saved.' })
}

export default function StatementPage() {
	const { statement, canEdit } = useLoaderData<typeof loader>()
	const [form, fields] = useServerForm<{ statement: string }>({
		id: 'statement',
		lastResult: useActionData<typeof action>()?.result,
	})
	return (
		<div className="flex flex-col gap-6">
			<p>
				<Link to="/admin/ai-literacy/report">AI literacy evidence</Link>
			</p>
			<h1 className="text-3xl font-bold">Statement of measures</h1>
			<p className="max-w-prose">
				The evidence report opens with your organisation’s own account of its measures: which roles you chose and why,
				how the training is proportionate to each, how understanding is assessed, and how often it is refreshed. The
				starter text below explains the choices this product supports; adapt it to what your organisation does. Separate
				paragraphs with an empty line.
			</p>
			<Card>
				<Form method="post" id={form.id} className="flex flex-col gap-3">
					<FieldErrors field={{ errorId: form.errorId, errors: form.errors }} />
					<label htmlFor="statement-text" className="text-sm font-medium">
						Statement
					</label>
					<textarea
						id="statement-text"
						name="statement"
						rows={16}
						required
						maxLength={8000}
						readOnly={!canEdit}
						defaultValue={statement.text}
						{...errorAria(fields.statement)}
						className="rounded-control border border-line bg-surface px-3 py-2 text-base text-ink"
					/>
					<FieldErrors field={fields.statement} className="text-sm" />
					{canEdit ? (
						<SubmitButton className="self-start">Save the statement</SubmitButton>
					) : (
						<p className="text-ink-muted">Only owners change the statement.</p>
					)}
				</Form>
			</Card>
		</div>
	)
}
