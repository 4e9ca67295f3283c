import { data, Form, Link, useActionData, useLoaderData } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/people'
import { requireAdminMembership, requireUser } from '~/auth/auth.server'
import { pageTitle } from '~/components/page-title'
import { Alert } from '~/components/ui/alert'
import { DataTable } from '~/components/ui/data-table'
import { Button } from '~/components/ui/button'
import { Card } from '~/components/ui/card'
import { ErrorList } from '~/components/ui/field'
import { controlClass, FilterInput, FilterSelect, Pager, SelectField } from '~/components/ui/filter-fields'
import { errorAria, FieldErrors, useServerForm } from '~/components/ui/form-errors'
import { SubmitButton } from '~/components/ui/submit-button'
import { redirectWithFlash } from '~/http/flash.server'
import { formError, formReply, parseForm } from '~/http/form-submission'
import { safeReturnSearch } from '~/http/safe-redirect'
import { listPaths } from '~/content/catalog.server'
import { AssignmentError, createAssignment } from '~/orgs/assignments.server'
import { listMembers, MemberError, setMembersActive } from '~/orgs/members.server'
import { listTeams, MAX_MOVE, moveMembers, TeamError } from '~/orgs/teams.server'

export const meta: Route.MetaFunction = () => pageTitle('People · Admin')

const ROLE_LABELS = { LEARNER: 'Learner', ADMIN: 'Administrator', OWNER: 'Owner' } as const
const STATUS_LABELS = { active: 'Active', deactivated: 'Deactivated', invited: 'Invited' } as const

/** Filters come from the address; anything malformed falls back to "no filter" rather than failing. */
const filterSchema = z.object({
	q: z.string().trim().max(100).optional().catch(undefined),
	team: z
		.string()
		.regex(/^[a-z0-9]{1,40}$/)
		.optional()
		.catch(undefined),
	role: z.enum(['LEARNER', 'ADMIN', 'OWNER']).optional().catch(undefined),
	status: z.enum(['active', 'deactivated', 'invited']).catch('active'),
	page: z.coerce.number().int().min(1).max(100_000).catch(1),
})

export async function loader({ request, context }: Route.LoaderArgs) {
	const membership = requireAdminMembership(context)
	const url = new URL(request.url)
	const filter = filterSchema.parse(Object.fromEntries(url.searchParams))
	const [result, teams] = await Promise.all([
		listMembers(
			membership.orgId,
			{ q: filter.q || undefined, team: filter.team, role: filter.role, status: filter.status },
			filter.page,
		),
		listTeams(membership.orgId),
	])
	return {
		filter: {
			q: filter.q ?? '',
			team: filter.team ?? '',
			role: filter.role ?? '',
			status: filter.status,
			page: filter.page,
		},
		search: url.search,
		...result,
		teams: teams.map((t) => ({ id: t.id, name: t.name, archived: t.archivedAt !== null })),
		paths: listPaths().map((p) => ({ slug: p.slug, title: p.title })),
	}
}

/** The people ticked: every `userId` sent, none to at most MAX_MOVE. */
const userIds = (none: string) =>
	z.preprocess(
		(value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]),
		z.array(z.string().min(1).max(40)).min(1, none).max(MAX_MOVE),
	)

const moveSchema = z.object({
	userId: userIds('Choose at least one person to move.'),
	teamId: z.string({ error: 'Choose a team.' }).regex(/^[a-z0-9]{1,40}$/, 'Choose a team.'),
	returnTo: z.string().max(2000).optional(),
})

const assignSchema = z.object({
	userId: userIds('Choose at least one person to assign.'),
	pathSlug: z.string({ error: 'Choose a learning path.' }).regex(/^[a-z0-9-]{1,80}$/, 'Choose a learning path.'),
	dueDays: z.preprocess(
		(value) => value ?? '',
		z.coerce.number().int().min(1, 'Give the number of days (at least 1).').max(730, 'At most 730 days.'),
	),
	returnTo: z.string().max(2000).optional(),
})

/** The fields the form shows a control for; the errors of the others (the people ticked) are the form's. */
const FIELDS = ['teamId', 'pathSlug', 'dueDays']

