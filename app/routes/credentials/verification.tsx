import { useEffect, useState } from 'react'
import { data, useLoaderData } from 'react-router'
import type { Route } from './+types/verification'
import { CredentialDetails } from '~/components/credentials/credential-details'
import { stateText, VerificationChecks } from '~/components/credentials/verification-report'
import { pageTitle } from '~/components/page-title'
import { Alert } from '~/components/ui/alert'
import { viewCredential } from '~/credentials/credential-view'
import type { VerificationReport } from '~/credentials/verify'
import { formatDate, formatMoment } from '~/format/dates'
import { asSentence } from '~/format/sentence'
import { badgeImageUrl, browserVerifierOptions, verificationUrl } from '~/issuing/issuer.server'
import { verifyOnServer } from '~/issuing/verify.server'
import { getPublicCredential } from '~/issuing/wallet.server'

export async function loader({ params }: Route.LoaderArgs) {
	const row = await getPublicCredential(params.publicId)
	// A switched-off link and an unknown one look the same: nothing is said about the credential.
	if (!row) throw data({ message: 'There is no credential at this address.' }, { status: 404 })
	const document = JSON.parse(row.document) as unknown
	const report = await verifyOnServer(document)
	const pageUrl = verificationUrl(row.publicId)
	return data(
		{
			view: viewCredential(document),
			report,
			status: {
				revokedAt: row.revokedAt?.toISOString() ?? null,
				revokedReason: row.revokedReason,
				suspendedAt: row.suspendedAt?.toISOString() ?? null,
				suspendedReason: row.suspendedReason,
			},
			pageUrl,
			jsonUrl: `${pageUrl}/credential.json`,
			imageUrl: badgeImageUrl(row.pathSlug),
			verifier: browserVerifierOptions,
		},
		{ headers: { 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' } },
	)
}

export const meta: Route.MetaFunction = ({ data: loaderData }) => {
	if (!loaderData) return pageTitle('Credential not found')
	const { view, pageUrl, jsonUrl, imageUrl } = loaderData
	const title = `${view.name}${view.learnerName ? ` — ${view.learnerName}` : ''}`
	const description =
		`A verifiable credential issued by ${view.issuer.name ?? 'its issuer'} on ${formatDate(view.validFrom)}. ${view.description ?? ''}`.trim()
	return [
		...pageTitle(title),
		{ name: 'description', content: description },
		{ name: 'robots', content: 'noindex' },
		{ property: 'og:type', content: 'website' },
		{ property: 'og:title', content: title },
		{ property: 'og:description', content: description },
		{ property: 'og:url', content: pageUrl },
		{ property: 'og:image', content: imageUrl },
		{ name: 'twitter:card', content: 'summary' },
		{ tagName: 'link', rel: 'alternate', type: 'application/ld+json', href: jsonUrl },
	]
}

function StatusBanner() {
	const { report, status } = useLoaderData<typeof loader>()
	if (report.state === 'revoked') {
		return (
			<Alert tone="error" role="status">
				<strong>Revoked</strong> on {formatDate(status.revokedAt)}. Reason:{' '}
				{asSentence(status.revokedReason ?? 'not given')}
			</Alert>
		)
	}
	if (report.state === 'suspended') {
		return (
			<Alert tone="error" role="status">
				<strong>Suspended</strong> since {formatDate(status.suspendedAt)}. Reason:{' '}
				{asSentence(status.suspendedReason ?? 'not given')}
			</Alert>
		)
	}
	if (report.state === 'valid') {
		return (
			<Alert tone="success" role="status">
				<strong>Valid.</strong> Every check passed: this credential is genuine, unchanged, current and not revoked.
			</Alert>
		)
	}
	return (
		<Alert tone="error" role="status">
			<strong>{stateText(report.state)}.</strong> {report.checks.find((c) => c.outcome === 'fail')?.message}
		</Alert>
	)
}

type BrowserState =
	{ kind: 'running' } | { kind: 'done'; report: VerificationReport } | { kind: 'error'; message: string }

/** Verifies the served JSON again in this browser, with the same libraries, after the page loads. */
function BrowserVerification() {
	const { jsonUrl, verifier } = useLoaderData<typeof loader>()
	const [state, setState] = useState<BrowserState>({ kind: 'running' })
	useEffect(() => {
		let cancelled = false
		import('~/credentials/browser-verify')
			.then(({ verifyUrlInBrowser }) => verifyUrlInBrowser(jsonUrl, verifier, new Date(), formatMoment))
			.then(
				(report) => !cancelled && setState({ kind: 'done', report }),
				(error: unknown) =>
					!cancelled && setState({ kind: 'error', message: error instanceof Error ? error.message : String(error) }),
			)
		return () => {
			cancelled = true
		}
	}, [jsonUrl, verifier])
	return (
		<div aria-live="polite" data-browser-verification={state.kind}>
			{state.kind === 'done' ? (
				<VerificationChecks report={state.report} where="In your browser" id="checks-browser" />
			) : state.kind === 'error' ? (
				<Alert tone="error">Your browser could not run the verification: {state.message}</Alert>
			) : (
				<p className="rounded-card border border-line bg-surface p-5 text-ink-muted">
					Verifying in your browser… (this needs JavaScript; the server&apos;s result is shown beside it)
				</p>
			)}
		</div>
	)
}

export default function VerificationPage() {
	const { view, report, jsonUrl } = useLoaderData<typeof loader>()
	return (
		<article className="mx-auto flex max-w-4xl flex-col gap-8">
			<header className="flex flex-col gap-4 sm:flex-row sm:items-center">
				<img src={view.imageUrl ?? undefined} alt="" width={96} height={96} className="h-24 w-24 shrink-0" />
				<div>
					<p className="text-sm font-medium uppercase tracking-wide text-ink-muted">Verifiable credential</p>
					<h1 className="text-3xl font-bold">{view.name}</h1>
					<p className="mt-1 text-lg">{view.learnerName}</p>
				</div>
			</header>
			<StatusBanner />
			<CredentialDetails view={view} />
			<section aria-labelledby="verification" className="flex flex-col gap-4">
				<h2 id="verification" className="text-xl font-semibold">
					Verification
				</h2>
				<p className="text-ink-muted">
					The signature (Ed25519, eddsa-rdfc-2022), the issuer&apos;s key, the dates and the revocation status are
					checked on our server and again in your own browser with the open-source libraries that wallets and verifiers
					use.
				</p>
				<div className="grid gap-4 md:grid-cols-2">
					<VerificationChecks report={report} where="On the server" id="checks-server" />
					<BrowserVerification />
				</div>
				<p>
					<a href={jsonUrl} type="application/ld+json">
						The signed credential (JSON)
					</a>{' '}
					· <a href="/verify">Verify another credential</a>
				</p>
			</section>
		</article>
	)
}
