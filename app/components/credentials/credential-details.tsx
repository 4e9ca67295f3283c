import type { ReactNode } from 'react'
import type { CredentialView } from '~/credentials/credential-view'
import type { VerificationReport } from '~/credentials/verify'
import { formatDate } from '~/format/dates'

type Issuer = VerificationReport['issuer']

/** The path of an image on this site's own `/orgs/` addresses, or null for any other address. */
function sameSiteImage(url: string): string | null {
	try {
		const { pathname, search } = new URL(url)
		return /^\/orgs\/[a-z0-9-]+\/logo$/.test(pathname) ? `${pathname}${search}` : null
	} catch {
		return null
	}
}

/** The logo of an organisation issuing through this site, as this site serves it; never an image from elsewhere. */
export function issuerLogo(view: CredentialView, issuer: Issuer): string | null {
	return issuer?.through && view.issuer.imageUrl ? sameSiteImage(view.issuer.imageUrl) : null
}

/** The issuer as this site knows it: its name and domain first, the DID after, for those who check. */
function ConfirmedIssuer({ view, issuer }: { view: CredentialView; issuer: NonNullable<Issuer> }) {
	const name = issuer.name ?? view.issuer.name ?? issuer.did
	// Links only to an address this site vouches for: its own, or one it keeps for an organisation;
	// and shows an organisation's logo as this site serves it (never an image from elsewhere).
	const url = issuer.standing === 'site' ? view.issuer.url : null
	const logo = issuerLogo(view, issuer)
	return (
		<>
			{logo ? (
				<img src={logo} alt="" width={32} height={32} className="mr-2 inline-block h-8 w-8 align-middle" />
			) : null}
			{url ? <a href={url}>{name}</a> : name}
			{issuer.through ? <span> · through {issuer.through}</span> : null}
			{issuer.domain ? <span className="text-ink-muted"> · {issuer.domain}</span> : null}
			{issuer.standing === 'trusted' ? <span className="text-ink-muted"> · an issuer this site trusts</span> : null}
			<span className="block break-all text-sm text-ink-muted">{issuer.did}</span>
		</>
	)
}

/** An issuer nothing confirms: the DID that signed, then the name the document gives itself, marked as such. */
function ClaimedIssuer({ view }: { view: CredentialView }) {
	return (
		<>
			<span className="block break-all font-mono text-sm">{view.issuer.id ?? 'No issuer named'}</span>
			{view.issuer.name ? (
				<span className="block">
					calls itself “{view.issuer.name}” <span className="text-ink-muted">(the document&apos;s own claim)</span>
				</span>
			) : null}
			{view.issuer.url ? (
				<span className="block break-all text-sm text-ink-muted">and gives the address {view.issuer.url}</span>
			) : null}
		</>
	)
}

/**
 * What the credential says: the achievement, who holds it, the skills, criteria and result. Set out
 * as facts only when verification confirmed who issued it (`issuer` given, `confirmed`); otherwise
 * inside a box of its own headed “What the document claims”, apart from the verdict.
 */
export function CredentialDetails({
	view,
	confirmed = true,
	issuer = null,
}: {
	view: CredentialView
	confirmed?: boolean
	issuer?: Issuer
}) {
	if (!confirmed) {
		return (
			<section
				aria-labelledby="document-claims"
				data-claims="unconfirmed"
				className="rounded-card border-2 border-dashed border-line p-5"
			>
				<h2 id="document-claims" className="text-xl font-semibold">
					What the document claims
				</h2>
				<p className="mt-1 text-sm text-ink-muted">
					Not confirmed: the verdict above says why. Shown so that you can see what it asserts, not as fact.
				</p>
				<div className="mt-4">
					<Details view={view} issuerCell={<ClaimedIssuer view={view} />} nameLabel="Says it is" level={3} />
				</div>
			</section>
		)
	}
	return (
		<Details
			view={view}
			issuerCell={issuer ? <ConfirmedIssuer view={view} issuer={issuer} /> : <ClaimedIssuer view={view} />}
			level={2}
		/>
	)
}

function Details({
	view,
	issuerCell,
	nameLabel,
	level,
}: {
	view: CredentialView
	issuerCell: ReactNode
	nameLabel?: string
	level: 2 | 3
}) {
	const Heading = level === 2 ? 'h2' : 'h3'
	return (
		<div className="flex flex-col gap-6">
			<dl className="grid gap-x-6 gap-y-3 sm:grid-cols-[12rem_1fr]">
				{nameLabel ? (
					<>
						<dt className="font-medium text-ink-muted">{nameLabel}</dt>
						<dd>{view.name}</dd>
					</>
				) : null}
				<dt className="font-medium text-ink-muted">Awarded to</dt>
				<dd>{view.learnerName ?? 'Not named'}</dd>
				<dt className="font-medium text-ink-muted">Issued by</dt>
				<dd>{issuerCell}</dd>
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
					<Heading id="what-it-certifies" className="text-xl font-semibold">
						What it certifies
					</Heading>
					<p className="mt-2">{view.description}</p>
				</section>
			) : null}
			{view.criteria || view.evidence.length > 0 ? (
				<section aria-labelledby="how-assessed">
					<Heading id="how-assessed" className="text-xl font-semibold">
						How it was assessed
					</Heading>
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
					<Heading id="skills-proven" className="text-xl font-semibold">
						Skills it proves
					</Heading>
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