/** Assigns a path to the people ticked, due within N days. */
async function assign(formData: FormData, orgId: string, actor: { id: string; name: string }) {
	const submission = parseForm(formData, { schema: assignSchema, disableAutoCoercion: true })
	if (submission.status !== 'success')
		return data({ result: formReply(submission, { fields: FIELDS }) }, { status: 400 })
	const { userId: userIds, pathSlug, dueDays, returnTo } = submission.value
	try {
		const created = await createAssignment({
			orgId,
			actor,
			pathSlug,
			target: { userIds },
			due: { kind: 'days', days: dueDays },
		})
		const search = safeReturnSearch(returnTo)
		return redirectWithFlash(`/admin/people${search}`, {
			kind: 'success',
			message: `Assigned the path to ${created.assigned} ${created.assigned === 1 ? 'person' : 'people'}, due within ${dueDays} days.`,
		})
	} catch (error) {
		if (error instanceof AssignmentError) return data({ result: formError(error.message) }, { status: 400 })
		throw error
	}
}

const activeSchema = z.object({
	userId: userIds('Choose at least one person.'),
	returnTo: z.string().max(2000).optional(),
})

/** Deactivates or reactivates the people ticked. */
async function setActive(
	formData: FormData,
	orgId: string,
	actor: { id: string; name: string; role: 'LEARNER' | 'ADMIN' | 'OWNER' },
	active: boolean,
) {
	const submission = parseForm(formData, { schema: activeSchema, disableAutoCoercion: true })
	if (submission.status !== 'success')
		return data({ result: formReply(submission, { fields: FIELDS }) }, { status: 400 })
	const { userId: userIds, returnTo } = submission.value
	try {
		const changed = await setMembersActive(orgId, actor, userIds, active)
		const search = safeReturnSearch(returnTo)
		const people = `${changed} ${changed === 1 ? 'person' : 'people'}`
		return redirectWithFlash(`/admin/people${search}`, {
			kind: 'success',
			message:
				changed === 0
					? `Everyone chosen was already ${active ? 'active' : 'deactivated'}.`
					: `${active ? 'Reactivated' : 'Deactivated'} ${people}.`,
		})
	} catch (error) {
		if (error instanceof MemberError) return data({ result: formError(error.message) }, { status: 400 })
		throw error
	}
}

export async function action({ request, context }: Route.ActionArgs) {
	const { user } = requireUser(context, request)
	const membership = requireAdminMembership(context)
	const formData = await request.formData()
	const intent = formData.get('intent')
	if (intent === 'assign') return assign(formData, membership.orgId, { id: user.id, name: user.name })
	if (intent === 'deactivate' || intent === 'reactivate')
		return setActive(
			formData,
			membership.orgId,
			{ id: user.id, name: user.name, role: membership.role },
			intent === 'reactivate',
		)
	const submission = parseForm(formData, { schema: moveSchema, disableAutoCoercion: true })
	if (submission.status !== 'success')
		return data({ result: formReply(submission, { fields: FIELDS }) }, { status: 400 })
	const { userId: userIds, teamId, returnTo } = submission.value
	try {
		const moved = await moveMembers(
			membership.orgId,
			{ id: user.id, name: user.name },
			userIds,
			teamId === 'none' ? null : teamId,
		)
		const search = safeReturnSearch(returnTo)
		return redirectWithFlash(`/admin/people${search}`, {
			kind: 'success',
			message:
				moved === 0 ? 'Everyone chosen was already there.' : `Moved ${moved} ${moved === 1 ? 'person' : 'people'}.`,
		})
	} catch (error) {
		if (error instanceof TeamError) return data({ result: formError(error.message) }, { status: 400 })
		throw error
	}
}

