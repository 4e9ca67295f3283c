import { z } from 'zod'
import { DEFAULT_DATABASE_URL, getDatabaseProvider } from './database-url'

/** Hosts that name this machine: a site there is a local trial, where plain HTTP is allowed. */
export const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

const booleanFromString = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1')

export const configSchema = z
	.object({
		NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
		PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
		HOST: z.string().min(1).default('0.0.0.0'),
		DATABASE_URL: z
			.string()
			.default(DEFAULT_DATABASE_URL)
			.refine((url) => getDatabaseProvider(url) !== null, {
				message:
					'must be an SQLite file URL (file:./data/skillproof.db) or a PostgreSQL URL (postgresql://user@host:5432/db)',
			}),
		/** The site's public origin, used to build absolute URLs and to check the Origin header. */
		PUBLIC_ORIGIN: z.url({ protocol: /^https?$/ }).optional(),
		/** Where the embedded database, generated keys and secrets live. */
		DATA_DIR: z.string().min(1).default('./data'),
		/** Worker processes of the production server (one per core is typical). */
		WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
		/** Where the compiled learning content is (written by `npm run build`). */
		CONTENT_BUILD_DIR: z.string().min(1).default('build/content'),
		/** Signs the flash-message cookie. When unset, one is generated once and kept in DATA_DIR. */
		COOKIE_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
		/**
		 * Encrypts the issuers' signing keys at rest (IssuerKey rows). Required in production on a
		 * public origin; a local installation generates one in DATA_DIR.
		 */
		ISSUER_KEY_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
		/** Trust X-Forwarded-For from a reverse proxy (only behind one you control). */
		TRUST_PROXY: booleanFromString.default(false),
		/** Apply pending migrations and seed an empty database at start. */
		MIGRATE_ON_START: booleanFromString.default(true),
		SEED_DEMO_DATA: booleanFromString.default(true),
		/**
		 * Whether anyone may create an account (open), or people join only by an organisation's
		 * invitation (closed: no sign-up page or link).
		 */
		SIGN_UP: z.enum(['open', 'closed']).default('open'),
		LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
		/**
		 * SMTP server for outgoing email, e.g. smtps://user:password@smtp.example.com:465. When unset,
		 * each message is written to a file in DATA_DIR/mail (the outbox admins read keeps it either way,
		 * without its private links).
		 */
		SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
		/** Days a finished background job (done or failed) is kept before it is removed. */
		JOB_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
		/** The sender of outgoing email. */
		MAIL_FROM: z.string().min(3).default('Skillproof <no-reply@localhost>'),
	})
	.transform((env, ctx) => {
		const publicOrigin = new URL(env.PUBLIC_ORIGIN ?? `http://localhost:${env.PORT}`)
		if (publicOrigin.origin !== publicOrigin.href.replace(/\/$/, '')) {
			ctx.addIssue({
				code: 'custom',
				path: ['PUBLIC_ORIGIN'],
				message: `must be an origin only (scheme, host and port), e.g. ${publicOrigin.origin}`,
			})
		}
		if (
			env.NODE_ENV === 'production' &&
			publicOrigin.protocol !== 'https:' &&
			!LOCAL_HOSTS.has(publicOrigin.hostname)
		) {
			ctx.addIssue({
				code: 'custom',
				path: ['PUBLIC_ORIGIN'],
				message: 'must use https in production (session cookies are Secure)',
			})
		}
		if (env.NODE_ENV === 'production' && !LOCAL_HOSTS.has(publicOrigin.hostname) && !env.ISSUER_KEY_SECRET) {
			ctx.addIssue({
				code: 'custom',
				path: ['ISSUER_KEY_SECRET'],
				message: 'is required in production: it encrypts the credential signing keys at rest',
			})
		}
		return {
			...env,
			PUBLIC_ORIGIN: publicOrigin.origin,
			databaseProvider: getDatabaseProvider(env.DATABASE_URL)!,
			isProduction: env.NODE_ENV === 'production',
		}
	})

export type Config = z.output<typeof configSchema>

export function parseConfig(env: Record<string, string | undefined>) {
	// Empty strings count as unset, so `PORT=` behaves like no PORT at all.
	const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''))
	return configSchema.safeParse(present)
}

export function formatConfigErrors(error: z.ZodError): string {
	const lines = error.issues.map((issue) => `  - ${issue.path.join('.') || 'environment'}: ${issue.message}`)
	return `Skillproof cannot start: the configuration is invalid.\n${lines.join('\n')}`
}

function loadConfig(): Config {
	const result = parseConfig(process.env)
	if (!result.success) {
		console.error(formatConfigErrors(result.error))
		process.exit(1)
	}
	return result.data
}

/** Read once at start; every module uses this object, never process.env. */
export const config = loadConfig()
