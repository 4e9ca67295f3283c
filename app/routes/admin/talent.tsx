import { Form, Link, useLoaderData, useLocation } from 'react-router'
import type { Route } from './+types/talent'
import { requireAdminMembership } from '~/auth/auth.server'
import { pageTitle } from '~/components/page-title'
import { Button } from '~/components/ui/button'
import { Card } from '~/components/ui/card'
import { DataTable } from '~/components/ui/data-table'
import { Pager, SelectField } from '~/components/ui/filter-fields'
import { formatDate } from '~/format/dates'
import { listTeams } from '~/orgs/teams.server'
import { searchTalent, talentQuerySchema, talentSkills } from '~/orgs/talent-search.server'
import { LEVEL_RULE } from '~/skills/skill-level'

export const meta: Route.MetaFunction = () => pageTitle('Talent search · Admin')

export async function loader({ request, context }: Route.LoaderArgs) {
	const membership = requireAdminMembership(context)
	const query = talentQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
	const [teams, result] = await Promise.all([listTeams(membership.orgId), searchTalent(membership.orgId, query)])
	const skills = talentSkills().sort((a, b) => a.label.localeCompare(b.label))
	return {
		query,
		skills,
		teams: teams.filter((t) => t.archivedAt === null).map((t) => ({ id: t.id, name: t.name })),
		skillLabel: skills.find((s) => s.id === query.skill)?.label ?? null,
		result: result
			? {
					...result,
					matches: result.matches.map((m) => ({
						...m,
						proofs: m.proofs.map((p) => ({
							...p,
							issuedAt: p.issuedAt.toISOString(),
							validUntil: p.validUntil.toISOString(),
						})),
					})),
				}
			: null,
	}
}

const LEVELS = [
	['1', 'Level 1 (Demonstrated) or above'],
	['2', 'Level 2 (Practised) or above'],
	['3', 'Level 3 (Proficient)'],
] as const

export default function TalentSearchPage() {
	const { query, skills, teams, skillLabel, result } = useLoaderData<typeof loader>()
	const { search } = useLocation()
	const csvQuery = new URLSearchParams(search)
	csvQuery.delete('page')
	return (
		<div className="flex flex-col gap-6">
			<h1 className="text-3xl font-bold">Talent search</h1>
			<p className="max-w-prose">
				Find the people in your organisation who hold a skill verified today: a valid credential, neither revoked nor
				suspended, attests it. {LEVEL_RULE[2]}
			</p>
			<Card aria-labelledby="talent-search-form">
				<h2 id="talent-search-form" className="sr-only">
					Search
				</h2>
				<Form method="get" className="flex flex-wrap items-end gap-3">
					<SelectField
						id="talent-skill"
						name="skill"
						label="Skill"
						placeholder="Choose a skill"
						placeholderDisabled
						required
						defaultValue={query.skill}
						options={skills.map((s) => [s.id, `${s.label} (${s.framework})`] as const)}
					/>
					<SelectField
						id="talent-level"
						name="level"
						label="Level"
						defaultValue={String(query.level)}
						options={[...LEVELS]}
					/>
					<SelectField
						id="talent-team"
						name="team"
						label="Team"
						placeholder="Every team"
						defaultValue={query.team}
						options={[...teams.map((t) => [t.id, t.name] as const), ['none', 'No team'] as const]}
					/>
					<Button type="submit">Search</Button>
				</Form>
			</Card>
			{result && skillLabel ? (
				<section aria-labelledby="talent-results" className="flex flex-col gap-4">
					<div className="flex flex-wrap items-baseline justify-between gap-2">
						<h2 id="talent-results" className="text-xl font-semibold">
							{result.total} {result.total === 1 ? 'person holds' : 'people hold'} {skillLabel}
						</h2>
						{result.total > 0 ? (
							<a href={`/admin/talent.csv?${csvQuery}`} download>
								Export as CSV
							</a>
						) : null}
					</div>
					{result.total > 0 ? (
						<>
							<DataTable
								caption={`People holding ${skillLabel}, with the proof`}
								columns={['Person', 'Team', 'Level', 'Proof']}
							>
								{result.matches.map((m) => (
									<tr key={m.userId} className="border-b border-line align-top last:border-0">
										<th scope="row" className="py-2 pr-3 font-normal">
											<Link to={`/admin/reports/people/${m.userId}`}>{m.name}</Link>
											<span className="block text-sm text-ink-muted">{m.email}</span>
										</th>
										<td className="py-2 pr-3">{m.team ?? 'No team'}</td>
										<td className="py-2 pr-3">
											Level {m.level.level} ({m.level.label})
											<span className="block text-sm text-ink-muted">
												{m.objectives} {m.objectives === 1 ? 'objective' : 'objectives'}
											</span>
										</td>
										<td className="py-2 pr-3">
											<ul className="flex flex-col gap-1">
												{m.proofs.map((p) => (
													<li key={p.credentialId}>
														{p.publicId ? <a href={`/c/${p.publicId}`}>{p.name}</a> : p.name}
														<span className="block text-sm text-ink-muted">
															Issued {formatDate(p.issuedAt)}, valid until {formatDate(p.validUntil)}
															{p.publicId ? '' : ' · its public link is off'}
														</span>
													</li>
												))}
											</ul>
										</td>
									</tr>
								))}
							</DataTable>
							<Pager page={result.page} pages={result.pages} search={search} />
						</>
					) : (
						<p className="text-ink-muted">Nobody here holds it at this level yet.</p>
					)}
				</section>
			) : (
				<p className="text-ink-muted">Choose a skill to see who holds it.</p>
			)}
		</div>
	)
}
