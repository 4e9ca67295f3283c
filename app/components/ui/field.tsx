import type { ComponentProps, ReactNode } from 'react'
import { cx } from './cx'

type FieldProps = {
	id: string
	label: string
	errors?: string[] | undefined
	description?: ReactNode
	inputProps: ComponentProps<'input'>
}

/** A labelled input with its description and errors wired up for assistive technology. */
export function Field({ id, label, errors, description, inputProps }: FieldProps) {
	const errorId = errors?.length ? `${id}-error` : undefined
	const descriptionId = description ? `${id}-description` : undefined
	return (
		<div className="flex flex-col gap-1.5">
			<label htmlFor={id} className="text-sm font-medium">
				{label}
			</label>
			{description ? (
				<p id={descriptionId} className="text-sm text-ink-muted">
					{description}
				</p>
			) : null}
			<input
				{...inputProps}
				id={id}
				aria-invalid={errorId ? true : undefined}
				aria-describedby={cx(descriptionId, errorId) || undefined}
				className={cx(
					'min-h-11 w-full rounded-control border bg-surface px-3 py-2 text-base text-ink',
					errorId ? 'border-danger' : 'border-line',
					inputProps.className,
				)}
			/>
			<ErrorList id={errorId} errors={errors} />
		</div>
	)
}

export function ErrorList({ id, errors }: { id?: string | undefined; errors?: string[] | undefined }) {
	if (!errors?.length) return null
	return (
		<ul id={id} className="flex flex-col gap-1 text-sm text-danger">
			{errors.map((error) => (
				<li key={error}>{error}</li>
			))}
		</ul>
	)
}
