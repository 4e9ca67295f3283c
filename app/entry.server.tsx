/**
 * React Router's Node entry (its default one, as of 7.18, bots and streaming timeout included) with
 * two additions: every inline script React Router and React render carries this response's
 * Content-Security-Policy nonce, and a refused request body is not logged as an error.
 */
import { PassThrough } from 'node:stream'
import { createReadableStreamFromReadable } from '@react-router/node'
import { isbot } from 'isbot'
import { renderToPipeableStream, type RenderToPipeableStreamOptions } from 'react-dom/server'
import {
	isRouteErrorResponse,
	ServerRouter,
	type EntryContext,
	type HandleErrorFunction,
	type RouterContextProvider,
} from 'react-router'
import { NonceProvider } from './components/nonce'
import { BodyTooLargeError } from './http/bounded-form.server'
import { cspNonceContext } from './http/request-context'

export const streamTimeout = 5_000

/**
 * React Router's default (log, unless the client went away), except for a body the server refused
 * as too large while the route was reading it: that request was already answered with a 413.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
	if (request.signal.aborted || error instanceof BodyTooLargeError) return
	// React Router keeps the underlying error of its own error responses (a 405, say) in `error`.
	const underlying = isRouteErrorResponse(error) ? (error as { error?: unknown }).error : undefined
	console.error(underlying ?? error)
}

export default function handleRequest(
	request: Request,
	responseStatusCode: number,
	responseHeaders: Headers,
	routerContext: EntryContext,
	loadContext: RouterContextProvider,
) {
	// https://httpwg.org/specs/rfc9110.html#HEAD
	if (request.method.toUpperCase() === 'HEAD') {
		return new Response(null, { status: responseStatusCode, headers: responseHeaders })
	}
	const nonce = loadContext.get(cspNonceContext) || undefined

	return new Promise<Response>((resolve, reject) => {
		let shellRendered = false
		const userAgent = request.headers.get('user-agent')

		// Bots and SPA mode wait for all content, so crawlers get the whole page at once.
		const readyOption: keyof RenderToPipeableStreamOptions =
			(userAgent && isbot(userAgent)) || routerContext.isSpaMode ? 'onAllReady' : 'onShellReady'

		// Abort the render after streamTimeout, leaving time to flush the rejected boundaries.
		let timeoutId: ReturnType<typeof setTimeout> | undefined = setTimeout(() => abort(), streamTimeout + 1000)

		const { pipe, abort } = renderToPipeableStream(
			<NonceProvider value={nonce ?? ''}>
				<ServerRouter context={routerContext} url={request.url} nonce={nonce} />
			</NonceProvider>,
			{
				nonce,
				[readyOption]() {
					shellRendered = true
					const body = new PassThrough({
						final(callback) {
							// Clear the timeout so its closure is not retained.
							clearTimeout(timeoutId)
							timeoutId = undefined
							callback()
						},
					})
					const stream = createReadableStreamFromReadable(body)
					responseHeaders.set('Content-Type', 'text/html')
					pipe(body)
					resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }))
				},
				onShellError(error: unknown) {
					reject(error)
				},
				onError(error: unknown) {
					responseStatusCode = 500
					// Errors in the shell reject and are logged by React Router; only log the later ones.
					if (shellRendered) console.error(error)
				},
			},
		)
	})
}
