/**
 * CSV import of people (name, email, team, role). First a preview: every row checked and
 * classified (invite, move to a team, already there), nothing written but the preview itself.
 * Then a background job applies the valid rows in chunks, reporting progress. Re-importing the same
 * file changes nothing: people already in the organisation, or with an open invitation, are not
 * invited again.
 */
import { parse } from 'csv-parse/sync'
import { z } from 'zod'
import { recordAudit, type Actor } from '../audit/audit.server'
import { emailSchema, nameSchema } from '../auth/account-schemas'
import type { Role } from '../auth/roles'
import { db } from '../db/db.server'
import type { Prisma } from '../db/generated/sqlite/client'
import { enqueueJob, type ClaimedJob } from '../jobs/queue.server'
import { grantTeamAssignments } from './assignments.server'
import { writeInvitations } from './invitations.server'
import { teamNameSchema } from './teams.server'

export const IMPORT_JOB = 'people.import'
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024
export const MAX_IMPORT_ROWS = 50_000
/** Rows per transaction of the run, and addresses per lookup: short transactions, small statements. */
const CHUNK = 400

export class ImportError extends Error {}

export type ImportRow = { line: number; name: string; email: string; team: string | null; role: 'LEARNER' | 'ADMIN' }
export type RowOutcome = 'invite' | 'move' | 'unchanged' | 'pending'
export type ImportReport = {
	total: number
	counts: Record<RowOutcome | 'error', number>
	newTeams: string[]
	errors: Array<{ line: number; message: string }>
	/** The first rows with what the import will do to each, for the preview table. */
	sample: Array<{ line: number; name: string; email: string; team: string | null; role: string; outcome: RowOutcome }>
}

const roleSchema = z
	.string()
	.trim()
	.toLowerCase()
	.transform((value) => value || 'learner')
	.pipe(z.enum(['learner', 'admin', 'administrator'], { error: 'Role must be learner or admin.' }))
	.transform((value): 'LEARNER' | 'ADMIN' => (value === 'learner' ? 'LEARNER' : 'ADMIN'))

const rowSchema = z.object({
	name: nameSchema,
	email: emailSchema,
	team: z
		.string()
		.trim()
		.transform((value) => value || null)
		.pipe(teamNameSchema.nullable()),
	role: roleSchema,
})

/** Reads the file: a header row naming the columns (any order, any case), then one person per row. */
export function parsePeopleCsv(text: string, options: { canInviteAdmins: boolean }) {
	let records: string[][]
	try {
		records = parse(text.replace(/^\uFEFF/, ''), { skip_empty_lines: true, relax_column_count: true, trim: true })
	} catch (error) {
		throw new ImportError(`The file is not valid CSV: ${error instanceof Error ? error.message : String(error)}`)
	}
	const [header, ...body] = records
	if (!header) throw new ImportError('The file is empty.')
	const columns = header.map((h) => h.toLowerCase())
	const at = (name: string) => columns.indexOf(name)
	if (at('name') < 0 || at('email') < 0)
		throw new ImportError('The first row must name the columns: name, email, and optionally team and role.')
	if (body.length > MAX_IMPORT_ROWS)
		throw new ImportError(`The file has ${body.length} rows; import at most ${MAX_IMPORT_ROWS} at a time.`)
	const rows: ImportRow[] = []
	const errors: ImportReport['errors'] = []
	const seen = new Map<string, number>()
	body.forEach((record, i) => {
		const line = i + 2
		const parsed = rowSchema.safeParse({
			name: record[at('name')] ?? '',
			email: record[at('email')] ?? '',
			team: at('team') >= 0 ? (record[at('team')] ?? '') : '',
			role: at('role') >= 0 ? (record[at('role')] ?? '') : '',
		})
		if (!parsed.success) {
			errors.push({ line, message: parsed.error.issues.map((issue) => issue.message).join('; ') })
			return
		}
		const row = parsed.data
		const first = seen.get(row.email)
		if (first !== undefined) {
			errors.push({ line, message: `${row.email} is already on line ${first}.` })
			return
		}
		if (row.role === 'ADMIN' && !options.canInviteAdmins) {
			errors.push({ line, message: 'Only owners can add administrators.' })
			return
		}
		seen.set(row.email, line)
		rows.push({ line, ...row })
	})
	return { rows, errors, total: body.length }
}

async function inChunks<T>(items: T[], size: number, work: (chunk: T[]) => Promise<void>) {
	for (let i = 0; i < items.length; i += size) await work(items.slice(i, i + size))
}

/**
 * What the organisation already holds for these addresses: members (with their team) and open
 * invitations. Read with the given client, so the run sees its own transaction's writes.
 */
