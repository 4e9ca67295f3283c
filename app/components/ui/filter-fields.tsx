import { Link } from 'react-router'
import { errorAria, FieldErrors } from './form-errors'

/** The look of a text box or choice in the app's forms (it shrinks to fit narrow screens). */
export const controlClass =
	'min-h-11 w-full max-w-full rounded-control border border-line bg-surface px-3 py-2 text-ink'

/**
 * A labelled choice. `placeholder` is an empty first option: selectable ("any", "no team") or,
 * with `placeholderDisabled`, only a prompt ("Choose a path"). `field`: its errors, from the form.
 */
export function SelectField({
	id,
	name,
	label,
	options,
	defaultValue = '',
	placeholder,
	placeholderDisabled = false,
	required,
	field,
}: {
	id: string
	name: string
	label: string
	options: Array<readonly [string, string]>
	defaultValue?: string | undefined
	placeholder?: string
	placeholderDisabled?: boolean
	required?: boolean
	field?: { errorId: string; errors?: string[] | undefined } | undefined
}) {
	return (
		<div className="flex min-w-0 max-w-full flex-col gap-1.5">
			<label htmlFor={id} className="text-sm font-medium">
				{label}
			</label>
			<select
				id={id}
				name={name}
				defaultValue={defaultValue}
				required={required}
				{...(field ? errorAria(field) : {})}
				className={`${controlClass} w-full`}
			>
				{placeholder === undefined ? null : (
					<option value="" disabled={placeholderDisabled}>
						{placeholder}
					</option>
				)}
				{options.map(([value, text]) => (
					<option key={value} value={value}>
						{text}
					</option>
				))}
			</select>
			{field ? <FieldErrors field={field} /> : null}
		</div>
	)
}

/** A labelled choice in a GET filter form; the empty value means "no filter". */
export function FilterSelect({
	name,
	label,
	value,
	options,
	anyLabel = 'Any',
}: {
	name: string
	label: string
	value?: string | undefined
	options: Array<readonly [string, string]>
	anyLabel?: string
}) {
	return (
		<SelectField
			id={`filter-${name}`}
			name={name}
			label={label}
			options={options}
			defaultValue={value ?? ''}
			placeholder={anyLabel}
		/>
	)
}

/** A labelled text, search or date box in a GET filter form. */
export function FilterInput({
	name,
	label,
	value,
	type = 'text',
	maxLength,
	className,
}: {
	name: string
	label: string
	value?: string | undefined
	type?: 'text' | 'search' | 'date'
	maxLength?: number
	className?: string
}) {
	return (
		<div className={`flex min-w-0 flex-col gap-1.5 ${className ?? ''}`}>
			<label htmlFor={`filter-${name}`} className="text-sm font-medium">
				{label}
			</label>
			<input
				id={`filter-${name}`}
				name={name}
				type={type}
				defaultValue={value ?? ''}
				maxLength={maxLength}
				className={`${controlClass} w-full`}
			/>
		</div>
	)
}

/** Previous and next links that keep the current filters (`search` is the page's query string). */
export function Pager({ page, pages, search }: { page: number; pages: number; search: string }) {
	if (pages <= 1) return null
	const href = (to: number) => {
		const params = new URLSearchParams(search)
		params.set('page', String(to))
		return `?${params}`
	}
	return (
		<nav aria-label="Pages" className="flex items-center gap-4">
			{page > 1 ? <Link to={href(page - 1)}>Previous page</Link> : null}
			<span>
				Page {page} of {pages}
			</span>
			{page < pages ? <Link to={href(page + 1)}>Next page</Link> : null}
		</nav>
	)
}
