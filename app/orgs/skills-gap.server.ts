/**
 * The skills gap: admins set, per team, target skills with the share of the team's active members
 * who should hold each one verified; the gap compares that with today's coverage (the share holding
 * a valid credential that attests the skill, from the evidence rows: one grouped query).
 * Only skills some path attests can be targets: no other skill can ever be verified here.
 */
import { z } from 'zod'
import { recordAudit, type Actor } from '../audit/audit.server'
import { listPaths } from '../content/catalog.server'
import { getSkill, type Skill } from '../content/skill-ids'
import { db } from '../db/db.server'
import { attestedSkills } from '../skills/skill-catalog.server'
import { getTeamSkillCoverage } from '../skills/skills-profile.server'
import { gapStatus, type GapStatus } from './skills-gap'

export class TargetError extends Error {}

/** Skills that can be targets: attested by at least one path, in the order the paths list them. */
export function targetableSkills(): Skill[] {
	const seen = new Map<string, Skill>()
	for (const path of listPaths()) for (const skill of attestedSkills(path)) seen.set(skill.id, skill)
	return [...seen.values()]
}

export const targetSchema = z.object({
	teamId: z.string({ message: 'Choose a team.' }).min(1, 'Choose a team.'),
	skillId: z
		.string({ message: 'Choose a skill.' })
		.min(1, 'Choose a skill.')
		.refine((id) => targetableSkills().some((s) => s.id === id), 'Choose a skill that a path here attests.'),
	targetPercent: z.coerce
		.number({ message: 'Give a percentage.' })
		.int('Give a whole percentage.')
		.min(1, 'At least 1%.')
		.max(100, 'At most 100%.'),
})

async function teamOf(orgId: string, teamId: string) {
	const team = await db.team.findFirst({
		where: { id: teamId, orgId, archivedAt: null },
		select: { id: true, name: true },
	})
	if (!team) throw new TargetError('Choose a team of your organisation that is not archived.')
	return team
}

export async function setTarget(orgId: string, actor: Actor, input: z.infer<typeof targetSchema>) {
	const team = await teamOf(orgId, input.teamId)
	const skill = getSkill(input.skillId)!
	await db.$transaction(async (tx) => {
		await tx.teamSkillTarget.upsert({
			where: { teamId_skillId: { teamId: team.id, skillId: skill.id } },
			create: { teamId: team.id, orgId, skillId: skill.id, targetPercent: input.targetPercent },
			update: { targetPercent: input.targetPercent },
		})
		await recordAudit(tx, {
			orgId,
			actor,
			action: 'target.set',
			targetType: 'team',
			targetId: team.id,
			summary: `Set the target for “${skill.label}” in “${team.name}” to ${input.targetPercent}%.`,
		})
	})
}

export async function removeTarget(orgId: string, actor: Actor, teamId: string, skillId: string) {
	const team = await teamOf(orgId, teamId)
	await db.$transaction(async (tx) => {
		const { count } = await tx.teamSkillTarget.deleteMany({ where: { orgId, teamId: team.id, skillId } })
		if (count === 0) throw new TargetError('There is no such target.')
		await recordAudit(tx, {
			orgId,
			actor,
			action: 'target.remove',
			targetType: 'team',
			targetId: team.id,
			summary: `Removed the target for “${getSkill(skillId)?.label ?? skillId}” in “${team.name}”.`,
		})
	})
}

export type GapCell = { holders: number; percent: number; target: number | null; status: GapStatus }

/**
 * Teams × skills: every team that is not archived, and as columns the skills with a target in any
 * team (or, when no target is set yet, every targetable skill), each cell with its coverage.
 */
export async function getSkillsGap(orgId: string, now = new Date()) {
	const [teams, members, coverage, targets] = await Promise.all([
		db.team.findMany({
			where: { orgId, archivedAt: null },
			orderBy: { name: 'asc' },
			select: { id: true, name: true },
		}),
		db.membership.groupBy({
			by: ['teamId'],
			where: { orgId, deactivatedAt: null, teamId: { not: null } },
			_count: { _all: true },
		}),
		getTeamSkillCoverage(orgId, now),
		db.teamSkillTarget.findMany({ where: { orgId }, select: { teamId: true, skillId: true, targetPercent: true } }),
	])
	const memberCount = new Map(members.map((m) => [m.teamId, m._count._all]))
	const holders = new Map(coverage.map((c) => [`${c.teamId}|${c.skillId}`, c.holders]))
	const targetOf = new Map(targets.map((t) => [`${t.teamId}|${t.skillId}`, t.targetPercent]))
	const targeted = new Set(targets.map((t) => t.skillId))
	const skills = targetableSkills().filter((s) => targeted.size === 0 || targeted.has(s.id))
	const rows = teams.map((team) => {
		const size = memberCount.get(team.id) ?? 0
		const cells: GapCell[] = skills.map((skill) => {
			const key = `${team.id}|${skill.id}`
			const count = holders.get(key) ?? 0
			const percent = size === 0 ? 0 : Math.round((count / size) * 100)
			const target = targetOf.get(key) ?? null
			return { holders: count, percent, target, status: gapStatus(percent, target) }
		})
		return { teamId: team.id, name: team.name, members: size, cells }
	})
	const targetsMet = rows.flatMap((r) => r.cells).filter((c) => c.status === 'met').length
	return {
		skills: skills.map((s) => ({ id: s.id, label: s.label, framework: s.framework, pagePath: s.pagePath })),
		rows,
		summary: { targets: targets.length, met: targetsMet },
		targets: targets.map((t) => ({
			...t,
			teamName: teams.find((team) => team.id === t.teamId)?.name ?? null,
			skillLabel: getSkill(t.skillId)?.label ?? t.skillId,
		})),
	}
}

/** The skills the learner's current team (in their active memberships) has a target for. */
export async function myTeamTargetSkills(userId: string): Promise<Set<string>> {
	const rows = await db.teamSkillTarget.findMany({
		where: { team: { archivedAt: null, memberships: { some: { userId, deactivatedAt: null } } } },
		select: { skillId: true },
	})
	return new Set(rows.map((r) => r.skillId))
}
