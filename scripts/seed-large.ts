/**
 * `npm run seed:large`: one large organisation (by default 50,000 learners in 50 teams, with progress,
 * assignments and signed credentials) in the database of DATABASE_URL, for benchmarks and for trying
 * the admin area at scale. See prisma/seed-large.ts for the mix.
 *
 *   npm run seed:large -- --learners 5000 --teams 20 --slug acme --signed 1000
 *
 * Options, or the environment variable in brackets: --learners (SEED_LEARNERS, 50000), --teams
 * (SEED_TEAMS, 50), --slug (SEED_ORG_SLUG, meridian-freight), --signed: at most this many signed
 * credentials (SEED_SIGNED_CREDENTIALS, all), --workers: signing threads (SEED_WORKERS, 2).
 * Refuses an organisation slug that exists. Run it with the PUBLIC_ORIGIN and DATA_DIR of the site,
 * whose issuer key signs the credentials. The database must be migrated (`npm start` does it).
 * The default run takes about 6 minutes on 2 cores with SQLite, most of it signing about 17,000
 * credentials (some 60 a second); `--signed` makes a quicker run.
 */
import { parseArgs } from 'node:util'
import { config } from '../app/config.server'
import { db } from '../app/db/db.server'
import { prepareIssuer, issuerDid } from '../app/issuing/issuer.server'
import { DEFAULT_LARGE_SLUG, SeedLargeRefusedError, seedLargeOrg, type SeedLargeResult } from '../prisma/seed-large'

const { values } = parseArgs({
	options: {
		learners: { type: 'string' },
		teams: { type: 'string' },
		slug: { type: 'string' },
		signed: { type: 'string' },
		workers: { type: 'string' },
		help: { type: 'boolean', short: 'h' },
	},
})
if (values.help) {
	console.log(
		'npm run seed:large -- [--learners 50000] [--teams 50] [--slug meridian-freight] [--signed N] [--workers 2]',
	)
	process.exit(0)
}

function count(name: string, value: string | undefined, fallback: number | undefined, min: number) {
	if (value === undefined || value === '') return fallback
	const n = Number(value.replace(/[_,]/g, ''))
	if (!Number.isInteger(n) || n < min) {
		console.error(`${name} must be a whole number of at least ${min}, not "${value}".`)
		process.exit(2)
	}
	return n
}

const env = process.env
const learners = count('--learners', values.learners ?? env.SEED_LEARNERS, 50_000, 1)!
const teams = count('--teams', values.teams ?? env.SEED_TEAMS, 50, 1)!
const signedCredentials = count('--signed', values.signed ?? env.SEED_SIGNED_CREDENTIALS, undefined, 0)
const workers = count('--workers', values.workers ?? env.SEED_WORKERS, 2, 0)
const slug = values.slug ?? env.SEED_ORG_SLUG ?? DEFAULT_LARGE_SLUG

const shownUrl = config.DATABASE_URL.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')
console.log(`Database: ${shownUrl} (${config.databaseProvider})`)
console.log(
	`Issuer: ${issuerDid} (keys in ${config.DATA_DIR}); the site must run with the same PUBLIC_ORIGIN and DATA_DIR.`,
)

try {
	await db.organization.findFirst({ select: { id: true } })
} catch (error) {
	console.error(
		`The database does not answer or is not migrated: ${error instanceof Error ? error.message.split('\n').at(-1) : String(error)}\n` +
			'Start the site once (`npm start` migrates it), or run `npx prisma migrate deploy` with this DATABASE_URL.',
	)
	process.exit(1)
}
// As the server prepares the database at start: WAL on SQLite, and the issuer's signing key.
if (config.databaseProvider === 'sqlite') await db.$queryRawUnsafe('PRAGMA journal_mode = WAL')
await prepareIssuer()

console.log(
	`Seeding "${slug}": ${learners.toLocaleString('en-GB')} learners in ${teams} teams` +
		(signedCredentials === undefined
			? ''
			: `, at most ${signedCredentials.toLocaleString('en-GB')} signed credentials`),
)
let result: SeedLargeResult
try {
	result = await seedLargeOrg({
		learners,
		teams,
		slug,
		signedCredentials,
		workers,
		log: (line) => console.log(line),
	})
} catch (error) {
	if (error instanceof SeedLargeRefusedError) {
		console.error(`Refused: ${error.message}`)
		await db.$disconnect()
		process.exit(1)
	}
	throw error
} finally {
	await db.$disconnect()
}

const n = (x: number) => x.toLocaleString('en-GB')
const pct = (x: number) => `${((100 * x) / result.learners).toFixed(1)}%`
const sizes = result.teams.map((t) => t.members).sort((a, b) => a - b)
console.log(`
Done: ${result.name} (${result.slug}) in ${result.timings.total} s
  learners        ${n(result.learners)} in ${result.teams.length} teams (${n(sizes[0]!)} to ${n(sizes.at(-1)!)} per team)
  not started     ${n(result.states.notStarted)} (${pct(result.states.notStarted)})
  in progress     ${n(result.states.inProgress)} (${pct(result.states.inProgress)})
  completed       ${n(result.states.completed)} (${pct(result.states.completed)})
  rows            ${n(result.rows.pathProgress)} path progress, ${n(result.rows.lessonProgress)} lesson progress, ${n(result.rows.attempts)} attempts
  credentials     ${n(result.credentials.signed)} signed (${n(result.credentials.expired)} expired, ${n(result.credentials.revoked)} revoked, ${n(result.credentials.suspended)} suspended), ${n(result.rows.credentialSkills)} evidence rows${result.credentials.leftUnsigned ? `; ${n(result.credentials.leftUnsigned)} more left out by the cap` : ''}
  assignments     ${result.rows.assignments} to teams, ${n(result.rows.learnerAssignments)} learner rows, ${n(result.overdue)} overdue
  timings (s)     ${Object.entries(result.timings)
		.map(([k, v]) => `${k} ${v}`)
		.join(', ')}

Sign in at ${config.PUBLIC_ORIGIN}/sign-in with the password ${result.owner.password}:
  owner           ${result.owner.email}
  admins          ${result.admins.join(', ')}
  learners        any address listed under Admin → People`)
