/**
 * The server's log: JSON lines on stdout (pino), one object per event, with the request id of the
 * request it happened in (`reqId`, also sent back as X-Request-Id) so a log shipper can follow a
 * request across lines. LOG_LEVEL sets the threshold; `silent` logs nothing.
 *
 * Under tests, errors and warnings go to console.error as well, where the test setup fails a test
 * that logs one unexpectedly.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import pino from 'pino'
import { config } from './config.server'

const requestScope = new AsyncLocalStorage<{ reqId: string }>()

function testDestination(): pino.DestinationStream {
	return {
		write(line: string) {
			const entry = JSON.parse(line) as { level: string; msg?: string; err?: { stack?: string } }
			if (['warn', 'error', 'fatal'].includes(entry.level)) console.error(entry.err?.stack ?? entry.msg ?? line)
		},
	}
}

export type Logger = pino.Logger

/** A logger in the site's format writing to `destination` (stdout for the site itself). */
export function createLogger(destination: pino.DestinationStream, level: string = config.LOG_LEVEL): Logger {
	return pino(
		{
			level,
			base: { pid: process.pid },
			timestamp: pino.stdTimeFunctions.isoTime,
			formatters: { level: (label) => ({ level: label }) },
			// Every line written while a request is handled names it.
			mixin: () => requestScope.getStore() ?? {},
		},
		destination,
	)
}

export const logger = createLogger(
	config.NODE_ENV === 'test' ? testDestination() : pino.destination({ fd: 1, sync: false }),
)

/** Runs `work` (the handling of one request) with its id attached to every line it logs. */
export function withRequestId<T>(reqId: string, work: () => T): T {
	return requestScope.run({ reqId }, work)
}
