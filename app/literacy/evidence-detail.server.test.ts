import { createHash } from 'node:crypto'
import { expect, test } from 'vitest'
import { earnCredential } from '../../tests/setup/earn-credential'
import { createTestOrg, createTestUser } from '../../tests/setup/factories'
import { FIXTURE_PATH } from '../../tests/fixtures/content-fixture'
import { db } from '../db/db.server'
import { evidenceCsv, evidenceCsvPieces, evidenceGaps, personEvidence } from './evidence-detail.server'
import { getEvidenceReport } from './evidence.server'
import { createAiRole, grantAiRole } from './roles.server'

const DAY = 24 * 3600 * 1000
const link = (publicId: string) => `https://skillproof.example/c/${publicId}`

async function setup() {
	const { org, actor } = await createTestOrg('Umbrella', { name: 'Olga Owner', role: 'OWNER' })
	const team = await db.team.create({ data: { orgId: org.id, name: 'Claims' } })
	const people = []
	for (const name of ['Ana Able', '=HYPERLINK("http://evil.example")', 'Cem Late']) {
		const user = await createTestUser(name)
		await db.membership.create({ data: { userId: user.id, orgId: org.id, teamId: team.id } })
		people.push(user)
	}
	const t0 = new Date(Date.now() + 3600 * 1000)
	const role = await createAiRole(
		org.id,
		actor,
		{
			name: 'Uses AI in claims',
			description: 'Drafts claim decisions with AI.',
			refreshMonths: 12,
			dueDays: 14,
			pathSlugs: [FIXTURE_PATH],
		},
		t0,
	)
	await grantAiRole(org.id, actor, role.id, { teamId: team.id }, t0)
	const { row } = await earnCredential({ userId: people[0]!.id, now: new Date(t0.getTime() + DAY) })
	return { org, team, people, t0, credential: row }
}

test('the CSV has a row per holder and requirement, with the credential that meets it, formulas neutralised', async () => {
	const { org, team, t0, credential } = await setup()
	const report = await getEvidenceReport(org.id, new Date(t0.getTime() + 20 * DAY))
	const { csv, sha256 } = await evidenceCsv(report, new Map([[team.id, 'Claims']]), link)
	expect(csv.startsWith('\uFEFFPerson,Email,Team,Role,Held since,Given through,Required path,State,')).toBe(true)
	const lines = csv.trim().split('\n')
	expect(lines).toHaveLength(4)
	const ana = lines.find((l) => l.startsWith('Ana Able'))!
	expect(ana).toContain(`,Claims,Uses AI in claims,`)
	expect(ana).toContain(`,Team,Counting parcels well,Met,,`)
	expect(ana.endsWith(`,100,${credential.validUntil.toISOString().slice(0, 10)},${link(credential.publicId)}`)).toBe(
		true,
	)
	expect(lines.find((l) => l.startsWith('Cem Late'))).toContain(',Overdue,')
	// A name that a spreadsheet would run as a formula is written as text.
	expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"")"`)
	expect(csv).not.toMatch(/^=/m)
	// The pieces make the same file, and the hash is the file's.
	let joined = ''
	for await (const piece of evidenceCsvPieces(report, new Map([[team.id, 'Claims']]), link)) joined += piece
	expect(joined).toBe(csv)
	expect(sha256).toBe(createHash('sha256').update(csv).digest('hex'))
})

test('the gaps list the overdue first; a person’s page gives the result, the pass mark and the objectives', async () => {
	const { org, team, people, t0 } = await setup()
	const gaps = evidenceGaps(
		await getEvidenceReport(org.id, new Date(t0.getTime() + 20 * DAY)),
		new Map([[team.id, 'Claims']]),
	)
	expect(gaps.map((g) => [g.state, g.team])).toEqual([
		['overdue', 'Claims'],
		['overdue', 'Claims'],
	])
	const ana = await personEvidence(org.id, people[0]!.id, new Date(t0.getTime() + 2 * DAY), link)
	const requirement = ana!.roles[0]!.requirements[0]!
	expect(requirement.state).toBe('met')
	expect(requirement.credential).toMatchObject({ score: 1, passMark: expect.stringMatching(/^\d+$/) })
	expect(requirement.credential!.objectives.length).toBeGreaterThan(0)
	expect(requirement.credential!.objectives.every((o) => !o.includes('#'))).toBe(true)
	// Someone of another organisation, or nobody, has no page here.
	expect(await personEvidence(org.id, (await createTestUser('Stranger')).id, new Date(), link)).toBeNull()
})
