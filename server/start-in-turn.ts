/**
 * Requests start one per turn of the event loop, oldest first.
 *
 * Node accepts one new connection per turn of its event loop (its libuv, 1.46 in Node 20, does so
 * since libuv/libuv#3696). Every request that has arrived is read in that turn, and Express starts
 * each one at once, so under load a turn runs all of them: with 32 busy connections and a few
 * milliseconds of rendering each, a turn took about 100 ms. A client opening a connection then waited one whole turn per connection ahead
 * of it before its first request was even read: up to 1.4 s for the last of 32 opened together,
 * while the connections already in were served again and again. That was the lesson page's long
 * tail under load (docs/performance-notes.md).
 *
 * Here a request that arrives waits in one queue, and each turn starts the oldest. A turn is then
 * one request long, new connections are taken every few milliseconds, and every request, old
 * connection or new, waits its place in the same line. An empty queue adds no wait: the request
 * starts later in the same turn.
 *
 * Past `maxWaiting` queued requests the server answers 503 at once, with Retry-After, rather than
 * let the line, and the memory it holds, grow without end.
 */
import type { RequestHandler } from 'express'

export const BUSY_MESSAGE = 'The site is very busy right now. Nothing was done; please try again in a few seconds.'

export function startInTurn({
	maxWaiting,
	onRefused,
}: {
	maxWaiting: number
	/** Told of each request refused because the queue was full. */
	onRefused?: () => void
}): RequestHandler {
	const waiting: Array<{ socket: { destroyed: boolean }; start: () => void }> = []
	let scheduled = false

	function startOldest() {
		scheduled = false
		let request = waiting.shift()
		// A client that left while its request waited needs no answer: the next one starts instead.
		while (request?.socket.destroyed) request = waiting.shift()
		// The next one starts in the next turn, after Node has read new requests and taken a connection.
		if (waiting.length > 0) {
			scheduled = true
			setImmediate(startOldest)
		}
		request?.start()
	}

	return (req, res, next) => {
		if (waiting.length >= maxWaiting) {
			onRefused?.()
			res.status(503).set('Retry-After', '5').type('text/plain').send(BUSY_MESSAGE)
			return
		}
		waiting.push({ socket: req.socket, start: () => next() })
		if (!scheduled) {
			scheduled = true
			setImmediate(startOldest)
		}
	}
}