async function lookUp(client: Prisma.TransactionClient, orgId: string, emails: string[], now: Date) {
	const members = new Map<string, { userId: string; teamId: string | null }>()
	const pending = new Set<string>()
	await inChunks(emails, CHUNK, async (chunk) => {
		const [rows, invitations] = await Promise.all([
			client.membership.findMany({
				where: { orgId, user: { email: { in: chunk } } },
				select: { userId: true, teamId: true, user: { select: { email: true } } },
			}),
			client.invitation.findMany({
				where: { orgId, email: { in: chunk }, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
				select: { email: true },
			}),
		])
		for (const row of rows) members.set(row.user.email.toLowerCase(), { userId: row.userId, teamId: row.teamId })
		for (const invitation of invitations) pending.add(invitation.email)
	})
	return { members, pending }
}

async function teamsByName(orgId: string) {
	const teams = await db.team.findMany({ where: { orgId }, select: { id: true, name: true, archivedAt: true } })
	return new Map(teams.map((t) => [t.name.toLowerCase(), t]))
}

/** Checks the file and keeps the preview; writes nothing else. */
export async function previewImport(input: {
	orgId: string
	actor: Actor & { role: Role }
	fileName: string
	text: string
	now?: Date
}) {
	const now = input.now ?? new Date()
	const { rows, errors, total } = parsePeopleCsv(input.text, { canInviteAdmins: input.actor.role === 'OWNER' })
	const teams = await teamsByName(input.orgId)
	const valid: ImportRow[] = []
	for (const row of rows) {
		const team = row.team ? teams.get(row.team.toLowerCase()) : null
		if (team?.archivedAt) errors.push({ line: row.line, message: `The team “${row.team}” is archived.` })
		else valid.push(row)
	}
	const { members, pending } = await lookUp(
		db,
		input.orgId,
		valid.map((r) => r.email),
		now,
	)
	const outcomeOf = (row: ImportRow): RowOutcome => {
		if (members.has(row.email)) {
			const teamId = row.team ? (teams.get(row.team.toLowerCase())?.id ?? 'new') : null
			return row.team && members.get(row.email)?.teamId !== teamId ? 'move' : 'unchanged'
		}
		return pending.has(row.email) ? 'pending' : 'invite'
	}
	const counts: ImportReport['counts'] = { invite: 0, move: 0, unchanged: 0, pending: 0, error: errors.length }
	const sample: ImportReport['sample'] = []
	for (const row of valid) {
		const outcome = outcomeOf(row)
		counts[outcome] += 1
		if (sample.length < 200)
			sample.push({ line: row.line, name: row.name, email: row.email, team: row.team, role: row.role, outcome })
	}
	const newTeams = [...new Set(valid.flatMap((r) => (r.team && !teams.has(r.team.toLowerCase()) ? [r.team] : [])))]
	const report: ImportReport = {
		total,
		counts,
		newTeams,
		errors: errors.sort((a, b) => a.line - b.line),
		sample,
	}
	return db.importBatch.create({
		data: {
			orgId: input.orgId,
			createdById: input.actor.id,
			fileName: input.fileName.slice(0, 200),
			rows: JSON.stringify(valid),
			report: JSON.stringify(report),
		},
		select: { id: true },
	})
}

export async function getImport(orgId: string, id: string) {
	const batch = await db.importBatch.findFirst({
		where: { id, orgId },
		select: { id: true, fileName: true, status: true, report: true, result: true, jobId: true, createdAt: true },
	})
	if (!batch) return null
	const job = batch.jobId
		? await db.job.findUnique({
				where: { id: batch.jobId },
				select: { done: true, total: true, error: true, status: true },
			})
		: null
	return {
		...batch,
		report: JSON.parse(batch.report) as ImportReport,
		result: batch.result ? (JSON.parse(batch.result) as Record<string, number>) : null,
		job,
	}
}

export function listImports(orgId: string) {
	return db.importBatch.findMany({
		where: { orgId },
		orderBy: { createdAt: 'desc' },
		take: 20,
		select: { id: true, fileName: true, status: true, createdAt: true },
	})
}

/** Starts the import of a previewed file: once (a second click finds it no longer in preview). */
export async function startImport(orgId: string, actor: Actor, id: string) {
	return db.$transaction(async (tx) => {
		const { count } = await tx.importBatch.updateMany({
			where: { id, orgId, status: 'preview' },
			data: { status: 'queued' },
		})
		if (count === 0) throw new ImportError('This import has already started, or does not exist.')
		const job = await enqueueJob(
			{ kind: IMPORT_JOB, payload: { batchId: id }, orgId, createdById: actor.id, maxAttempts: 3 },
			tx,
		)
		await tx.importBatch.update({ where: { id }, data: { jobId: job.id }, select: { id: true } })
		return job.id
	})
}

/**
 * The job: applies the rows in chunks of 400 rows, each chunk in one transaction. Safe to run again
 * after a crash: rows already applied are now members or open invitations, and are skipped.
 */
export async function runImportJob(
	job: ClaimedJob,
	context: { progress: (done: number, total: number) => Promise<boolean> },
) {
	const { batchId } = JSON.parse(job.payload) as { batchId: string }
	const batch = await db.importBatch.findUniqueOrThrow({
		where: { id: batchId },
		select: { id: true, orgId: true, createdById: true, fileName: true, rows: true },
	})
	const [org, creator] = await Promise.all([
		db.organization.findUniqueOrThrow({ where: { id: batch.orgId }, select: { name: true } }),
		db.user.findUnique({ where: { id: batch.createdById }, select: { name: true } }),
	])
	const actor = { id: batch.createdById, name: creator?.name ?? 'An administrator' }
	await db.importBatch.update({ where: { id: batch.id }, data: { status: 'running' }, select: { id: true } })
	const rows = JSON.parse(batch.rows) as ImportRow[]
	const result = { invited: 0, moved: 0, unchanged: 0, teamsCreated: 0 }
	await context.progress(0, rows.length)
	let done = 0
	await inChunks(rows, CHUNK, async (chunk) => {
		const now = new Date()
		await db.$transaction(async (tx) => {
			// Teams by name, created when missing (the unique name per organisation keeps this single).
			const names = [...new Set(chunk.flatMap((r) => (r.team ? [r.team] : [])))]
			const existing = await tx.team.findMany({ where: { orgId: batch.orgId }, select: { id: true, name: true } })
			const teams = new Map(existing.map((t) => [t.name.toLowerCase(), t]))
			for (const name of names) {
				if (teams.has(name.toLowerCase())) continue
				const team = await tx.team.create({ data: { orgId: batch.orgId, name }, select: { id: true, name: true } })
				teams.set(name.toLowerCase(), team)
				result.teamsCreated += 1
			}
			const { members: memberByEmail, pending } = await lookUp(
				tx,
				batch.orgId,
				chunk.map((r) => r.email),
				now,
			)
			const moves = new Map<string, string[]>()
			const invites = []
			for (const row of chunk) {
				const team = row.team ? teams.get(row.team.toLowerCase())! : null
				const member = memberByEmail.get(row.email)
				if (member) {
					if (team && member.teamId !== team.id) {
						const movers = moves.get(team.id)
						if (movers) movers.push(member.userId)
						else moves.set(team.id, [member.userId])
					} else result.unchanged += 1
				} else if (pending.has(row.email)) {
					result.unchanged += 1
				} else {
					invites.push({ email: row.email, teamId: team?.id ?? null, teamName: team?.name ?? null, role: row.role })
				}
			}
			for (const [teamId, userIds] of moves) {
				await tx.membership.updateMany({ where: { orgId: batch.orgId, userId: { in: userIds } }, data: { teamId } })
				await grantTeamAssignments(tx, batch.orgId, teamId, userIds, now)
				result.moved += userIds.length
			}
			await writeInvitations(tx, { orgId: batch.orgId, orgName: org.name, actor, entries: invites, now })
			result.invited += invites.length
		})
		done += chunk.length
		await context.progress(done, rows.length)
	})
	await db.$transaction(async (tx) => {
		await tx.importBatch.update({
			where: { id: batch.id },
			data: { status: 'done', result: JSON.stringify(result) },
			select: { id: true },
		})
		await recordAudit(tx, {
			orgId: batch.orgId,
			actor,
			action: 'people.import',
			targetType: 'import',
			targetId: batch.id,
			summary: `Imported ${batch.fileName}: ${result.invited} invited, ${result.moved} moved to a team, ${result.unchanged} already there, ${result.teamsCreated} ${result.teamsCreated === 1 ? 'team' : 'teams'} created.`,
		})
	})
	return result
}

/** The handler the worker runs: a run that fails for good marks its batch failed, for the admin to see. */
export async function importJobHandler(
	job: ClaimedJob,
	context: { progress: (done: number, total: number) => Promise<boolean> },
) {
	try {
		return await runImportJob(job, context)
	} catch (error) {
		if (job.attempts >= job.maxAttempts) {
			const { batchId } = JSON.parse(job.payload) as { batchId: string }
			await db.importBatch.updateMany({
				where: { id: batchId, status: { in: ['queued', 'running'] } },
				data: { status: 'failed' },
			})
		}
		throw error
	}
}
