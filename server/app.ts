/**
 * The HTTP application: built by Vite together with the React Router app (one module graph, so
 * contexts are shared) and started by ../server.js.
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { createRequestHandler } from '@react-router/express'
import express from 'express'
import { RouterContextProvider } from 'react-router'
import * as serverBuild from 'virtual:react-router/server-build'
import { pruneRateLimits } from '../app/auth/rate-limit.server'
import { pruneSignInThrottles } from '../app/auth/sign-in-throttle.server'
import { config } from '../app/config.server'
import { getQuestions, listPaths } from '../app/content/catalog.server'
import { prepareIssuer } from '../app/issuing/issuer.server'
import { loadCertificateFonts } from '../app/credentials/certificate-fonts'
import { backfillSkillEvidence } from '../app/learning/evidence-backfill.server'
import { backfillItemResponses } from '../app/learning/item-backfill.server'
import { SEND_EMAIL_JOB, sendEmailJob } from '../app/email/outbox.server'
import { PRUNE_JOBS_JOB, pruneJobsHandler, schedulePruning } from '../app/jobs/retention.server'
import { startWorker } from '../app/jobs/worker.server'
import { pruneWalletExchanges } from '../app/issuing/wallet-exchange.server'
import { IMPORT_JOB, importJobHandler } from '../app/orgs/people-import.server'
import { REMINDERS_JOB } from '../app/orgs/reminder-settings.server'
import { remindersJobHandler, scheduleReminders } from '../app/orgs/reminders.server'
import { db } from '../app/db/db.server'
import { closeHotReads } from '../app/db/hot-reads.server'
import { answerUnavailableDatabaseWith503 } from '../app/http/database-unavailable.server'
import { isAllowedOrigin } from '../app/http/origin'
import { migrationsDirFor, readiness } from '../app/ops/readiness.server'
import { checkStorage } from '../app/ops/storage-check.server'
import { logger } from '../app/log.server'
import { clientAddressContext, cspNonceContext } from '../app/http/request-context'
import { seedDemoDataIfEmpty } from '../prisma/seed'
import { limitRequestBodies } from './body-limit'
import { requestLog } from './request-log'
import { getCspNonce, securityHeaders } from './security-headers'
import { startInTurn } from './start-in-turn'
import { drainUnreadBodies } from './unread-bodies'

export { config, logger }

/**
 * Mounted by ../server.js right after the security headers, before everything else: requests start
 * one per turn of the event loop, oldest first, so a new connection is not left waiting behind every
 * busy one (./start-in-turn.ts). A thousand waiting requests are a few seconds of work for one
 * process; past that, 503. The log says so at the first refusal, then at most once a minute with
 * how many were refused since.
 */
let refusedSinceWarning = 0
let lastWarning = 0
export const requestQueue = startInTurn({
	maxWaiting: 1000,
	onRefused() {
		refusedSinceWarning++
		if (Date.now() - lastWarning < 60_000) return
		logger.warn(
			{ refused: refusedSinceWarning },
			`Refused ${refusedSinceWarning} request(s) with 503 since the last warning: 1,000 were waiting.`,
		)
		refusedSinceWarning = 0
		lastWarning = Date.now()
	},
})

export const app = express()
app.disable('x-powered-by')
if (config.TRUST_PROXY) app.set('trust proxy', true)

app.use(requestLog({ logger, trustProxy: config.TRUST_PROXY }))

/** Mounted by ../server.js in front of the static files too, so every response has the headers. */
export const securityHeadersMiddleware = securityHeaders({
	publicOrigin: config.PUBLIC_ORIGIN,
	development: !config.isProduction,
})
app.use(securityHeadersMiddleware)

app.use((req, res, next) => {
	if (isAllowedOrigin(req.method, req.get('origin'), config.PUBLIC_ORIGIN, req.path)) return next()
	res
		.status(403)
		.type('text/plain')
		.send(
			`Forbidden: this ${req.method} request did not come from ${config.PUBLIC_ORIGIN}. ` +
				'Open the site at that address and try again.',
		)
})

const MB = 1024 * 1024
app.use(
	limitRequestBodies({
		// Forms are small; 1 MB leaves room for the longest text anyone types.
		limit: 1 * MB,
		// The two pages that take a file check its size themselves and answer one somewhat over
		// their own limit (1 MB credentials, 5 MB CSV files) on the page; far past it, this does.
		routes: { '/verify': 4 * MB, '/admin/import': 16 * MB },
	}),
)
app.use(drainUnreadBodies({ max: 16 * MB }))