export default function PeoplePage() {
	const { filter, members, total, pages, teams, search, paths } = useLoaderData<typeof loader>()
	const [form, fields] = useServerForm<{ teamId: string; pathSlug: string; dueDays: string }>({
		id: 'people',
		lastResult: useActionData<typeof action>()?.result,
	})
	const activeTeams = teams.filter((t) => !t.archived)
	return (
		<div className="flex flex-col gap-6">
			<h1 className="text-3xl font-bold">People</h1>
			<Card aria-labelledby="filter-heading">
				<h2 id="filter-heading" className="sr-only">
					Search and filter
				</h2>
				<Form method="get" className="grid gap-4 sm:grid-cols-[2fr_1fr_1fr_1fr_auto] sm:items-end">
					<FilterInput name="q" label="Name or email" type="search" value={filter.q} maxLength={100} />
					<FilterSelect
						name="team"
						label="Team"
						value={filter.team}
						anyLabel="All teams"
						options={[
							['none', 'No team'],
							...teams.map((t) => [t.id, t.archived ? `${t.name} (archived)` : t.name] as const),
						]}
					/>
					<FilterSelect
						name="role"
						label="Role"
						value={filter.role}
						anyLabel="All roles"
						options={Object.entries(ROLE_LABELS)}
					/>
					<SelectField
						id="filter-status"
						name="status"
						label="Status"
						defaultValue={filter.status}
						options={Object.entries(STATUS_LABELS)}
					/>
					<Button type="submit" variant="secondary">
						Search
					</Button>
				</Form>
			</Card>
			{form.errors?.length ? (
				<Alert tone="error" role="alert">
					<ErrorList id={form.errorId} errors={form.errors} />
				</Alert>
			) : null}
			<section aria-labelledby="results-heading" className="flex flex-col gap-4">
				<h2 id="results-heading" className="text-xl font-semibold">
					{total} {total === 1 ? 'person' : 'people'}
					{pages > 1 ? ` · page ${filter.page} of ${pages}` : ''}
				</h2>
				<Form
					method="post"
					id={form.id}
					aria-describedby={form.errors?.length ? form.errorId : undefined}
					className="flex flex-col gap-4"
				>
					<input type="hidden" name="returnTo" value={search} />
					<DataTable
						columns={[<span className="sr-only">Choose</span>, 'Name', 'Email', 'Role', 'Team', 'Status']}
						caption="People of the organisation; tick people to move them to a team or assign them a path"
					>
						{members.map((m) => (
							<tr key={m.userId} className="border-b border-line last:border-0">
								<td className="py-2 pr-3">
									{m.status === 'invited' ? null : (
										<input
											type="checkbox"
											name="userId"
											value={m.userId}
											id={`choose-${m.userId}`}
											aria-label={`Choose ${m.name}`}
											className="h-5 w-5"
										/>
									)}
								</td>
								<th scope="row" className="py-2 pr-3 font-normal">
									{m.status === 'invited' ? (
										<span className="text-ink-muted">Not joined yet</span>
									) : (
										<Link to={`/admin/reports/people/${m.userId}`}>{m.name}</Link>
									)}
								</th>
								<td className="break-all py-2 pr-3">{m.email}</td>
								<td className="py-2 pr-3">{ROLE_LABELS[m.role]}</td>
								<td className="py-2 pr-3">{m.teamName ?? <span className="text-ink-muted">No team</span>}</td>
								<td className="py-2 pr-3">{STATUS_LABELS[m.status]}</td>
							</tr>
						))}
					</DataTable>
					{members.length === 0 ? <p className="text-ink-muted">Nobody matches this search.</p> : null}
					<div className="flex flex-wrap items-end gap-3">
						<SelectField
							id="move-to"
							name="teamId"
							label="Move the people ticked to"
							placeholder="Choose a team"
							placeholderDisabled
							options={[...activeTeams.map((t) => [t.id, t.name] as const), ['none', 'No team']]}
							field={fields.teamId}
						/>
						<SubmitButton name="intent" value="move">
							Move
						</SubmitButton>
					</div>
					<div className="flex flex-wrap items-end gap-3">
						<SelectField
							id="assign-path"
							name="pathSlug"
							label="Or assign the people ticked the path"
							placeholder="Choose a path"
							placeholderDisabled
							options={paths.map((p) => [p.slug, p.title] as const)}
							field={fields.pathSlug}
						/>
						<div className="flex flex-col gap-1.5">
							<label htmlFor="assign-days" className="text-sm font-medium">
								Due within (days)
							</label>
							<input
								id="assign-days"
								name="dueDays"
								type="number"
								min={1}
								max={730}
								defaultValue={30}
								{...errorAria(fields.dueDays)}
								className={`${controlClass} w-28`}
							/>
							<FieldErrors field={fields.dueDays} />
						</div>
						<SubmitButton name="intent" value="assign" variant="secondary">
							Assign
						</SubmitButton>
					</div>
					{filter.status === 'invited' ? null : (
						<div className="flex flex-wrap items-end gap-3">
							<SubmitButton
								name="intent"
								value={filter.status === 'deactivated' ? 'reactivate' : 'deactivate'}
								variant="secondary"
							>
								{filter.status === 'deactivated' ? 'Reactivate the people ticked' : 'Deactivate the people ticked'}
							</SubmitButton>
							<p className="text-sm text-ink-muted">
								{filter.status === 'deactivated'
									? 'They get the organisation’s assignments and reports again.'
									: 'They keep their account and credentials but leave the organisation’s assignments, reminders and reports.'}
							</p>
						</div>
					)}
				</Form>
				<Pager page={filter.page} pages={pages} search={search} />
			</section>
		</div>
	)
}
