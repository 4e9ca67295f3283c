/**
 * React Router's Node entry (its default one, as of 7.18, with its render timeout) with three
 * changes: every inline script React Router and React render carries this response's
 * Content-Security-Policy nonce; a refused request body is not logged as an error; and each page is
 * sent whole once rendered, instead of streamed. No page of this site defers data, so streaming
 * sent nothing earlier, while turning React's many small chunks into a web stream and back cost
 * about a tenth of a lesson page's server time.
 */
import { Writable } from 'node:stream'
import { renderToPipeableStream } from 'react-dom/server'
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
import { logger } from './log.server'

export const streamTimeout = 5_000

/**
 * React Router's default (log, unless the client went away), except for a body the server refused
 * as too large while the route was reading it: that request was already answered with a 413.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
	if (request.signal.aborted || error instanceof BodyTooLargeError) return
	// A method the route does not take (a POST where there is no action) is the client's mistake.
	if (isRouteErrorResponse(error) && error.status === 405) return
	// React Router keeps the underlying error of its own error responses (a 405, say) in `error`.
	const underlying = isRouteErrorResponse(error) ? (error as { error?: unknown }).error : undefined
	logger.error({ err: underlying ?? error }, 'Request failed')
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

		// Abort the render after streamTimeout, leaving time to flush the rejected boundaries.
		let timeoutId: ReturnType<typeof setTimeout> | undefined = setTimeout(() => abort(), streamTimeout + 1000)

		const { pipe, abort } = renderToPipeableStream(
			<NonceProvider value={nonce ?? ''}>
				<ServerRouter context={routerContext} url={request.url} nonce={nonce} />
			</NonceProvider>,
			{
				nonce,
				onShellReady() {
					shellRendered = true
				},
				onAllReady() {
					const chunks: Buffer[] = []
					const page = new Writable({
						write(chunk: Buffer, _encoding, callback) {
							chunks.push(chunk)
							callback()
						},
						final(callback) {
							// Clear the timeout so its closure is not retained.
							clearTimeout(timeoutId)
							timeoutId = undefined
							responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
							resolve(new Response(Buffer.concat(chunks), { headers: responseHeaders, status: responseStatusCode }))
							callback()
						},
					})
					pipe(page)
				},
				onShellError(error: unknown) {
					reject(error)
				},
				onError(error: unknown) {
					responseStatusCode = 500
					// Errors in the shell reject and are logged by React Router; only log the later ones.
					if (shellRendered) logger.error({ err: error }, 'Rendering failed')
				},
			},
		)
	})
}