app.use(
	createRequestHandler({
		// The build itself, not a function returning it: given a function, React Router derives its
		// routes and request handler again on every request (meant for reloading in development).
		// Wrapped once, so that a request meeting an unavailable database is answered 503.
		build: answerUnavailableDatabaseWith503(serverBuild),
		getLoadContext(req, res) {
			const context = new RouterContextProvider()
			context.set(clientAddressContext, req.ip ?? req.socket.remoteAddress ?? 'unknown')
			context.set(cspNonceContext, getCspNonce(res))
			return context
		},
	}),
)

/** Brings the database up to date before the server listens: migrations, WAL, demo data. */
export async function prepareDatabase(root: string) {
	// Can this process write its data folder and its database? One plain sentence each if not.
	await checkStorage({ dataDir: config.DATA_DIR, databaseUrl: config.DATABASE_URL })
	if (config.MIGRATE_ON_START) {
		const result = spawnSync(path.join(root, 'node_modules/.bin/prisma'), ['migrate', 'deploy'], {
			cwd: root,
			env: { ...process.env, DATABASE_URL: config.DATABASE_URL, CHECKPOINT_DISABLE: '1' },
			encoding: 'utf8',
		})
		if (result.status !== 0) {
			throw new Error(`Database migration failed:\n${result.stdout}\n${result.stderr}`)
		}
	}
	if (config.databaseProvider === 'sqlite') {
		// WAL: readers never wait for the writer, and a crash mid-write loses no committed data.
		await db.$queryRawUnsafe('PRAGMA journal_mode = WAL')
	}
	// The credential signing key is in the database before any credential can be issued: made on a
	// new site's first start, or moved there from the key file of an older installation.
	const keys = await prepareIssuer()
	if (keys.imported > 0 || keys.movedFile) {
		logger.info(
			`Moved ${keys.imported} signing key(s) into the database` +
				(keys.movedFile ? `; the old key file is kept as ${keys.movedFile} and is no longer read.` : '.'),
		)
	}
	// Credentials issued before skills evidence was recorded get their rows (once; cheap afterwards).
	const evidence = await backfillSkillEvidence()
	if (evidence > 0) logger.info(`Recorded ${evidence} skills evidence row(s) for earlier credentials.`)
	// Attempts submitted before item analysis existed get their graded rows (once; cheap afterwards).
	const items = await backfillItemResponses()
	if (items > 0) logger.info(`Recorded item-analysis rows for ${items} earlier assessment attempt(s).`)
	// The certificate's fonts (assets/fonts): read once now, and a missing file stops the start.
	loadCertificateFonts()
	// Ended rate-limit windows are dead rows; any instance may clear them.
	await pruneRateLimits()
	await pruneSignInThrottles()
	await pruneWalletExchanges()
	if (config.SEED_DEMO_DATA) {
		const seeded = await seedDemoDataIfEmpty(db, { paths: listPaths(), questionsFor: getQuestions })
		if (seeded) logger.info(`Seeded demo data: ${seeded.organization} with ${seeded.people} people.`)
	}
	readiness.markPrepared(migrationsDirFor(root))
}

/** From SIGTERM on, /readyz answers 503 so that the proxy stops sending this instance new requests. */
export function markStopping() {
	readiness.markStopping()
}

let worker: ReturnType<typeof startWorker> | null = null

/** The background job worker of this process (every instance runs one; the queue shares the work). */
export function startBackgroundWork() {
	worker ??= startWorker({
		handlers: {
			[SEND_EMAIL_JOB]: sendEmailJob,
			[IMPORT_JOB]: importJobHandler,
			[REMINDERS_JOB]: remindersJobHandler,
			// The daily clean-up: finished jobs past their retention, wallet exchanges that expired unused, and
			// sign-in throttles whose failures are forgotten.
			[PRUNE_JOBS_JOB]: async () => ({
				...(await pruneJobsHandler()),
				walletExchanges: await pruneWalletExchanges(),
				signInThrottles: await pruneSignInThrottles(),
			}),
		},
		onError: (error) => logger.error({ err: error }, 'Background worker failed'),
	})
	scheduleReminders().catch((error: unknown) => logger.error({ err: error }, 'Scheduling reminders failed'))
	schedulePruning().catch((error: unknown) => logger.error({ err: error }, 'Scheduling the removal of old jobs failed'))
}

/** Claims nothing more and hands a running job back if it does not finish within the grace period. */
export async function stopBackgroundWork() {
	await worker?.stop(5000)
	worker = null
}

export async function closeDatabase() {
	await closeHotReads()
	await db.$disconnect()
}
