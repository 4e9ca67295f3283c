import { useMemo } from 'react'
import { data, useLoaderData } from 'react-router'
import type { Route } from './+types/verification'
import { BrowserVerification } from '~/components/credentials/browser-verification'
import { CredentialDetails, issuerLogo } from '~/components/credentials/credential-details'
import { VerdictBanner } from '~/components/credentials/verdict-banner'
import { VerificationChecks } from '~/components/credentials/verification-report'
import { pageTitle } from '~/components/page-title'
import { isConfirmed } from '~/credentials/verdict'
import { viewCredential } from '~/credentials/credential-view'
import { formatDate } from '~/format/dates'
import { asSentence } from '~/format/sentence'
import { badgeImageUrl, verificationUrl } from '~/issuing/issuer.server'
import { browserVerifierOptions, verifyOnServer } from '~/issuing/verify.server'
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
			verifier: await browserVerifierOptions(),
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

/** The verdict, with the date and reason of a revocation or suspension as the issuer recorded them. */
function StatusBanner() {
	const { report, status } = useLoaderData<typeof loader>()
	if (report.state === 'revoked') {
		return (
			<VerdictBanner report={report}>
				Revoked by its issuer on {formatDate(status.revokedAt)}. Reason:{' '}
				{asSentence(status.revokedReason ?? 'not given')}
			</VerdictBanner>
		)
	}
	if (report.state === 'suspended') {
		return (
			<VerdictBanner report={report}>
				Suspended by its issuer since {formatDate(status.suspendedAt)}. Reason:{' '}
				{asSentence(status.suspendedReason ?? 'not given')}
			</VerdictBanner>
		)
	}
	return <VerdictBanner report={report} />
}

export default function VerificationPage() {
	const { view, report, jsonUrl, verifier } = useLoaderData<typeof loader>()
	const source = useMemo(() => ({ url: jsonUrl }), [jsonUrl])
	const confirmed = isConfirmed(report)
	const logo = confirmed ? issuerLogo(view, report.issuer) : null
	const issuerName = confirmed ? (report.issuer?.name ?? view.issuer.name) : null
	return (
		<article className="mx-auto flex max-w-4xl flex-col gap-8">
			<header className="flex flex-col gap-6 rounded-card border border-line bg-surface p-6 sm:flex-row sm:items-center">
				<img
					src={view.imageUrl ?? undefined}
					alt=""
					width={160}
					height={160}
					className="size-32 shrink-0 self-center sm:size-40"
				/>
				<div className="flex min-w-0 flex-col gap-2">
					<p className="text-sm font-medium uppercase tracking-wide text-ink-muted">Verifiable credential</p>
					<h1 className="text-3xl font-bold sm:text-4xl">{view.name}</h1>
					<p className="text-xl">
						<span className="text-ink-muted">Earned by </span>
						<span className="font-semibold">{view.learnerName ?? 'a holder not named'}</span>
					</p>
					{issuerName ? (
						<p className="flex items-center gap-2 text-lg">
							{logo ? <img src={logo} alt="" width={40} height={40} className="size-10 rounded-control" /> : null}
							<span>
								<span className="text-ink-muted">Issued by </span>
								<span className="font-semibold">{issuerName}</span>
							</span>
						</p>
					) : null}
					<p className="text-ink-muted">
						Issued {formatDate(view.validFrom)}
						{view.validUntil ? ` · valid until ${formatDate(view.validUntil)}` : ''}
					</p>
				</div>
			</header>
			<StatusBanner />
			<CredentialDetails view={view} confirmed={confirmed} issuer={report.issuer} />
			<details open={report.state !== 'valid'} className="rounded-card border border-line bg-surface p-5">
				<summary className="cursor-pointer text-xl font-semibold">How we checked</summary>
				<div className="mt-4 flex flex-col gap-4">
					<p className="text-ink-muted">
						The signature (Ed25519, eddsa-rdfc-2022), the issuer&apos;s key, the dates and the revocation status are
						checked on our server and again in your own browser with the open-source libraries that wallets and
						verifiers use.
					</p>
					<div className="grid gap-4 md:grid-cols-2">
						<VerificationChecks report={report} where="On the server" id="checks-server" />
						<BrowserVerification source={source} verifier={verifier} id="checks-browser" />
					</div>
					<p>
						<a href={jsonUrl} type="application/ld+json">
							The signed credential (JSON)
						</a>
					</p>
				</div>
			</details>
			<p>
				<a href="/verify">Verify another credential</a>
			</p>
		</article>
	)
}
