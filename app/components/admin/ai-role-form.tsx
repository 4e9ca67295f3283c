import type { SubmissionResult } from '@conform-to/react'
import { Form } from 'react-router'
import { Field } from '../ui/field'
import { errorAria, FieldErrors, useServerForm } from '../ui/form-errors'
import { SubmitButton } from '../ui/submit-button'

export type AiRoleFormValues = {
	name: string
	description: string
	refreshMonths: number | null
	dueDays: number
	pathSlugs: string[]
}

type Fields = { name: string; description: string; refreshMonths: string; dueDays: string; pathSlugs: string[] }

/** The fields of an AI-use role: what people do with AI, the paths it requires, its refresh and its days. */
export function AiRoleForm({
	id,
	intent,
	submitLabel,
	paths,
	values,
	lastResult,
}: {
	id: string
	intent: string
	submitLabel: string
	paths: Array<{ slug: string; title: string }>
	values?: AiRoleFormValues
	lastResult: SubmissionResult<string[]> | undefined
}) {
	const [form, fields] = useServerForm<Fields>({ id, lastResult })
	return (
		<Form method="post" id={form.id} className="flex flex-col gap-4">
			<input type="hidden" name="intent" value={intent} />
			<FieldErrors field={{ errorId: form.errorId, errors: form.errors }} />
			<Field
				id={`${id}-name`}
				label="Name"
				description="How people use AI in this role, e.g. “Uses AI in hiring decisions”."
				errors={fields.name.errors}
				inputProps={{ name: 'name', defaultValue: values?.name ?? '', required: true, maxLength: 80 }}
			/>
			<div className="flex flex-col gap-1.5">
				<label htmlFor={`${id}-description`} className="text-sm font-medium">
					What people in this role do with AI
				</label>
				<textarea
					id={`${id}-description`}
					name="description"
					rows={3}
					required
					maxLength={600}
					defaultValue={values?.description ?? ''}
					{...errorAria(fields.description)}
					className="rounded-control border border-line bg-surface px-3 py-2 text-base text-ink"
				/>
				<FieldErrors field={fields.description} className="text-sm" />
			</div>
			<fieldset className="flex flex-col gap-2" {...errorAria(fields.pathSlugs)}>
				<legend className="text-sm font-medium">Required paths</legend>
				{paths.map((p) => (
					<div key={p.slug} className="flex items-center gap-2">
						<input
							id={`${id}-path-${p.slug}`}
							type="checkbox"
							name="pathSlugs"
							value={p.slug}
							defaultChecked={values?.pathSlugs.includes(p.slug) ?? false}
							className="size-5 shrink-0"
						/>
						<label htmlFor={`${id}-path-${p.slug}`}>{p.title}</label>
					</div>
				))}
				<FieldErrors field={fields.pathSlugs} className="text-sm" />
			</fieldset>
			<div className="grid gap-4 sm:grid-cols-2">
				<Field
					id={`${id}-refresh`}
					label="Refresh every (months)"
					description="Leave empty if the training does not need repeating."
					errors={fields.refreshMonths.errors}
					inputProps={{
						name: 'refreshMonths',
						type: 'number',
						min: 1,
						max: 60,
						defaultValue: values?.refreshMonths ?? '',
					}}
				/>
				<Field
					id={`${id}-due`}
					label="Days to complete"
					description="From the day someone comes to hold the role."
					errors={fields.dueDays.errors}
					inputProps={{
						name: 'dueDays',
						type: 'number',
						min: 1,
						max: 365,
						required: true,
						defaultValue: values?.dueDays ?? 30,
					}}
				/>
			</div>
			<SubmitButton className="self-start">{submitLabel}</SubmitButton>
		</Form>
	)
}
