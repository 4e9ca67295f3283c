/**
 * Teams of an organisation: create, rename, archive (and restore), and moving people between
 * teams. Every change is written with its audit entry in one transaction.
 */
import { z } from 'zod'
import { recordAudit, type Actor } from '../audit/audit.server'
import { db } from '../db/db.server'
import { isUniqueViolation } from '../db/errors.server'
import { typedText } from '../http/typed-text'
import { grantTeamAssignments } from './assignments.server'

export const teamNameSchema = typedText(
	z
		.string({ error: 'Give the team a name.' })
		.trim()
		.min(1, 'Give the team a name.')
		.max(80, 'Keep the name under 80 characters.'),
)

export class TeamError extends Error {}

const DUPLICATE = 'Another team of your organisation already has this name.'

/** A team of the organisation, or null (another organisation's team is not found). */
export function getOrgTeam(orgId: string, teamId: string) {
	return db.team.findFirst({ where: { id: teamId, orgId }, select: { id: true, name: true, archivedAt: true } })
}

async function findTeam(orgId: string, teamId: string) {
	const team = await getOrgTeam(orgId, teamId)
	if (!team) throw new TeamError('There is no such team in your organisation.')
	return team
}

export async function listTeams(orgId: string) {
	const teams = await db.team.findMany({
		where: { orgId },
		orderBy: [{ archivedAt: { sort: 'asc', nulls: 'first' } }, { name: 'asc' }],
		// Active members only: deactivated people are out of the organisation's figures.
		select: {
			id: true,
			name: true,
			archivedAt: true,
			_count: { select: { memberships: { where: { deactivatedAt: null } } } },
		},
	})
	return teams.map((t) => ({ id: t.id, name: t.name, archivedAt: t.archivedAt, members: t._count.memberships }))
}

export async function createTeam(orgId: string, actor: Actor, name: string) {
	try {
		return await db.$transaction(async (tx) => {
			const team = await tx.team.create({ data: { orgId, name }, select: { id: true, name: true } })
			await recordAudit(tx, {
				orgId,
				actor,
				action: 'team.create',
				targetType: 'team',
				targetId: team.id,
				summary: `Created the team “${name}”.`,
			})
			return team
		})
	} catch (error) {
		if (isUniqueViolation(error)) throw new TeamError(DUPLICATE)
		throw error
	}
}

export async function renameTeam(orgId: string, actor: Actor, teamId: string, name: string) {
	const team = await findTeam(orgId, teamId)
	if (team.name === name) return
	try {
		await db.$transaction(async (tx) => {
			await tx.team.update({ where: { id: team.id }, data: { name }, select: { id: true } })
			await recordAudit(tx, {
				orgId,
				actor,
				action: 'team.rename',
				targetType: 'team',
				targetId: team.id,
				summary: `Renamed the team “${team.name}” to “${name}”.`,
			})
		})
	} catch (error) {
		if (isUniqueViolation(error)) throw new TeamError(DUPLICATE)
		throw error
	}
}

/**
 * Archiving hides a team from choices and reports; its members keep their team until moved, so
 * nothing about them is lost, and restoring brings the team back as it was.
 */
export async function setTeamArchived(orgId: string, actor: Actor, teamId: string, archived: boolean) {
	const team = await findTeam(orgId, teamId)
	if ((team.archivedAt !== null) === archived) return
	await db.$transaction(async (tx) => {
		await tx.team.update({
			where: { id: team.id },
			data: { archivedAt: archived ? new Date() : null },
			select: { id: true },
		})
		await recordAudit(tx, {
			orgId,
			actor,
			action: archived ? 'team.archive' : 'team.restore',
			targetType: 'team',
			targetId: team.id,
			summary: `${archived ? 'Archived' : 'Restored'} the team “${team.name}”.`,
		})
	})
}

export const MAX_MOVE = 500

/** Moves members of the organisation to a team (or to no team): all of them, or none. */
export async function moveMembers(orgId: string, actor: Actor, userIds: string[], teamId: string | null) {
	const ids = [...new Set(userIds)]
	if (ids.length === 0) throw new TeamError('Choose at least one person to move.')
	if (ids.length > MAX_MOVE) throw new TeamError(`Move at most ${MAX_MOVE} people at a time.`)
	const target = teamId ? await findTeam(orgId, teamId) : null
	if (target?.archivedAt) throw new TeamError('This team is archived; restore it before moving people into it.')
	return db.$transaction(async (tx) => {
		const members = await tx.membership.findMany({
			where: { orgId, userId: { in: ids } },
			select: { userId: true, teamId: true, user: { select: { name: true } } },
		})
		if (members.length !== ids.length) throw new TeamError('Some of these people are not in your organisation.')
		const moving = members.filter((m) => m.teamId !== (target?.id ?? null))
		if (moving.length === 0) return 0
		await tx.membership.updateMany({
			where: { orgId, userId: { in: moving.map((m) => m.userId) } },
			data: { teamId: target?.id ?? null },
		})
		if (target)
			await grantTeamAssignments(
				tx,
				orgId,
				target.id,
				moving.map((m) => m.userId),
				new Date(),
			)
		await recordAudit(
			tx,
			...moving.map((member) => ({
				orgId,
				actor,
				action: 'member.move' as const,
				targetType: 'person',
				targetId: member.userId,
				summary: `Moved ${member.user.name} to ${target ? `the team “${target.name}”` : 'no team'}.`,
			})),
		)
		return moving.length
	})
}
