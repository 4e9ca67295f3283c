import { data } from 'react-router'

/** Throws an HTTP error response (404 by default) when `condition` is falsy. */
export function invariantResponse(
	condition: unknown,
	message: string,
	init: ResponseInit = { status: 404 },
): asserts condition {
	if (!condition) throw data({ message }, init)
}
