import { data, Form, useActionData, useLoaderData, useNavigation } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/assignments'
import { requireAdminMembership, requireUser } from '~/auth/auth.server'
import { formatDate } from '~/format/dates'
import { pageTitle } from '~/components/page-title'
import { Alert } from '~/components/ui/alert'
import { DataTable } from '~/components/ui/data-table'
import { Button } from '~/components/ui/button'
import { Card } from '~/components/ui/card'
import { controlClass, SelectField } from '~/components/ui/filter-fields'
import { listPaths } from '~/content/catalog.server'
import { redirectWithFlash } from '~/http/flash.server'
import { AssignmentError, createAssignment, dueSchema, listAssignments } from '~/orgs/assignments.server'
import {
	getReminderSettings,
	reminderSettingsSchema,
	requestReminderRun,
	updateReminderSettings,
} from '~/orgs/reminders.server'
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

const actionSchema = z.object({
	pathSlug: z.string().regex(/^[a-z0-9-]{1,80}$/, 'Choose a learning path.'),
	teamId: z.string().regex(/^[a-z0-9]{1,40}$/, 'Choose a team.'),
	dueKind: z.enum(['date', 'days']),
	dueDate: z.string().max(10).optional(),
	dueDays: z.string().max(4).optional(),
})

export async function action({ request, context }: Route.ActionArgs) {
	const { user } = requireUser(context, request)
	const membership = requireAdminMembership(context)
	const form = await request.formData()
	if (form.get('intent') === 'remind-now') {
		await requestReminderRun(membership.orgId, { id: user.id, name: user.name })
		return redirectWithFlash('/admin/assignments', {
			kind: 'success',
			message: 'Reminders are on their way: anyone due soon or overdue, and not yet told, gets one in a moment.',
		})
	}
	if (form.get('intent') === 'reminders') {
		const settings = reminderSettingsSchema.safeParse({
			reminderDays: form.get('reminderDays') ?? '',
			expiryReminderDays: form.get('expiryReminderDays') ?? '',
		})
		if (!settings.success)
			return data(
				{ message: settings.error.issues[0]?.message ?? 'This request is not valid.', form: 'reminders' },
				{ status: 400 },
			)
		await updateReminderSettings(membership.orgId, { id: user.id, name: user.name }, settings.data)
		return redirectWithFlash('/admin/assignments', { kind: 'success', message: 'Reminder settings saved.' })
	}
	const parsed = actionSchema.safeParse(Object.fromEntries(form))
	if (!parsed.success)
		return data({ message: parsed.error.issues[0]?.message ?? 'This request is not valid.' }, { status: 400 })
	const { pathSlug, teamId, dueKind, dueDate, dueDays } = parsed.data
	const due = dueSchema.safeParse(
		dueKind === 'date' ? { kind: 'date', date: dueDate } : { kind: 'days', days: dueDays },
	)
	if (!due.success) return data({ message: due.error.issues[0]?.message ?? 'Give the due date.' }, { status: 400 })
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
		if (error instanceof AssignmentError) return data({ message: error.message }, { status: 400 })
		throw error
	}
}

export default function AssignmentsPage() {
	const { paths, teams, assignments, reminders } = useLoaderData<typeof loader>()
	const actionData = useActionData<typeof action>()
	const navigation = useNavigation()
	return (
		<div className="flex flex-col gap-6">
			<h1 className="text-3xl font-bold">Assignments</h1>
			<Card aria-labelledby="assign-heading">
				<h2 id="assign-heading" className="text-xl font-semibold">
					Assign a path to a team
				</h2>
				<Form method="post" className="mt-4 grid gap-4 sm:grid-cols-2">
					<SelectField
						id="assign-path"
						name="pathSlug"
						label="Learning path"
						required
						placeholder="Choose a path"
						placeholderDisabled
						options={paths.map((p) => [p.slug, p.title] as const)}
					/>
					<SelectField
						id="assign-team"
						name="teamId"
						label="Team"
						required
						placeholder="Choose a team"
						placeholderDisabled
						options={teams.map((t) => [t.id, t.name] as const)}
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
								className={`${controlClass} w-24`}
							/>
							<span>days of being assigned (people who join later get the same time)</span>
						</div>
						<div className="flex flex-wrap items-center gap-3">
							<input type="radio" id="due-date" name="dueKind" value="date" className="h-5 w-5" />
							<label htmlFor="due-date">By a date</label>
							<input name="dueDate" type="date" aria-label="Due date" className={controlClass} />
						</div>
					</fieldset>
					{actionData?.message && !('form' in actionData) ? (
						<Alert tone="error" role="alert" className="sm:col-span-2">
							{actionData.message}
						</Alert>
					) : null}
					<div className="sm:col-span-2">
						<Button type="submit" disabled={navigation.state !== 'idle'}>
							Assign
						</Button>
					</div>
				</Form>
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
				<Form method="post" className="mt-4 flex flex-wrap items-end gap-3">
					<div className="flex flex-col gap-1.5">
						<label htmlFor="reminder-days" className="text-sm font-medium">
							Days before the due date
						</label>
						<input
							id="reminder-days"
							name="reminderDays"
							defaultValue={reminders.reminderDays}
							aria-describedby="reminder-days-hint"
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
							className={`${controlClass} w-28`}
						/>
						<span className="text-xs text-ink-muted">&nbsp;</span>
					</div>
					<Button
						type="submit"
						name="intent"
						value="reminders"
						variant="secondary"
						disabled={navigation.state !== 'idle'}
					>
						Save reminders
					</Button>
					<Button
						type="submit"
						name="intent"
						value="remind-now"
						variant="secondary"
						disabled={navigation.state !== 'idle'}
					>
						Send due reminders now
					</Button>
				</Form>
				{actionData?.message && 'form' in actionData ? (
					<Alert tone="error" role="alert" className="mt-3">
						{actionData.message}
					</Alert>
				) : null}
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
