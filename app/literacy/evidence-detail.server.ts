/**
 * The evidence report's details and files: each requirement with the credential that meets it (dates, score,
 * the objectives it covers, its verification link), one person's page, the CSV export (with its SHA-256, which
 * the PDF prints) and the gaps the PDF lists.
 */
import { createHash } from 'node:crypto'
import { stringify } from 'csv-stringify/sync'
import { getLesson, getPath } from '../content/catalog.server'
import { viewCredential } from '../credentials/credential-view'
import { db } from '../db/db.server'
import { listTeams } from '../orgs/teams.server'
import { getEvidenceReport, type EvidenceReport, type HeldRequirement } from './evidence.server'
import { evidenceRequest } from './report-query'

export type CredentialEvidence = {
	id: string
	issuedAt: Date
	validUntil: Date
	/** Share of questions answered correctly, 0 to 1. */
	score: number
	/** The verification link, when the holder has left it on. */
	link: string | null
}

/** The credentials that meet requirements in the report, by id (read in chunks, never more than the page needs). */
async function credentialsOf(ids: string[], link: (publicId: string) => string) {
	const found = new Map<string, CredentialEvidence>()
	for (let i = 0; i < ids.length; i += 500) {
		const rows = await db.credential.findMany({
			where: { id: { in: ids.slice(i, i + 500) } },
			select: {
				id: true,
				issuedAt: true,
				validUntil: true,
				publicId: true,
				publicLinkEnabled: true,
				completion: { select: { score: true } },
			},
		})
		for (const r of rows)
			found.set(r.id, {
				id: r.id,
				issuedAt: r.issuedAt,
				validUntil: r.validUntil,
				score: r.completion.score,
				link: r.publicLinkEnabled ? link(r.publicId) : null,
			})
	}
	return found
}

const STATE_LABELS = { met: 'Met', due: 'Due', overdue: 'Overdue' } as const
const isoDay = (date: Date | null | undefined) => (date ? date.toISOString().slice(0, 10) : '')

const CSV_COLUMNS = [
	'Person',
	'Email',
	'Team',
	'Role',
	'Held since',
	'Given through',
	'Required path',
	'State',
	'Due by',
	'Completed on',
	'Score (%)',
	'Valid until',
	'Verification link',
]
/** People per piece of the CSV: their credentials are read for the piece, so memory stays bounded. */
const CSV_PEOPLE_PER_PIECE = 500

/**
 * Every holder's every requirement on the day, one row each, as CSV in pieces (a byte-order mark for Excel,
 * formulas neutralised): the first piece carries the mark and the header. Joined, the pieces are the file.
 */
export async function* evidenceCsvPieces(
	report: EvidenceReport,
	teamNames: Map<string, string>,
	link: (publicId: string) => string,
): AsyncGenerator<string> {
	yield stringify([], { bom: true, header: true, columns: CSV_COLUMNS })
	for (let i = 0; i < report.people.length; i += CSV_PEOPLE_PER_PIECE) {
		const people = report.people.slice(i, i + CSV_PEOPLE_PER_PIECE)
		const ids = people.flatMap((p) => p.roles.flatMap((r) => r.requirements.flatMap((q) => q.credentialId ?? [])))
		const credentials = await credentialsOf([...new Set(ids)], link)
		const rows: string[][] = []
		for (const person of people)
			for (const role of person.roles)
				for (const requirement of role.requirements) {
					const credential = requirement.credentialId ? credentials.get(requirement.credentialId) : undefined
					rows.push([
						person.name,
						person.email,
						person.teamId ? (teamNames.get(person.teamId) ?? '') : '',
						role.roleName,
						isoDay(role.since),
						role.via === 'team' ? 'Team' : 'Person',
						requirement.pathTitle,
						STATE_LABELS[requirement.state],
						isoDay(requirement.dueAt),
						isoDay(credential?.issuedAt),
						credential ? String(Math.round(credential.score * 100)) : '',
						isoDay(credential?.validUntil),
						credential ? (credential.link ?? `urn:uuid:${credential.id}`) : '',
					])
				}
		yield stringify(rows, { escape_formulas: true })
	}
}

