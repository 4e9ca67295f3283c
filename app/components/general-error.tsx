import { isRouteErrorResponse, Link, useRouteError } from 'react-router'

const MESSAGES: Record<number, { title: string; body: string }> = {
	400: {
		title: 'That request was not valid',
		body: 'Something in the request could not be understood. Go back and try again.',
	},
	401: { title: 'Please sign in', body: 'You need to sign in to see this page.' },
	403: { title: 'You do not have access', body: 'Your account is not allowed to open this page.' },
	404: {
		title: 'Page not found',
		body: 'We could not find the page you asked for. It may have moved, or the link may be wrong.',
	},
	405: { title: 'Not allowed', body: 'This page does not accept that kind of request.' },
	413: { title: 'Too much data', body: 'What you sent is larger than this page accepts.' },
	415: { title: 'Not a form', body: 'This page accepts only what its own form sends. Go back and use the form.' },
	429: { title: 'Too many requests', body: 'Please wait a moment and try again.' },
	503: {
		title: 'Temporarily unavailable',
		body: 'Skillproof cannot reach its database right now. Try again in a minute.',
	},
}
const FALLBACK = {
	title: 'Something went wrong',
	body: 'An unexpected error happened on our side. Try again in a moment.',
}

function messageFromData(value: unknown): string | null {
	if (value && typeof value === 'object' && 'message' in value && typeof value.message === 'string')
		return value.message
	return null
}

/** The one error view: a clear message per HTTP status, and nothing internal in production. */
export function GeneralError() {
	const error = useRouteError()
	const status = isRouteErrorResponse(error) ? error.status : 500
	const known = MESSAGES[status] ?? FALLBACK
	const detail = isRouteErrorResponse(error) ? messageFromData(error.data) : null
	// On the server, entry.server.tsx's handleError has logged the error already.
	if (!isRouteErrorResponse(error) && typeof document !== 'undefined') console.error(error)
	return (
		<section aria-labelledby="error-title" className="mx-auto max-w-xl py-12">
			<p className="text-sm font-semibold text-ink-muted">Error {status}</p>
			<h1 id="error-title" className="mt-2 text-3xl font-bold">
				{known.title}
			</h1>
			<p className="mt-4 text-ink-muted">{detail ?? known.body}</p>
			<p className="mt-8">
				<Link to="/">Go to the home page</Link>
			</p>
		</section>
	)
}
