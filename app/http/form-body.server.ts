import { data, type MiddlewareFunction } from 'react-router'
import { BodyTooLargeError } from './bounded-form.server'
import { isJsonApi } from './origin'

const READS_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const NUL_MESSAGE = 'This form holds a character no form uses. Reload the page and send it again.'

/**
 * Root middleware: no page or id holds a NUL character, and PostgreSQL refuses one in any text it
 * is asked to compare, so an address with one (`/paths/x/assessment/%00`) is a 400 before any
 * route looks an id up, rather than a 500 from the database.
 */
export const nulInAddressMiddleware: MiddlewareFunction<Response> = async ({ request }, next) => {
	if (/%00/.test(new URL(request.url).pathname + new URL(request.url).search))
		throw data({ message: 'This address holds a character no page uses.' }, { status: 400 })
	return next()
}

/**
 * Root middleware: every action reads a form (but the JSON APIs: a wallet's exchange, SCIM), so a
 * request whose body cannot be one is answered
 * before any route reads it — 415 for a body that is not a form (JSON, text, no Content-Type) and
 * 400 for a multipart body that does not parse — instead of a 500 from the route's `formData()`.
 * No form field holds a NUL character, and PostgreSQL refuses one in any text it stores or compares,
 * so a form with one is a 400 here, whichever field and route, rather than a 500 from the database.
 * The body is read twice (a copy, here): forms are small (at most 1 MB, server/body-limit.ts).
 */
export const formBodyMiddleware: MiddlewareFunction<Response> = async ({ request }, next) => {
	if (!READS_BODY.has(request.method)) return next()
	const type = (request.headers.get('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase()
	// The APIs (a wallet's exchange, SCIM) are not forms: they read and check their JSON themselves.
	const json = type === 'application/json' || type === 'application/scim+json' || type === ''
	if (json && isJsonApi(new URL(request.url).pathname)) return next()
	if (type !== 'application/x-www-form-urlencoded' && type !== 'multipart/form-data') {
		throw data(
			{ message: 'This address accepts only forms. Reload the page and send the form again.' },
			{ status: 415 },
		)
	}
	let holdsNul: boolean
	try {
		if (type === 'application/x-www-form-urlencoded') {
			// URL-encoded bodies always parse; a NUL is `%00` or, sent raw, the byte itself.
			const text = await request.clone().text()
			holdsNul = /%00/i.test(text) || text.includes('\u0000')
		} else {
			const form = await request.clone().formData()
			holdsNul = [...form.values()].some((value) => typeof value === 'string' && value.includes('\u0000'))
		}
	} catch (error) {
		if (error instanceof BodyTooLargeError) throw error
		throw data({ message: 'The form could not be read. Reload the page and send it again.' }, { status: 400 })
	}
	if (holdsNul) throw data({ message: NUL_MESSAGE }, { status: 400 })
	return next()
}
