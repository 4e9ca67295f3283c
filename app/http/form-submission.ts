/**
 * Every action reads its form with conform's zod integration, through these helpers, and the
 * browser uses the same ones to check a form before sending it.
 */
import type { SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import type { $ZodType } from 'zod/v4/core'

/**
 * conform reads `__intent__` and `__state__` as JSON of its own and a name with `.` or `[` as a path
 * into nested values (`a[99999999]` would be an array that long). No form of the site uses either,
 * so such fields are left out, as fields a form does not have: they cannot fail the request.
 */
const NOT_A_FIELD = /[.[\]]|^__(?:intent|state)__$/

export function plainFields(formData: FormData): FormData {
	const names = [...formData.keys()]
	if (!names.some((name) => NOT_A_FIELD.test(name))) return formData
	const plain = new FormData()
	for (const [name, value] of formData) if (!NOT_A_FIELD.test(name)) plain.append(name, value)
	return plain
}

type ParseOptions<Schema extends $ZodType> = {
	schema: Schema
	/**
	 * conform turns an empty text into a missing value and text into numbers for the schema; off for
	 * schemas written for the text as sent (where an empty text means something, or messages speak of it).
	 */
	disableAutoCoercion?: boolean
}

/** The form read by `schema`, as `parseWithZod` does, without the fields no form of the site has. */
export function parseForm<Schema extends $ZodType>(
	formData: FormData,
	{ schema, disableAutoCoercion }: ParseOptions<Schema>,
) {
	return parseWithZod(plainFields(formData), { schema, disableAutoCoercion })
}

/**
 * The answer to a refused form. Errors of fields the page shows a control for stay with the field;
 * errors of any other field (a hidden id, the intent, a field that was not sent) become errors of
 * the form, so the page shows each one somewhere. `formErrors` adds errors of the form itself.
 */
export function formReply(
	submission: { reply: (options?: { formErrors?: string[]; hideFields?: string[] }) => SubmissionResult<string[]> },
	{ fields, formErrors, hideFields }: { fields: readonly string[]; formErrors?: string[]; hideFields?: string[] },
): SubmissionResult<string[]> {
	const result = submission.reply({ ...(formErrors ? { formErrors } : {}), ...(hideFields ? { hideFields } : {}) })
	if (!result.error) return result
	const error: Record<string, string[] | null> = {}
	const others: string[] = []
	for (const [name, messages] of Object.entries(result.error)) {
		if (name !== '' && !fields.includes(name)) others.push(...(messages ?? []))
		else error[name] = messages
	}
	const form = [...(error[''] ?? []), ...others]
	if (form.length > 0) error[''] = form
	return { ...result, error }
}

/** The answer to a form refused as a whole, with one message and no field singled out. */
export function formError(message: string): SubmissionResult<string[]> {
	return { status: 'error', error: { '': [message] } }
}
