import type { SubmissionResult } from '@conform-to/react'
import { data, Form, useActionData, useLoaderData } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/assignments'
import { requireAdminMembership, requireUser } from '~/auth/auth.server'
import { formatDate } from '~/format/dates'
import { pageTitle } from '~/components/page-title'
import { Alert } from '~/components/ui/alert'
import { DataTable } from '~/components/ui/data-table'
import { Card } from '~/components/ui/card'
import { ErrorList } from '~/components/ui/field'
import { controlClass, SelectField } from '~/components/ui/filter-fields'
import { errorAria, FieldErrors, useServerForm } from '~/components/ui/form-errors'
import { SubmitButton } from '~/components/ui/submit-button'
import { listPaths } from '~/content/catalog.server'
import { redirectWithFlash } from '~/http/flash.server'
import { formReply, parseForm } from '~/http/form-submission'
import { AssignmentError, createAssignment, dueSchema, listAssignments } from '~/orgs/assignments.server'
import {
	getReminderSettings,
	reminderSettingsSchema,
	requestReminderRun,
	updateReminderSettings,
} from '~/orgs/reminder-settings.server'
import { listTeams } from '~/orgs/teams.server'

export const meta: Route.MetaFunction = () => pageTitle('Assignments · Admin')

export async function loader({ context }: Route.LoaderArgs) {
	const membership = requireAdminMembership(context)
	const [assignments, teams, reminders] = await Promise.all([
		listAssignments(membership.orgId),
		listTeams(membership.orgId),
		getReminderSettings(membership.orgId),
	])
	return {
		reminders: { reminderDays: reminders.reminderDays.join(', '), expiryReminderDays: reminders.expiryReminderDays },
		paths: listPaths().map((p) => ({ slug: p.slug, title: p.title })),
		teams: teams.filter((t) => !t.archivedAt).map((t) => ({ id: t.id, name: t.name })),
		assignments: assignments.map((a) => ({
			...a,
			createdAt: a.createdAt.toISOString(),
			due: a.due.kind === 'date' ? `by ${formatDate(a.due.date)}` : `within ${a.due.days} days`,
		})),
	}
}

const assignSchema = z.object({
	pathSlug: z.string().regex(/^[a-z0-9-]{1,80}$/, 'Choose a learning path.'),
	teamId: z.string().regex(/^[a-z0-9]{1,40}$/, 'Choose a team.'),
	dueKind: z.enum(['date', 'days']),
	dueDate: z.string().max(10).optional(),
	dueDays: z.string().max(4).optional(),
})

/** The reminder settings as sent: a field left out reads as an empty one. */
const remindersSchema = z.object({
	reminderDays: z.preprocess((value) => value ?? '', reminderSettingsSchema.shape.reminderDays),
	expiryReminderDays: z.preprocess((value) => value ?? '', reminderSettingsSchema.shape.expiryReminderDays),
})

/** The fields each form shows a control for; the errors of any other field are the form's. */
const ASSIGN_FIELDS = ['pathSlug', 'teamId', 'dueKind', 'dueDays', 'dueDate']
const REMINDER_FIELDS = ['reminderDays', 'expiryReminderDays']

