/**
 * A request answered without its body being read (a redirect to sign in, a refused form) must not
 * leave that body on the connection: React Router's body stream pauses the request once its buffer
 * is full, and Node only drains bodies that nobody started reading, so the connection stalled and
 * the client's next request on it waited for the keep-alive timeout. Once the answer is sent, the
 * rest of the body is read and dropped (never more than the body limit allowed in).
 */
import type { RequestHandler } from 'express'

export function drainUnreadBodies({ max }: { max: number }): RequestHandler {
	return (req, res, next) => {
		res.once('finish', () => {
			if (req.complete || req.destroyed) return
			// Nothing reads the body after the answer: the stream feeding React Router goes (and with it
			// any counting listener, hence the cap here), the bytes are dropped.
			req.removeAllListeners('data')
			let drained = 0
			req.on('data', (chunk: Buffer) => {
				drained += chunk.byteLength
				if (drained > max) req.destroy()
			})
			req.resume()
		})
		next()
	}
}
