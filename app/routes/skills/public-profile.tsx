import { useEffect, useState } from 'react'
import { data, useLoaderData } from 'react-router'
import type { Route } from './+types/public-profile'
import { CredentialStateBadge } from '~/components/credentials/credential-state-badge'
import { stateText } from '~/components/credentials/verification-report'
import { pageTitle } from '~/components/page-title'
import { SkillAttribution } from '~/components/skills/skill-attribution'
import { LevelRule, SkillsWithProof, type ProofHref } from '~/components/skills/skill-lists'
import { Alert } from '~/components/ui/alert'
import { Card } from '~/components/ui/card'
import type { VerificationReport } from '~/credentials/verify'
import { formatDate, formatDateTime, formatMoment } from '~/format/dates'
import { browserVerifierOptions } from '~/issuing/verify.server'
import { getPublicProfile } from '~/skills/public-profile.server'
import { LEVEL_RULE } from '~/skills/skill-level'

export async function loader({ params }: Route.LoaderArgs) {
	const profile = await getPublicProfile(params.handle)
	// Unpublished, unknown and malformed addresses all look the same.
	if (!profile) throw data({ message: 'There is no public profile at this address.' }, { status: 404 })
	return data(
		{ profile, verifier: await browserVerifierOptions(), levelRule: LEVEL_RULE },
		{ headers: { 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' } },
	)
}

export const meta: Route.MetaFunction = ({ data: loaderData }) => {
	if (!loaderData) return pageTitle('Profile not found')
	const { profile } = loaderData
	const title = `${profile.name}: verified skills`
	const description = `${profile.skills.verified.length} verified skill(s), backed by ${profile.credentials.length} credential(s) anyone can check.`
	return [
		...pageTitle(title),
		{ name: 'description', content: description },
		{ name: 'robots', content: 'noindex' },
		{ property: 'og:type', content: 'profile' },
		{ property: 'og:title', content: title },
		{ property: 'og:description', content: description },
	]
}

const publicProofHref: ProofHref = (proof) => (proof.publicId ? `/c/${proof.publicId}` : null)

type BrowserState =
	{ kind: 'running' } | { kind: 'done'; reports: VerificationReport[] } | { kind: 'error'; message: string }

function summarise(reports: VerificationReport[]) {
	const counts = new Map<string, number>()
	for (const report of reports) counts.set(report.state, (counts.get(report.state) ?? 0) + 1)
	const checkedAt = formatDateTime(reports[0]?.checkedAt ?? new Date().toISOString())
	const total = `${reports.length} credential${reports.length === 1 ? '' : 's'}`
	if (counts.get('valid') === reports.length)
		return { ok: true, text: `${total}, all verified, checked at ${checkedAt}.` }
	const parts = [...counts].map(
		([state, n]) =>
			`${n} ${state === 'valid' ? 'verified' : stateText(state as VerificationReport['state']).toLowerCase()}`,
	)
	return { ok: false, text: `${total}: ${parts.join(', ')}, checked at ${checkedAt}.` }
}

/** Every listed credential verified again in this browser: signature, issuer key, dates and status. */
function BrowserVerification() {
	const { profile, verifier } = useLoaderData<typeof loader>()
	const [state, setState] = useState<BrowserState>({ kind: 'running' })
	useEffect(() => {
		let cancelled = false
		import('~/credentials/browser-verify')
			.then(({ verifyInBrowser }) => {
				const now = new Date()
				return Promise.all(profile.credentials.map((c) => verifyInBrowser(c.document, verifier, now, formatMoment)))
			})
			.then(
				(reports) => !cancelled && setState({ kind: 'done', reports }),
				(error: unknown) =>
					!cancelled && setState({ kind: 'error', message: error instanceof Error ? error.message : String(error) }),
			)
		return () => {
			cancelled = true
		}
	}, [profile.credentials, verifier])
	if (profile.credentials.length === 0)
		return <p className="text-ink-muted">No credentials are listed on this profile.</p>
	if (state.kind === 'running') {
		return (
			<p className="rounded-card border border-line bg-surface p-4 text-ink-muted" data-browser-verification="running">
				Verifying {profile.credentials.length} credential(s) in your browser… (this needs JavaScript)
			</p>
		)
	}
	if (state.kind === 'error') {
		return <Alert tone="error">Your browser could not run the verification: {state.message}</Alert>
	}
	const summary = summarise(state.reports)
	return (
		<div className="flex flex-col gap-3" data-browser-verification="done">
			<Alert tone={summary.ok ? 'success' : 'error'} role="status">
				<strong>{summary.text}</strong>
			</Alert>
			<ul className="flex flex-col gap-1">
				{state.reports.map((report, i) => (
					<li key={report.summary.id ?? i}>
						{profile.credentials[i]!.name}: {stateText(report.state)}
						{report.state === 'valid' ? '' : ` (${report.checks.find((c) => c.outcome === 'fail')?.message ?? ''})`}
					</li>
				))}
			</ul>
		</div>
	)
}

export default function PublicProfilePage() {
	const { profile, levelRule } = useLoaderData<typeof loader>()
	return (
		<article className="flex flex-col gap-6">
			<header className="flex flex-col gap-1">
				<p className="text-sm font-medium uppercase tracking-wide text-ink-muted">Verified skills profile</p>
				<h1 className="text-3xl font-bold">{profile.name}</h1>
			</header>
			<section aria-labelledby="verification-heading" className="flex flex-col gap-3">
				<h2 id="verification-heading" className="text-xl font-semibold">
					Verification in your browser
				</h2>
				<p className="max-w-3xl text-ink-muted">
					Each credential below is checked here, in your browser, with the libraries wallets and verifiers use: its
					signature, the issuer&apos;s key, its dates and its revocation status.
				</p>
				<BrowserVerification />
			</section>
			<Card aria-labelledby="verified-heading">
				<h2 id="verified-heading" className="mb-4 text-xl font-semibold">
					Verified skills
				</h2>
				<SkillsWithProof
					skills={profile.skills.verified}
					href={publicProofHref}
					emptyText="No skill is verified by the credentials listed here."
				/>
			</Card>
			{profile.skills.lapsed.length > 0 ? (
				<Card aria-labelledby="lapsed-heading">
					<h2 id="lapsed-heading" className="mb-2 text-xl font-semibold">
						Skills whose proof lapsed
					</h2>
					<p className="mb-4 text-ink-muted">Their credentials expired, or were suspended or revoked by the issuer.</p>
					<SkillsWithProof skills={profile.skills.lapsed} href={publicProofHref} emptyText="" />
				</Card>
			) : null}
			<Card aria-labelledby="credentials-heading">
				<h2 id="credentials-heading" className="mb-4 text-xl font-semibold">
					Credentials
				</h2>
				<ul className="flex flex-col gap-2">
					{profile.credentials.map((credential, i) => (
						<li key={credential.publicId ?? i} className="flex flex-wrap items-center gap-3">
							{credential.publicId ? (
								<a href={`/c/${credential.publicId}`}>{credential.name}</a>
							) : (
								<span>{credential.name}</span>
							)}
							<span className="text-sm text-ink-muted">
								issued {formatDate(credential.issuedAt)} · valid until {formatDate(credential.validUntil)}
							</span>
							<CredentialStateBadge state={credential.state} />
						</li>
					))}
				</ul>
			</Card>
			<LevelRule rule={levelRule} />
			<SkillAttribution />
		</article>
	)
}
