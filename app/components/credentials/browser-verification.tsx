import { useEffect, useState } from 'react'
import { Alert } from '~/components/ui/alert'
import type { BrowserVerifyOptions } from '~/credentials/browser-verify'
import type { VerificationReport } from '~/credentials/verify'
import { formatMoment } from '~/format/dates'
import { VerificationChecks } from './verification-report'

type BrowserState =
	{ kind: 'running' } | { kind: 'done'; report: VerificationReport } | { kind: 'error'; message: string }

/**
 * The credential verified again in this browser, with the same libraries and the same rule on
 * issuers as the server, after the page loads: from the address it is served at, or as given.
 */
export function BrowserVerification({
	source,
	verifier,
	id,
}: {
	source: { url: string } | { document: unknown }
	verifier: BrowserVerifyOptions
	id: string
}) {
	const [state, setState] = useState<BrowserState>({ kind: 'running' })
	useEffect(() => {
		let cancelled = false
		setState({ kind: 'running' })
		import('~/credentials/browser-verify')
			.then(({ verifyInBrowser, verifyUrlInBrowser }) =>
				'url' in source
					? verifyUrlInBrowser(source.url, verifier, new Date(), formatMoment)
					: verifyInBrowser(source.document, verifier, new Date(), formatMoment),
			)
			.then(
				(report) => !cancelled && setState({ kind: 'done', report }),
				(error: unknown) =>
					!cancelled && setState({ kind: 'error', message: error instanceof Error ? error.message : String(error) }),
			)
		return () => {
			cancelled = true
		}
	}, [source, verifier])
	return (
		<div aria-live="polite" data-browser-verification={state.kind}>
			{state.kind === 'done' ? (
				<VerificationChecks report={state.report} where="In your browser" id={id} />
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
