import crypto from 'node:crypto'
import type { RequestHandler } from 'express'
import { withRequestId, type Logger } from '../app/log.server'

// A request id from our own proxy is kept (so its log and ours share it), any other is replaced.
const REQUEST_ID = /^[\w.:-]{1,128}$/
// Addresses whose second segment is a secret (an invitation, a password reset, an email
// confirmation, a calendar feed, a credential's unguessable link) are logged without it.
const SECRET_SEGMENT = /^\/(invitations|reset-password|confirm-email|calendar|c)\/[^/]+/

/**
 * One JSON line per request (method, path without its query, status, milliseconds), and the
 * request's id on every line logged while it is handled and in the X-Request-Id response header.
 */
export function requestLog(options: { logger: Logger; trustProxy: boolean }): RequestHandler {
	return (req, res, next) => {
		const incoming = options.trustProxy ? req.get('x-request-id') : undefined
		const reqId = incoming && REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID()
		res.setHeader('X-Request-Id', reqId)
		const started = process.hrtime.bigint()
		res.once('close', () => {
			options.logger.info(
				{
					reqId,
					method: req.method,
					path: req.path.replace(SECRET_SEGMENT, '/$1/…'),
					status: res.statusCode,
					ms: Number((Number(process.hrtime.bigint() - started) / 1e6).toFixed(1)),
					...(res.writableFinished ? {} : { aborted: true }),
				},
				'request',
			)
		})
		withRequestId(reqId, next)
	}
}
