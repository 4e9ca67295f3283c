import { data, type MiddlewareFunction } from 'react-router'
import { BodyTooLargeError } from './bounded-form.server'

const READS_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

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
 * Root middleware: every action reads a form, so a request whose body cannot be one is answered
 * before any route reads it — 415 for a body that is not a form (JSON, text, no Content-Type) and
 * 400 for a multipart body that does not parse — instead of a 500 from the route's `formData()`.
 * URL-encoded bodies always parse; only multipart ones are read twice (a copy, here).
 */
export const formBodyMiddleware: MiddlewareFunction<Response> = async ({ request }, next) => {
	if (!READS_BODY.has(request.method)) return next()
	const type = (request.headers.get('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase()
	if (type === 'application/x-www-form-urlencoded') return next()
	if (type !== 'multipart/form-data') {
		throw data(
			{ message: 'This address accepts only forms. Reload the page and send the form again.' },
			{ status: 415 },
		)
	}
	try {
		await request.clone().formData()
	} catch (error) {
		if (error instanceof BodyTooLargeError) throw error
		throw data({ message: 'The form could not be read. Reload the page and send it again.' }, { status: 400 })
	}
	return next()
}
