/**
 * A request that meets a database that does not answer (app/db/unavailable.server.ts recognises its
 * errors) is answered 503 "temporarily unavailable" with the error page, or as data, instead of 500:
 * the state passes, and the page says to try again in a moment. This is the one place that says so,
 * around every route module's loader, action and middleware; the database code throws its errors as
 * they are.
 *
 * Why the route modules, and not a root middleware or an error boundary (React Router 7.18 with
 * middleware on): an error thrown by a loader, action or deeper middleware never comes out of a
 * middleware's `next()` (React Router puts it in the render context's errors); instrumentations
 * cannot change a result; and in production the server replaces every Error in those errors with a
 * sanitized "Unexpected Server Error" before rendering, so the error boundary cannot tell why. A
 * thrown Response is what React Router answers with its status, on pages, form posts and `.data`
 * requests alike. See docs/decisions/004-sqlite-default-postgresql-for-scale.md.
 */
import type { MiddlewareFunction, ServerBuild } from 'react-router'
import { databaseUnavailability } from '../db/unavailable.server'

export const UNAVAILABLE_MESSAGE = 'Skillproof cannot reach its database right now. Try again in a moment.'
export const CANNOT_WRITE_MESSAGE =
	'Skillproof cannot save anything right now: its storage is full or read-only. Nothing was changed; try again later.'

/** The 503 answer for an unavailable database (logged once, briefly); any other error, unchanged. */
export function toUnavailableResponse(error: unknown): unknown {
	const reason = databaseUnavailability(error)
	if (!reason) return error
	const detail = error instanceof Error ? error.message : error
	if (reason === 'cannot-write') {
		console.error('The database cannot write (disk full, read-only or an I/O error):', detail)
		return Response.json({ message: CANNOT_WRITE_MESSAGE }, { status: 503, headers: { 'Retry-After': '60' } })
	}
	console.error('The database is unavailable:', detail)
	return Response.json({ message: UNAVAILABLE_MESSAGE }, { status: 503, headers: { 'Retry-After': '5' } })
}

/** `handler`, rethrowing an unavailable database's error as the 503 answer. */
function answering503<Args extends unknown[], Result>(handler: (...args: Args) => Result) {
	return async (...args: Args): Promise<Awaited<Result>> => {
		try {
			return await handler(...args)
		} catch (error) {
			throw toUnavailableResponse(error)
		}
	}
}

type RouteModule = NonNullable<ServerBuild['routes'][string]>['module']

function answeringModule(module: RouteModule): RouteModule {
	const { loader, action, middleware } = module
	if (!loader && !action && !middleware) return module
	// Route modules are frozen module namespaces: a new object with the same exports, three replaced.
	return {
		...module,
		...(loader && { loader: answering503(loader) }),
		...(action && { action: answering503(action) }),
		...(middleware && {
			middleware: middleware.map((fn): MiddlewareFunction<Response> => answering503(fn)),
		}),
	}
}

/**
 * The server build whose route modules answer 503 when their loader, action or middleware met an
 * unavailable database; everything else in it, and every other error, as it was.
 */
export function answerUnavailableDatabaseWith503(build: ServerBuild): ServerBuild {
	const routes: ServerBuild['routes'] = {}
	for (const [id, route] of Object.entries(build.routes)) {
		routes[id] = route && { ...route, module: answeringModule(route.module) }
	}
	return { ...build, routes }
}