/** The whole CSV and its SHA-256 (which the PDF of the same day and scope prints). */
export async function evidenceCsv(
	report: EvidenceReport,
	teamNames: Map<string, string>,
	link: (publicId: string) => string,
) {
	const hash = createHash('sha256')
	let csv = ''
	for await (const piece of evidenceCsvPieces(report, teamNames, link)) {
		hash.update(piece)
		csv += piece
	}
	return { csv, sha256: hash.digest('hex') }
}

/** The requirements people did not meet on the day, overdue first, then by due date and name. */
export function evidenceGaps(report: EvidenceReport, teamNames: Map<string, string>) {
	const gaps = report.people.flatMap((person) =>
		person.roles.flatMap((role) =>
			role.requirements
				.filter((q): q is HeldRequirement & { state: 'due' | 'overdue'; dueAt: Date } => q.state !== 'met')
				.map((q) => ({
					userId: person.userId,
					name: person.name,
					email: person.email,
					team: person.teamId ? (teamNames.get(person.teamId) ?? null) : null,
					role: role.roleName,
					path: q.pathTitle,
					state: q.state,
					dueOn: q.dueAt,
				})),
		),
	)
	const byName = new Intl.Collator('en-GB')
	return gaps.sort(
		(a, b) =>
			(a.state === 'overdue' ? 0 : 1) - (b.state === 'overdue' ? 0 : 1) ||
			a.dueOn.getTime() - b.dueOn.getTime() ||
			byName.compare(a.name, b.name),
	)
}

/** The objectives a credential's assessment covered, as their text (falling back to the id for one no longer taught). */
async function objectivesOf(credentialId: string) {
	const rows = await db.credentialSkill.findMany({ where: { credentialId }, select: { objectives: true } })
	const ids = [...new Set(rows.flatMap((r) => JSON.parse(r.objectives) as string[]))].sort()
	return ids.map((id) => {
		const [pathLesson = '', objective = ''] = id.split('#')
		const [pathSlug = '', lessonSlug = ''] = pathLesson.split('/')
		const path = getPath(pathSlug)
		const lesson = path ? getLesson(path, lessonSlug) : undefined
		return lesson?.objectives.find((o) => o.id === objective)?.text ?? id
	})
}

/** One person's evidence on the day, with each meeting credential's details; null if they held no role then. */
export async function personEvidence(orgId: string, userId: string, asOf: Date, link: (publicId: string) => string) {
	const report = await getEvidenceReport(orgId, asOf, { userId })
	const person = report.people[0]
	if (!person) return null
	const ids = person.roles.flatMap((r) => r.requirements.flatMap((q) => q.credentialId ?? []))
	const credentials = await credentialsOf([...new Set(ids)], link)
	const documents = new Map(
		(await db.credential.findMany({ where: { id: { in: ids } }, select: { id: true, document: true } })).map((c) => [
			c.id,
			viewCredential(JSON.parse(c.document)),
		]),
	)
	const roles = []
	for (const role of person.roles) {
		const requirements = []
		for (const q of role.requirements) {
			const credential = q.credentialId ? credentials.get(q.credentialId) : undefined
			requirements.push({
				...q,
				credential: credential
					? {
							...credential,
							passMark: documents.get(credential.id)?.result?.passMark ?? null,
							objectives: await objectivesOf(credential.id),
						}
					: null,
			})
		}
		roles.push({ ...role, requirements })
	}
	return { ...person, roles }
}

/**
 * The report a page or file of the evidence report asks for by its address (`asOf`, `team`): the day read,
 * the report for that day and scope, and the organisation's team names.
 */
export async function evidenceForRequest(orgId: string, url: URL) {
	const { query, asOf, scope } = evidenceRequest(url)
	const [report, teams] = await Promise.all([getEvidenceReport(orgId, asOf.moment, scope), listTeams(orgId)])
	return { query, asOf, report, teams, teamNames: new Map(teams.map((t) => [t.id, t.name])) }
}
