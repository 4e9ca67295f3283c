/**
 * SCIM 2.0 as the wire speaks it (RFC 7643, RFC 7644): the schema URNs, the error answer, the list
 * answer, the filters identity providers send (`attribute eq "value"`), paging, and the PATCH request
 * in the shapes Microsoft Entra ID and Okta send (operation names in any case, `active` as a boolean or
 * as the string "True"/"False", a path or a value object). Pure functions over plain data.
 */
import { z } from 'zod'

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User'
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group'
export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse'
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error'
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'

export type ScimType =
	| 'invalidFilter'
	| 'tooMany'
	| 'uniqueness'
	| 'mutability'
	| 'invalidSyntax'
	| 'invalidPath'
	| 'noTarget'
	| 'invalidValue'

/** A refusal, answered with the SCIM error schema (RFC 7644, 3.12). */
export class ScimError extends Error {
	constructor(
		readonly status: number,
		detail: string,
		readonly scimType?: ScimType,
	) {
		super(detail)
	}
}

export function errorBody(error: ScimError) {
	return {
		schemas: [ERROR_SCHEMA],
		status: String(error.status),
		...(error.scimType ? { scimType: error.scimType } : {}),
		detail: error.message,
	}
}

export const DEFAULT_COUNT = 100
export const MAX_COUNT = 200

/** `startIndex` (1-based) and `count` from the query, as RFC 7644 3.4.2.4 reads them. */
export function paging(search: URLSearchParams) {
	const start = Number.parseInt(search.get('startIndex') ?? '1', 10)
	const count = Number.parseInt(search.get('count') ?? String(DEFAULT_COUNT), 10)
	return {
		startIndex: Number.isFinite(start) && start >= 1 ? start : 1,
		count: Number.isFinite(count) ? Math.min(Math.max(count, 0), MAX_COUNT) : DEFAULT_COUNT,
	}
}

export function listBody(resources: unknown[], total: number, startIndex: number) {
	return {
		schemas: [LIST_SCHEMA],
		totalResults: total,
		startIndex,
		itemsPerPage: resources.length,
		Resources: resources,
	}
}

/** An equality filter: the attribute as sent (lower-cased) and the value. */
export type EqualityFilter = { attribute: string; value: string }

/**
 * Reads `filter` when it is one equality on an attribute in `allowed` (lower-cased names), the only
 * filters the identity providers send to find a person or group before creating it. Anything else is
 * a 400 invalidFilter, which they report clearly.
 */
export function parseFilter(filter: string | null, allowed: readonly string[]): EqualityFilter | null {
	if (filter === null || filter.trim() === '') return null
	const match = /^\s*([A-Za-z][\w.:[\]" -]*?)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i.exec(filter)
	const attribute = match?.[1]?.toLowerCase().replace(/\s+/g, ' ')
	if (!match || !attribute || !allowed.includes(attribute)) {
		throw new ScimError(
			400,
			`This filter is not supported: use ${allowed.map((a) => `${a} eq "…"`).join(' or ')}.`,
			'invalidFilter',
		)
	}
	return { attribute, value: JSON.parse(`"${match[2]}"`) as string }
}

/** A boolean as Entra ID may send it in a PATCH: true, false, "True" or "False". */
export function readBoolean(value: unknown, attribute: string): boolean {
	if (typeof value === 'boolean') return value
	if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true'
	throw new ScimError(400, `${attribute} must be true or false.`, 'invalidValue')
}

const patchOperation = z.object({
	op: z
		.string()
		.transform((op) => op.toLowerCase())
		.pipe(z.enum(['add', 'replace', 'remove'])),
	path: z.string().max(300).optional(),
	value: z.unknown().optional(),
})

const patchRequest = z.object({
	schemas: z.array(z.string()).refine((schemas) => schemas.includes(PATCH_SCHEMA), `schemas must hold ${PATCH_SCHEMA}`),
	Operations: z.array(patchOperation).min(1).max(500),
})

export type PatchOperation = z.infer<typeof patchOperation>

export function readPatch(body: unknown): PatchOperation[] {
	const parsed = patchRequest.safeParse(body)
	if (!parsed.success) {
		throw new ScimError(
			400,
			`This is not a SCIM PATCH request: ${parsed.error.issues[0]?.message ?? 'unreadable'}.`,
			'invalidSyntax',
		)
	}
	return parsed.data.Operations
}

/** Any text holding a NUL, which no name or address holds and PostgreSQL refuses. */
export function holdsNul(value: unknown): boolean {
	if (typeof value === 'string') return value.includes('\u0000')
	if (Array.isArray(value)) return value.some(holdsNul)
	if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => holdsNul(k) || holdsNul(v))
	return false
}