export async function action({ request, context }: Route.ActionArgs) {
	const { user } = requireUser(context, request)
	const membership = requireAdminMembership(context)
	const formData = await request.formData()
	const intent = formData.get('intent')
	if (intent === 'remind-now') {
		await requestReminderRun(membership.orgId, { id: user.id, name: user.name })
		return redirectWithFlash('/admin/assignments', {
			kind: 'success',
			message: 'Reminders are on their way: anyone due soon or overdue, and not yet told, gets one in a moment.',
		})
	}
	if (intent === 'reminders') {
		const settings = parseForm(formData, { schema: remindersSchema, disableAutoCoercion: true })
		if (settings.status !== 'success')
			return data({ form: 'reminders', result: formReply(settings, { fields: REMINDER_FIELDS }) }, { status: 400 })
		await updateReminderSettings(membership.orgId, { id: user.id, name: user.name }, settings.value)
		return redirectWithFlash('/admin/assignments', { kind: 'success', message: 'Reminder settings saved.' })
	}
	const submission = parseForm(formData, { schema: assignSchema, disableAutoCoercion: true })
	if (submission.status !== 'success')
		return data({ form: 'assign', result: formReply(submission, { fields: ASSIGN_FIELDS }) }, { status: 400 })
	const { pathSlug, teamId, dueKind, dueDate, dueDays } = submission.value
	const due = dueSchema.safeParse(
		dueKind === 'date' ? { kind: 'date', date: dueDate } : { kind: 'days', days: dueDays },
	)
	if (!due.success) {
		const message = due.error.issues[0]?.message ?? 'Give the due date.'
		const reply = submission.reply({ fieldErrors: { [dueKind === 'date' ? 'dueDate' : 'dueDays']: [message] } })
		return data({ form: 'assign', result: reply }, { status: 400 })
	}
	try {
		const created = await createAssignment({
			orgId: membership.orgId,
			actor: { id: user.id, name: user.name },
			pathSlug,
			target: { teamId },
			due: due.data,
		})
		return redirectWithFlash('/admin/assignments', {
			kind: 'success',
			message: `Assigned to ${created.assigned} ${created.assigned === 1 ? 'person' : 'people'}; people who join the team later get it too.`,
		})
	} catch (error) {
		if (error instanceof AssignmentError)
			return data({ form: 'assign', result: submission.reply({ formErrors: [error.message] }) }, { status: 400 })
		throw error
	}
}

type FormAnswer = { form: 'assign' | 'reminders'; result: SubmissionResult<string[]> }

function useAnswerFor(form: FormAnswer['form']) {
	const actionData = useActionData<typeof action>() as FormAnswer | undefined
	return actionData?.form === form ? actionData.result : undefined
}

function AssignForm({
	paths,
	teams,
}: {
	paths: Array<{ slug: string; title: string }>
	teams: Array<{ id: string; name: string }>
}) {
	const [form, fields] = useServerForm<{ pathSlug: string; teamId: string; dueDays: string; dueDate: string }>({
		id: 'assign',
		lastResult: useAnswerFor('assign'),
	})
	return (
		<Form method="post" id={form.id} className="mt-4 grid gap-4 sm:grid-cols-2">
			<SelectField
				id="assign-path"
				name="pathSlug"
				label="Learning path"
				required
				placeholder="Choose a path"
				placeholderDisabled
				options={paths.map((p) => [p.slug, p.title] as const)}
				field={fields.pathSlug}
			/>
			<SelectField
				id="assign-team"
				name="teamId"
				label="Team"
				required
				placeholder="Choose a team"
				placeholderDisabled
				options={teams.map((t) => [t.id, t.name] as const)}
				field={fields.teamId}
			/>
			<fieldset className="flex flex-col gap-3 sm:col-span-2">
				<legend className="text-sm font-medium">Due</legend>
				<div className="flex flex-wrap items-center gap-3">
					<input type="radio" id="due-days" name="dueKind" value="days" defaultChecked className="h-5 w-5" />
					<label htmlFor="due-days">Within</label>
					<input
						name="dueDays"
						type="number"
						min={1}
						max={730}
						defaultValue={30}
						aria-label="Number of days after assignment"
						{...errorAria(fields.dueDays)}
						className={`${controlClass} w-24`}
					/>
					<span>days of being assigned (people who join later get the same time)</span>
				</div>
				<FieldErrors field={fields.dueDays} />
				<div className="flex flex-wrap items-center gap-3">
					<input type="radio" id="due-date" name="dueKind" value="date" className="h-5 w-5" />
					<label htmlFor="due-date">By a date</label>
					<input
						name="dueDate"
						type="date"
						aria-label="Due date"
						{...errorAria(fields.dueDate)}
						className={controlClass}
					/>
				</div>
				<FieldErrors field={fields.dueDate} />
			</fieldset>
			{form.errors?.length ? (
				<Alert tone="error" role="alert" className="sm:col-span-2">
					<ErrorList id={form.errorId} errors={form.errors} />
				</Alert>
			) : null}
			<div className="sm:col-span-2">
				<SubmitButton>Assign</SubmitButton>
			</div>
		</Form>
	)
}

