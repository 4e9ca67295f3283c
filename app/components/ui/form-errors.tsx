import { useForm, type SubmissionResult } from '@conform-to/react'
import { ErrorList } from './field'

/** What a form shows before it is sent and after it was accepted: no errors. */
const NO_RESULT: SubmissionResult<string[]> = { status: 'success', error: {} }

/**
 * A form checked on the server only (its schema is the server's): conform keeps the errors of the
 * last answer with their fields, and drops them once a later answer accepts the form. The browser's
 * own checks (required, min, max) stay on, as the form is not given conform's `noValidate`.
 */
export function useServerForm<Fields extends Record<string, unknown>>({
	id,
	lastResult,
}: {
	id: string
	lastResult: SubmissionResult<string[]> | undefined
}) {
	return useForm<Fields>({ id, lastResult: lastResult ?? NO_RESULT, shouldValidate: 'onSubmit' })
}

type FieldErrorsMeta = { errorId: string; errors?: string[] | undefined }

/** `aria-invalid` and `aria-describedby` for a control whose field has errors (after its own description). */
export function errorAria(field: FieldErrorsMeta, describedBy?: string) {
	const invalid = Boolean(field.errors?.length)
	const ids = [describedBy, invalid ? field.errorId : undefined].filter(Boolean).join(' ')
	return { 'aria-invalid': invalid || undefined, 'aria-describedby': ids || undefined }
}

/** The errors of a field (or, with the form's `errorId`, of the form), announced when they appear. */
export function FieldErrors({ field, className }: { field: FieldErrorsMeta; className?: string }) {
	if (!field.errors?.length) return null
	return (
		<div role="alert" className={className}>
			<ErrorList id={field.errorId} errors={field.errors} />
		</div>
	)
}
