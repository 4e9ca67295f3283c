/**
 * The organisation's audit log of admin actions, written by the organisation code and by issuing
 * alike (a low-level module both call). `recordAudit` is called inside the transaction of the action
 * it records, so an action is never logged without happening, nor happens without being logged.
 */
import { stringify } from 'csv-stringify/sync'
import { db } from '../db/db.server'
import type { Prisma } from '../db/generated/sqlite/client'

export type AuditAction =
	| 'credential.revoke'
	| 'credential.suspend'
	| 'credential.reinstate'
	| 'team.create'
	| 'team.rename'
	| 'team.archive'
	| 'team.restore'
	| 'member.move'
	| 'member.invite'
	| 'invitation.revoke'
	| 'people.import'
	| 'assignment.create'
	| 'assignment.remind'
	| 'member.deactivate'
	| 'member.reactivate'
	| 'target.set'
	| 'target.remove'
	| 'settings.reminders'
	| 'settings.issuer'
	| 'settings.joining'
	| 'settings.two-factor'
	| 'settings.scim'
	| 'settings.sso'
	| 'member.provision'
	| 'member.update'
	| 'member.join'
	| 'reminders.run'
	| 'ai-role.create'
	| 'ai-role.update'
	| 'ai-role.archive'
	| 'ai-role.grant'
	| 'ai-role.ungrant'
	| 'settings.ai-statement'

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
	'credential.revoke': 'Credential revoked',
	'credential.suspend': 'Credential suspended',
	'credential.reinstate': 'Credential suspension lifted',
	'team.create': 'Team created',
	'team.rename': 'Team renamed',
	'team.archive': 'Team archived',
	'team.restore': 'Team restored',
	'member.move': 'Person moved to a team',
	'member.invite': 'Person invited',
	'invitation.revoke': 'Invitation withdrawn',
	'people.import': 'People imported from CSV',
	'assignment.create': 'Path assigned',
	'assignment.remind': 'Overdue people reminded',
	'member.deactivate': 'Person deactivated',
	'member.reactivate': 'Person reactivated',
	'target.set': 'Skill target set',
	'target.remove': 'Skill target removed',
	'settings.reminders': 'Reminder settings changed',
	'settings.issuer': 'Issuer profile changed',
	'settings.joining': 'Joining by domain changed',
	'settings.two-factor': 'Two-factor rule for administrators changed',
	'settings.scim': 'Provisioning token created or revoked',
	'settings.sso': 'Single sign-on changed',
	'member.provision': 'Person provisioned by the identity provider',
	'member.update': 'Person’s name or address changed by the identity provider',
	'member.join': 'Person joined by their address’s domain',
	'reminders.run': 'Reminders sent on request',
	'ai-role.create': 'AI-use role defined',
	'ai-role.update': 'AI-use role changed',
	'ai-role.archive': 'AI-use role archived',
	'ai-role.grant': 'AI-use role given',
	'ai-role.ungrant': 'AI-use role taken back',
	'settings.ai-statement': 'AI-literacy statement changed',
}

export type Actor = { id: string; name: string }

export type AuditEntry = {
	orgId: string
	actor: Actor
	action: AuditAction
	targetType: string
	targetId: string
	summary: string
	/** When the action happened, if not now (an action dated by its caller). */
	at?: Date
}

export async function recordAudit(tx: Prisma.TransactionClient, ...entries: AuditEntry[]) {
	await tx.auditEvent.createMany({
		data: entries.map((entry) => ({
			orgId: entry.orgId,
			actorId: entry.actor.id,
			actorName: entry.actor.name,
			action: entry.action,
			targetType: entry.targetType,
			targetId: entry.targetId,
			summary: entry.summary,
			...(entry.at ? { createdAt: entry.at } : {}),
		})),
	})
}

export type AuditFilter = { action?: AuditAction | undefined; from?: Date | undefined; to?: Date | undefined }

function whereOf(orgId: string, filter: AuditFilter): Prisma.AuditEventWhereInput {
	return {
		orgId,
		...(filter.action ? { action: filter.action } : {}),
		...(filter.from || filter.to
			? { createdAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } }
			: {}),
	}
}

const select = {
	id: true,
	createdAt: true,
	actorName: true,
	action: true,
	targetType: true,
	targetId: true,
	summary: true,
} as const

export const AUDIT_PAGE_SIZE = 50

/** Newest first, a page at a time, with the total for the pager. */
export async function listAuditEvents(orgId: string, filter: AuditFilter, page = 1) {
	const where = whereOf(orgId, filter)
	const [events, total] = await Promise.all([
		db.auditEvent.findMany({
			where,
			orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
			skip: (page - 1) * AUDIT_PAGE_SIZE,
			take: AUDIT_PAGE_SIZE,
			select,
		}),
		db.auditEvent.count({ where }),
	])
	return { events, total, pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)) }
}

/**
 * The whole filtered log as CSV, read by keyset in batches of 1,000 only when the reader asks for
 * more (a pull stream), so memory stays flat however long the log is and however slow the client.
 */
export function streamAuditCsv(orgId: string, filter: AuditFilter): ReadableStream<Uint8Array> {
	const where = whereOf(orgId, filter)
	const encoder = new TextEncoder()
	const BATCH = 1000
	let cursor: { createdAt: Date; id: string } | null = null
	let header = true
	return new ReadableStream<Uint8Array>({
		async pull(controller) {
			const rows = await db.auditEvent.findMany({
				where: cursor
					? {
							AND: [
								where,
								{
									OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }],
								},
							],
						}
					: where,
				orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
				take: BATCH,
				select,
			})
			const text = stringify(
				rows.map((row) => [
					row.createdAt.toISOString(),
					row.actorName,
					AUDIT_ACTION_LABELS[row.action as AuditAction] ?? row.action,
					row.targetType,
					row.targetId,
					row.summary,
				]),
				{
					// A cell that starts like a formula (=, +, -, @) is text in a spreadsheet, never run.
					escape_formulas: true,
					// The byte-order mark first, so that Excel reads the file as UTF-8 ("Chloé", not "ChloÃ©").
					...(header
						? {
								bom: true,
								header: true,
								columns: ['time', 'actor', 'action', 'target type', 'target id', 'summary'],
							}
						: {}),
				},
			)
			header = false
			if (text) controller.enqueue(encoder.encode(text))
			const last = rows.at(-1)
			if (rows.length < BATCH || !last) controller.close()
			else cursor = { createdAt: last.createdAt, id: last.id }
		},
	})
}
