/**
 * Request body limits, before React Router reads a body: a body over the limit gets a 413. A body
 * with a Content-Length is judged by it (Node never passes on more bytes than it declares); a
 * chunked body is counted as it arrives, and React Router's copy of it fails once it passes the
 * limit, so no route acts on a request that was refused.
 */
import type { Request, RequestHandler, Response } from 'express'
import { BodyTooLargeError } from '../app/http/bounded-form.server'

export type BodyLimitOptions = {
	/** The most any request body may hold, in bytes. */
	limit: number
	/** Larger limits for some paths (as routed: `/verify` also covers `/verify.data`). */
	routes?: Record<string, number>
}

/**
 * How much of a refused body is still read and dropped, as a multiple of the limit: a browser
 * still sending its upload then reads the 413 instead of a reset connection. Past it, the
 * connection is cut.
 */
const DRAIN_FACTOR = 4

function formatBytes(bytes: number): string {
	return bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`
}

/** The route a request is for: React Router's data requests add `.data` to the page's path. */
function routePath(path: string): string {
	const withoutData = path.endsWith('.data') ? path.slice(0, -'.data'.length) : path
	return withoutData === '/_root' ? '/' : withoutData.replace(/\/+$/, '') || '/'
}

export function limitRequestBodies({ limit, routes = {} }: BodyLimitOptions): RequestHandler {
	return (req, res, next) => {
		const max = routes[routePath(req.path)] ?? limit
		const declared = req.headers['content-length']
		if (declared !== undefined) {
			const length = Number(declared)
			if (length > max) return refuse(req, res, max, length > max * DRAIN_FACTOR)
			return next()
		}
		if (req.headers['transfer-encoding'] === undefined) return next()
		countChunkedBody(req, res, max)
		next()
	}
}

function countChunkedBody(req: Request, res: Response, max: number) {
	let received = 0
	// Paused explicitly first, so that this listener does not start the flow of data before React
	// Router attaches its own (it resumes the stream when it reads).
	req.pause()
	const count = (chunk: Buffer) => {
		received += chunk.byteLength
		if (received <= max) return
		req.off('data', count)
		// React Router's body stream listens for errors on the request: the route's read fails
		// instead of seeing a body cut short. (Only emitted when someone listens, as Node requires.)
		if (req.listenerCount('error') > 0) req.emit('error', new BodyTooLargeError(max))
		refuse(req, res, max, false, received)
	}
	req.on('data', count)
}

function refuse(req: Request, res: Response, max: number, cutOff: boolean, alreadyRead = 0) {
	if (!res.headersSent) {
		if (cutOff) res.set('Connection', 'close')
		res
			.status(413)
			.type('text/plain')
			.send(`Request too large: this address accepts at most ${formatBytes(max)}. Send less and try again.`)
	}
	if (cutOff) return
	let read = alreadyRead
	req.on('data', (chunk: Buffer) => {
		read += chunk.byteLength
		if (read > max * DRAIN_FACTOR) req.destroy()
	})
	req.resume()
}
