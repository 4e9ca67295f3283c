import { data, Form, Link, useActionData, useLoaderData } from 'react-router'
import { z } from 'zod'
import type { Route } from './+types/skills-gap'
import { requireAdminMembership, requireUser } from '~/auth/auth.server'
import { pageTitle } from '~/components/page-title'
import { Alert } from '~/components/ui/alert'
import { Card } from '~/components/ui/card'
import { cx } from '~/components/ui/cx'
import { DataTable } from '~/components/ui/data-table'
import { ErrorList } from '~/components/ui/field'
import { controlClass, SelectField } from '~/components/ui/filter-fields'
import { errorAria, FieldErrors, useServerForm } from '~/components/ui/form-errors'
import { SubmitButton } from '~/components/ui/submit-button'
import { redirectWithFlash } from '~/http/flash.server'
import { formError, formReply, parseForm } from '~/http/form-submission'
import { COVERAGE_BANDS, coverageBand, NEAR_POINTS, type GapStatus } from '~/orgs/skills-gap'
import {
	getSkillsGap,
	removeTarget,
	setTarget,
	targetableSkills,
	TargetError,
	targetSchema,
} from '~/orgs/skills-gap.server'

export const meta: Route.MetaFunction = () => pageTitle('Skills gap · Admin')

export async function loader({ context }: Route.LoaderArgs) {
	const membership = requireAdminMembership(context)
	const gap = await getSkillsGap(membership.orgId)
	return {
		...gap,
		choices: targetableSkills().map((s) => ({ id: s.id, label: s.label })),
	}
}

const removeSchema = z.object({
	teamId: z.string().min(1).max(40),
	skillId: z.string().min(1).max(120),
})

/** A target as sent: a field left out reads as an empty one. */
const setSchema = z.object({
	teamId: z.preprocess((value) => value ?? '', targetSchema.shape.teamId),
	skillId: z.preprocess((value) => value ?? '', targetSchema.shape.skillId),
	targetPercent: z.preprocess((value) => value ?? '', targetSchema.shape.targetPercent),
})

const TARGET_FIELDS = ['teamId', 'skillId', 'targetPercent']

export async function action({ request, context }: Route.ActionArgs) {
	const { user } = requireUser(context, request)
	const membership = requireAdminMembership(context)
	const formData = await request.formData()
	const actor = { id: user.id, name: user.name }
	try {
		if (formData.get('intent') === 'remove') {
			const submission = parseForm(formData, { schema: removeSchema, disableAutoCoercion: true })
			if (submission.status !== 'success')
				return data({ result: formError('This request is not valid.') }, { status: 400 })
			await removeTarget(membership.orgId, actor, submission.value.teamId, submission.value.skillId)
			return redirectWithFlash('/admin/skills-gap', { kind: 'success', message: 'Target removed.' })
		}
		const submission = parseForm(formData, { schema: setSchema, disableAutoCoercion: true })
		if (submission.status !== 'success')
			return data({ result: formReply(submission, { fields: TARGET_FIELDS }) }, { status: 400 })
		await setTarget(membership.orgId, actor, submission.value)
		return redirectWithFlash('/admin/skills-gap', { kind: 'success', message: 'Target saved.' })
	} catch (error) {
		if (error instanceof TargetError) return data({ result: formError(error.message) }, { status: 400 })
		throw error
	}
}

const STATUS: Record<GapStatus, { label: string; mark: string; className: string }> = {
	met: { label: 'Target met', mark: '✓', className: 'ring-2 ring-inset ring-success' },
	near: { label: `Within ${NEAR_POINTS} points`, mark: '≈', className: 'ring-2 ring-inset ring-warning' },
	below: { label: 'Below target', mark: '✗', className: 'ring-2 ring-inset ring-danger' },
	none: { label: 'No target', mark: '', className: '' },
}

/**
 * The graded scale: the more of the team holds the skill, the deeper the blue. Fixed colours (the
 * same in the dark theme) with text chosen for contrast on each.
 */
const BAND_CLASSES = [
	'bg-[#f1f6fe] text-[#0f172a]',
	'bg-[#d3e3fb] text-[#0f172a]',
	'bg-[#9fc0f3] text-[#0f172a]',
	'bg-[#3468c8] text-white',
	'bg-[#1a3f94] text-white',
] as const

