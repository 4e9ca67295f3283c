import { data, Link, useLoaderData } from 'react-router'
import type { Route } from './+types/ai-literacy-person'
import { requireAdminMembership } from '~/auth/auth.server'
import { pageTitle } from '~/components/page-title'
import { Alert } from '~/components/ui/alert'
import { Card } from '~/components/ui/card'
import { formatDate } from '~/format/dates'
import { verificationUrl } from '~/issuing/issuer.server'
import { personEvidence } from '~/literacy/evidence-detail.server'
import { asOfMoment, evidenceQuerySchema } from '~/literacy/report-query'

export const meta: Route.MetaFunction = ({ data: loaded }) =>
	pageTitle(`${loaded?.person?.name ?? 'Person'} · AI literacy evidence · Admin`)

export async function loader({ params, request, context }: Route.LoaderArgs) {
	const membership = requireAdminMembership(context)
	const query = evidenceQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams))
	const asOf = asOfMoment(query.asOf)
	// Only members of this organisation: anyone else is as unknown as an id that does not exist.
	if (!/^[a-z0-9]{1,40}$/.test(params.userId)) throw data({ message: 'There is no such person.' }, { status: 404 })
	const person = await personEvidence(membership.orgId, params.userId, asOf.moment, verificationUrl)
	if (!person) throw data({ message: 'This person held no AI-use role on that day.' }, { status: 404 })
	return { person, asOf: { day: asOf.day, problem: asOf.problem } }
}

const STATE_TEXT = { met: 'Met', due: 'Due', overdue: 'Overdue' } as const

export default function PersonEvidencePage() {
	const { person, asOf } = useLoaderData<typeof loader>()
	return (
		<div className="flex flex-col gap-6">
			<p>
				<Link to={`/admin/ai-literacy/report?asOf=${asOf.day}`}>AI literacy evidence</Link>
			</p>
			<h1 className="text-3xl font-bold">{person.name}</h1>
			<p>
				{person.email} · as of {formatDate(`${asOf.day}T12:00:00Z`)}
			</p>
			{asOf.problem ? (
				<Alert tone="error" role="alert">
					{asOf.problem}
				</Alert>
			) : null}
			{person.roles.map((role) => (
				<Card key={role.roleId} aria-labelledby={`role-${role.roleId}`} className="flex flex-col gap-3">
					<h2 id={`role-${role.roleId}`} className="text-xl font-semibold">
						{role.roleName}
					</h2>
					<p>
						Held since {formatDate(role.since)}, {role.via === 'team' ? 'through their team' : 'given in person'}.{' '}
						<strong>{role.meets ? 'Meets its requirements.' : role.overdue ? 'Overdue.' : 'Not met yet.'}</strong>
					</p>
					<ul className="flex flex-col gap-3">
						{role.requirements.map((q) => (
							<li key={q.pathSlug} className="flex flex-col gap-1 border-t border-line pt-3">
								<h3 className="font-medium">
									{q.pathTitle}: {STATE_TEXT[q.state]}
									{q.dueAt ? ` (${q.state === 'overdue' ? 'was due' : 'due by'} ${formatDate(q.dueAt)})` : ''}
								</h3>
								{q.credential ? (
									<>
										<p>
											Passed on {formatDate(q.credential.issuedAt)} with {Math.round(q.credential.score * 100)}%
											{q.credential.passMark ? ` (pass mark ${q.credential.passMark}%)` : ''}; credential valid until{' '}
											{formatDate(q.credential.validUntil)}.{' '}
											{q.credential.link ? (
												<a href={q.credential.link}>Verify the credential</a>
											) : (
												<span className="text-ink-muted">The holder has switched its public link off.</span>
											)}
										</p>
										{q.credential.objectives.length > 0 ? (
											<details>
												<summary className="cursor-pointer">
													{q.credential.objectives.length} objectives answered correctly in the assessment
												</summary>
												<ul className="mt-2 list-disc pl-6 text-sm">
													{q.credential.objectives.map((o) => (
														<li key={o}>{o}</li>
													))}
												</ul>
											</details>
										) : null}
									</>
								) : (
									<p className="text-ink-muted">No credential for this path counted on that day.</p>
								)}
							</li>
						))}
					</ul>
				</Card>
			))}
		</div>
	)
}