function RemindersForm({ reminders }: { reminders: { reminderDays: string; expiryReminderDays: number } }) {
	const [form, fields] = useServerForm<{ reminderDays: string; expiryReminderDays: string }>({
		id: 'reminders',
		lastResult: useAnswerFor('reminders'),
	})
	return (
		<>
			<Form method="post" id={form.id} className="mt-4 flex flex-wrap items-end gap-3">
				<div className="flex flex-col gap-1.5">
					<label htmlFor="reminder-days" className="text-sm font-medium">
						Days before the due date
					</label>
					<input
						id="reminder-days"
						name="reminderDays"
						defaultValue={reminders.reminderDays}
						{...errorAria(fields.reminderDays, 'reminder-days-hint')}
						className={`${controlClass} w-40`}
					/>
					<span id="reminder-days-hint" className="text-xs text-ink-muted">
						For example “7, 1”; empty for none
					</span>
				</div>
				<div className="flex flex-col gap-1.5">
					<label htmlFor="expiry-days" className="text-sm font-medium">
						Days before a credential expires
					</label>
					<input
						id="expiry-days"
						name="expiryReminderDays"
						type="number"
						min={1}
						max={180}
						required
						defaultValue={reminders.expiryReminderDays}
						{...errorAria(fields.expiryReminderDays)}
						className={`${controlClass} w-28`}
					/>
					<span className="text-xs text-ink-muted">&nbsp;</span>
				</div>
				<SubmitButton name="intent" value="reminders" variant="secondary">
					Save reminders
				</SubmitButton>
				<SubmitButton name="intent" value="remind-now" variant="secondary">
					Send due reminders now
				</SubmitButton>
			</Form>
			{form.errors?.length || fields.reminderDays.errors?.length || fields.expiryReminderDays.errors?.length ? (
				<Alert tone="error" role="alert" className="mt-3">
					<ErrorList id={fields.reminderDays.errorId} errors={fields.reminderDays.errors} />
					<ErrorList id={fields.expiryReminderDays.errorId} errors={fields.expiryReminderDays.errors} />
					<ErrorList id={form.errorId} errors={form.errors} />
				</Alert>
			) : null}
		</>
	)
}

export default function AssignmentsPage() {
	const { paths, teams, assignments, reminders } = useLoaderData<typeof loader>()
	return (
		<div className="flex flex-col gap-6">
			<h1 className="text-3xl font-bold">Assignments</h1>
			<Card aria-labelledby="assign-heading">
				<h2 id="assign-heading" className="text-xl font-semibold">
					Assign a path to a team
				</h2>
				<AssignForm paths={paths} teams={teams} />
			</Card>
			<Card aria-labelledby="reminders-heading">
				<h2 id="reminders-heading" className="text-xl font-semibold">
					Reminders
				</h2>
				<p className="mt-2 max-w-prose text-sm text-ink-muted">
					Learners get a message in the app and by email on each of these days before a due date, and once when an
					assignment is overdue. Before the credential of an assigned path expires they are told, and when it expires
					the path is assigned to them again.
				</p>
				<RemindersForm reminders={reminders} />
			</Card>
			<section aria-labelledby="list-heading" className="flex flex-col gap-3">
				<h2 id="list-heading" className="text-xl font-semibold">
					Current assignments
				</h2>
				{assignments.length === 0 ? (
					<p className="text-ink-muted">None yet.</p>
				) : (
					<DataTable columns={['Path', 'Assigned to', 'Due', 'Learners', 'Completed', 'Overdue']}>
						{assignments.map((a) => (
							<tr key={a.id} className="border-b border-line last:border-0">
								<th scope="row" className="py-2 pr-3 font-normal">
									{a.path}
								</th>
								<td className="py-2 pr-3">{a.team ? `Team ${a.team}` : 'Chosen people'}</td>
								<td className="py-2 pr-3">{a.due}</td>
								<td className="py-2 pr-3 tabular-nums">{a.learners}</td>
								<td className="py-2 pr-3 tabular-nums">{a.completed}</td>
								<td className="py-2 pr-3 tabular-nums">{a.overdue}</td>
							</tr>
						))}
					</DataTable>
				)}
			</section>
		</div>
	)
}