export default function SkillsGapPage() {
	const { skills, rows, summary, targets, choices } = useLoaderData<typeof loader>()
	const [form, fields] = useServerForm<{ teamId: string; skillId: string; targetPercent: string }>({
		id: 'target',
		lastResult: useActionData<typeof action>()?.result,
	})
	return (
		<div className="flex flex-col gap-6">
			<h1 className="text-3xl font-bold">Skills gap</h1>
			<p className="max-w-prose">
				Each cell is the share of the team’s active members who hold the skill verified today (a valid credential that
				attests it), against the team’s target.
				{summary.targets > 0
					? ` ${summary.met} of ${summary.targets} targets met.`
					: ' No targets yet: every skill a path attests is shown; set targets below.'}
			</p>
			{form.errors?.length ? (
				<Alert tone="error" role="alert">
					<ErrorList id={form.errorId} errors={form.errors} />
				</Alert>
			) : null}
			<section aria-labelledby="heatmap-heading" className="flex flex-col gap-3">
				<h2 id="heatmap-heading" className="text-xl font-semibold">
					Teams and skills
				</h2>
				<div className="flex flex-col gap-2 text-sm">
					<p id="scale-legend" className="font-medium">
						Share of the team holding the skill
					</p>
					<ul aria-labelledby="scale-legend" className="flex flex-wrap gap-1">
						{COVERAGE_BANDS.map((band, i) => (
							<li key={band.from} className={cx('rounded-control px-2 py-1 tabular-nums', BAND_CLASSES[i])}>
								{band.from}–{band.to}%
							</li>
						))}
					</ul>
					<ul aria-label="Targets" className="flex flex-wrap gap-2">
						{(['met', 'near', 'below'] as const).map((s) => (
							<li key={s} className={cx('rounded-control bg-surface px-2 py-1 text-ink', STATUS[s].className)}>
								{STATUS[s].mark} {STATUS[s].label}
							</li>
						))}
					</ul>
				</div>
				{rows.length === 0 ? (
					<p className="text-ink-muted">There are no teams yet.</p>
				) : (
					<DataTable
						columns={[
							'Team',
							'People',
							...skills.map((s) => (
								<Link key={s.id} to={s.pagePath} className="inline-block min-w-28">
									{s.label}
								</Link>
							)),
						]}
						caption="Skills coverage by team against targets"
					>
						{rows.map((r) => (
							<tr key={r.teamId} className="border-b border-line last:border-0">
								<th scope="row" className="py-2 pr-3 font-normal">
									{r.name}
								</th>
								<td className="py-2 pr-3">{r.members}</td>
								{r.cells.map((c, i) => (
									<td
										key={skills[i]!.id}
										className={cx(
											'border border-line px-2 py-2 text-sm',
											BAND_CLASSES[coverageBand(c.percent)],
											STATUS[c.status].className,
										)}
									>
										<span className="font-semibold">{c.percent}%</span>
										{c.target === null ? null : (
											<>
												{' '}
												<span aria-hidden="true">{STATUS[c.status].mark}</span>
												<span className="block">target {c.target}%</span>
												<span className="sr-only">{STATUS[c.status].label}</span>
											</>
										)}
										<span className="block text-xs">
											{c.holders} of {r.members}
										</span>
									</td>
								))}
							</tr>
						))}
					</DataTable>
				)}
			</section>
			<Card aria-labelledby="target-heading" className="flex flex-col gap-4">
				<h2 id="target-heading" className="text-xl font-semibold">
					Set a target
				</h2>
				<Form method="post" id={form.id} className="flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:items-end">
					<SelectField
						id="target-team"
						name="teamId"
						label="Team"
						placeholder="Choose a team"
						placeholderDisabled
						required
						options={rows.map((r) => [r.teamId, r.name] as const)}
						field={fields.teamId}
					/>
					<SelectField
						id="target-skill"
						name="skillId"
						label="Skill"
						placeholder="Choose a skill"
						placeholderDisabled
						required
						options={choices.map((s) => [s.id, s.label] as const)}
						field={fields.skillId}
					/>
					<div className="flex flex-col gap-1.5">
						<label htmlFor="target-percent" className="text-sm font-medium">
							Target (% of the team)
						</label>
						<input
							id="target-percent"
							name="targetPercent"
							type="number"
							min={1}
							max={100}
							required
							defaultValue={80}
							{...errorAria(fields.targetPercent)}
							className={`${controlClass} w-28`}
						/>
						<FieldErrors field={fields.targetPercent} />
					</div>
					<SubmitButton name="intent" value="set">
						Save target
					</SubmitButton>
				</Form>
				{targets.length > 0 ? (
					<DataTable columns={['Team', 'Skill', 'Target', <span className="sr-only">Remove</span>]} caption="Targets">
						{targets.map((t) => (
							<tr key={`${t.teamId}|${t.skillId}`} className="border-b border-line last:border-0">
								<th scope="row" className="py-2 pr-3 font-normal">
									{t.teamName ?? 'Archived team'}
								</th>
								<td className="py-2 pr-3">{t.skillLabel}</td>
								<td className="py-2 pr-3">{t.targetPercent}%</td>
								<td className="py-2 pr-3">
									<Form method="post">
										<input type="hidden" name="teamId" value={t.teamId} />
										<input type="hidden" name="skillId" value={t.skillId} />
										<SubmitButton
											name="intent"
											value="remove"
											variant="secondary"
											aria-label={`Remove the target for ${t.skillLabel} in ${t.teamName ?? 'an archived team'}`}
										>
											Remove
										</SubmitButton>
									</Form>
								</td>
							</tr>
						))}
					</DataTable>
				) : null}
			</Card>
		</div>
	)
}
