// Starts Skillproof: `node server.js` serves the production build; `--dev` runs Vite in middleware
// mode with hot reload. The application itself is server/app.ts. With WEB_CONCURRENCY > 1 the
// production server runs that many worker processes; the database holds everything they share.
import { spawn, spawnSync } from 'node:child_process'
import cluster from 'node:cluster'
import fs from 'node:fs'
import path from 'node:path'
import express from 'express'

const root = import.meta.dirname
const isDev = process.argv.includes('--dev')
const BUILD_PATH = path.join(root, 'build/server/index.js')

/**
 * The launcher's own messages, as JSON lines like the application's log (app/log.server.ts). A
 * start that fails says why in plain words on stderr instead.
 */
function log(level, msg) {
	process.stdout.write(`${JSON.stringify({ level, time: new Date().toISOString(), pid: process.pid, msg })}\n`)
}

async function serve() {
	const server = express()
	server.disable('x-powered-by')

	let loadApp
	if (isDev) {
		// Lessons are compiled ahead of time in development too: once now, then on every change.
		const tsx = path.join(root, 'node_modules/.bin/tsx')
		const contentBuild = path.join(root, 'scripts/content-build.ts')
		const first = spawnSync(tsx, [contentBuild], { cwd: root, stdio: 'inherit' })
		if (first.status !== 0) console.error('The learning content has problems: run `npm run content:check`.')
		spawn(tsx, [contentBuild, '--watch'], { cwd: root, stdio: 'inherit' }).unref()
		const vite = await import('vite').then(({ createServer }) =>
			createServer({ server: { middlewareMode: true }, appType: 'custom' }),
		)
		server.use(vite.middlewares)
		loadApp = () => vite.ssrLoadModule('./server/app.ts')
		server.use(async (req, res, next) => {
			try {
				const mod = await loadApp()
				return mod.app(req, res, next)
			} catch (error) {
				if (error instanceof Error) vite.ssrFixStacktrace(error)
				next(error)
			}
		})
	} else {
		loadApp = () => import(BUILD_PATH)
		// The static files get the same security headers as the pages (and so does a 503 from the queue).
		server.use((await loadApp()).securityHeadersMiddleware)
		// Requests start one per turn of the event loop, oldest first (server/start-in-turn.ts).
		server.use((await loadApp()).requestQueue)
		server.use('/assets', express.static(path.join(root, 'build/client/assets'), { immutable: true, maxAge: '1y' }))
		// Only the few top-level public files (favicon…) are served from the folder: a catch-all static
		// handler would look for a file on disk before every page request.
		const clientDir = path.join(root, 'build/client')
		const publicFiles = fs
			.readdirSync(clientDir, { withFileTypes: true })
			.filter((entry) => entry.isFile())
			.map((entry) => `/${entry.name}`)
		if (publicFiles.length > 0) server.get(publicFiles, express.static(clientDir, { maxAge: '1h' }))
	}

	// Importing the app validates the configuration (and exits with a clear message when it is wrong).
	const mod = await loadApp()
	const { config } = mod
	try {
		await mod.prepareDatabase(root)
	} catch (error) {
		console.error(error instanceof Error ? error.message : error)
		process.exit(1)
	}
	if (!isDev) server.use(mod.app)
	mod.startBackgroundWork()

	const listener = server.listen(config.PORT, config.HOST, () => {
		log('info', `Skillproof is serving ${config.PUBLIC_ORIGIN} (listening on ${config.HOST}:${config.PORT})`)
	})

	// Stop taking new connections, let in-flight requests finish, then close the database.
	let stopping = false
	function shutdown(signal) {
		if (stopping) return
		stopping = true
		log('info', `${signal} received: finishing in-flight requests`)
		mod.markStopping()
		listener.close(async () => {
			await mod.stopBackgroundWork()
			await mod.closeDatabase()
			process.exit(0)
		})
		listener.closeIdleConnections?.()
		setTimeout(() => process.exit(1), 10_000).unref()
	}
	process.on('SIGTERM', () => shutdown('SIGTERM'))
	process.on('SIGINT', () => shutdown('SIGINT'))
}

/** A worker whose only job is to validate the configuration and prepare the database, then exit. */
async function prepareOnly() {
	// Importing the build validates the configuration (and exits with a clear message when it is wrong).
	const mod = await import(BUILD_PATH)
	try {
		await mod.prepareDatabase(root)
		await mod.closeDatabase()
	} catch (error) {
		console.error(error instanceof Error ? error.message : error)
		process.exit(1)
	}
	process.exit(0)
}

/**
 * The primary process of a multi-process server: a first worker prepares the database, then the
 * serving workers start. The primary itself never loads the application, so it stays small.
 */
async function runPrimary(workers) {
	const prepared = await new Promise((resolve) => cluster.fork({ SKILLPROOF_PREPARE_ONLY: '1' }).once('exit', resolve))
	if (prepared !== 0) process.exit(typeof prepared === 'number' ? prepared : 1)
	const workerEnv = { MIGRATE_ON_START: 'false', SEED_DEMO_DATA: 'false' }
	for (let i = 0; i < workers; i++) cluster.fork(workerEnv)
	log('info', `Skillproof runs ${workers} worker processes`)
	let stopping = false
	cluster.on('exit', (worker, code) => {
		if (!stopping) {
			log('error', `Worker ${worker.process.pid} exited with ${code}; starting another`)
			cluster.fork(workerEnv)
		} else if (Object.keys(cluster.workers ?? {}).length === 0) {
			process.exit(0)
		}
	})
	for (const signal of ['SIGTERM', 'SIGINT']) {
		process.on(signal, () => {
			stopping = true
			for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal)
		})
	}
}

// A value that is not a whole number starts one process, whose configuration check then names it.
const workers = Number(process.env.WEB_CONCURRENCY ?? 1)
if (!isDev && cluster.isPrimary && Number.isInteger(workers) && workers > 1) {
	await runPrimary(workers)
} else if (cluster.isWorker && process.env.SKILLPROOF_PREPARE_ONLY === '1') {
	await prepareOnly()
} else {
	await serve()
}
