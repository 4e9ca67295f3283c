import type { CredentialView } from '~/credentials/credential-view'
import { formatDate } from '~/format/dates'

/** What the credential says: the achievement, who holds it, the skills, criteria and result. */
export function CredentialDetails({ view }: { view: CredentialView }) {
	return (
		<div className="flex flex-col gap-6">
			<dl className="grid gap-x-6 gap-y-3 sm:grid-cols-[12rem_1fr]">
				<dt className="font-medium text-ink-muted">Awarded to</dt>
				<dd>{view.learnerName ?? 'Not named'}</dd>
				<dt className="font-medium text-ink-muted">Issued by</dt>
				<dd>
					{view.issuer.url ? (
						<a href={view.issuer.url}>{view.issuer.name ?? view.issuer.url}</a>
					) : (
						(view.issuer.name ?? '—')
					)}
					{view.issuer.id ? <span className="block break-all text-sm text-ink-muted">{view.issuer.id}</span> : null}
				</dd>
				<dt className="font-medium text-ink-muted">Issued on</dt>
				<dd>{formatDate(view.validFrom)}</dd>
				<dt className="font-medium text-ink-muted">Valid until</dt>
				<dd>{formatDate(view.validUntil)}</dd>
				{view.result ? (
					<>
						<dt className="font-medium text-ink-muted">Assessment result</dt>
						<dd>
							{view.result.score}%{view.result.passMark ? ` (pass mark ${view.result.passMark}%)` : ''}
						</dd>
					</>
				) : null}
			</dl>
			{view.description ? (
				<section aria-labelledby="what-it-certifies">
					<h2 id="what-it-certifies" className="text-xl font-semibold">
						What it certifies
					</h2>
					<p className="mt-2">{view.description}</p>
				</section>
			) : null}
			{view.criteria || view.evidence.length > 0 ? (
				<section aria-labelledby="how-assessed">
					<h2 id="how-assessed" className="text-xl font-semibold">
						How it was assessed
					</h2>
					{view.criteria ? <p className="mt-2">{view.criteria}</p> : null}
					{view.evidence.map((e) => (
						<p key={e} className="mt-2 text-ink-muted">
							{e}
						</p>
					))}
				</section>
			) : null}
			{view.skills.length > 0 ? (
				<section aria-labelledby="skills-proven">
					<h2 id="skills-proven" className="text-xl font-semibold">
						Skills it proves
					</h2>
					<ul className="mt-2 space-y-1">
						{view.skills.map((skill) => (
							<li key={`${skill.framework}-${skill.label}`}>
								{skill.url ? <a href={skill.url}>{skill.label}</a> : skill.label}
								<span className="text-sm text-ink-muted">
									{' '}
									· {skill.framework}
									{skill.code ? ` ${skill.code}` : ''}
								</span>
							</li>
						))}
					</ul>
				</section>
			) : null}
		</div>
	)
}
