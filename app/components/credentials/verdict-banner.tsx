import type { ReactNode } from 'react'
import type { VerificationReport } from '~/credentials/verify'
import { cx } from '~/components/ui/cx'
import { asSentence } from '~/format/sentence'
import { stateText } from './verification-report'

/**
 * The verdict on a credential, first and unmissable: what the checks concluded, in one sentence,
 * before anything the document says about itself. `children` replace the explanation where the page
 * knows more (a revocation's date and reason).
 */
export function VerdictBanner({ report, children }: { report: VerificationReport; children?: ReactNode }) {
	const valid = report.state === 'valid'
	const failed = report.checks.find((check) => check.outcome === 'fail')
	const issuer = report.issuer
	let explanation: ReactNode
	if (valid) {
		const who = [issuer?.name, issuer?.domain].filter(Boolean).join(', ')
		const by =
			issuer?.standing === 'trusted'
				? `${who}, an issuer this site trusts`
				: issuer?.through
					? `${issuer.name} through ${issuer.through} (${issuer.domain})`
					: who || 'this site'
		explanation = `Every check passed: it was issued by ${by}, it is unchanged, current and neither revoked nor suspended.`
	} else if (report.state === 'unrecognised-issuer') {
		explanation = (
			<>
				It was signed by <span className="break-all font-mono text-sm">{issuer?.did}</span>, which is neither this site
				nor an issuer it trusts. Anyone can make such a key and write any name into a document: nothing below is
				confirmed.
			</>
		)
	} else {
		explanation = failed ? asSentence(failed.message) : null
	}
	return (
		<div
			role="status"
			data-verdict={report.state}
			className={cx(
				'flex items-start gap-4 rounded-card border-2 p-5',
				valid ? 'border-success bg-success-surface' : 'border-danger bg-danger-surface',
			)}
		>
			<Seal valid={valid} />
			<div className="min-w-0">
				<p className={cx('text-3xl font-bold', valid ? 'text-success' : 'text-danger')}>{stateText(report.state)}</p>
				<p className="mt-2 text-ink">{children ?? explanation}</p>
			</div>
		</div>
	)
}

/** The seal: a large tick in a ring when every check passed, a cross otherwise. Its words are beside it. */
function Seal({ valid }: { valid: boolean }) {
	return (
		<svg
			aria-hidden="true"
			focusable="false"
			viewBox="0 0 64 64"
			className={cx('size-16 shrink-0 sm:size-20', valid ? 'text-success' : 'text-danger')}
		>
			<circle cx="32" cy="32" r="29" fill="none" stroke="currentColor" strokeWidth="5" />
			<circle cx="32" cy="32" r="22" fill="currentColor" opacity="0.12" />
			{valid ? (
				<path
					d="M20 33 l8 8 l16 -17"
					fill="none"
					stroke="currentColor"
					strokeWidth="6"
					strokeLinecap="round"
					strokeLinejoin="round"
				/>
			) : (
				<path
					d="M22 22 l20 20 M42 22 l-20 20"
					fill="none"
					stroke="currentColor"
					strokeWidth="6"
					strokeLinecap="round"
				/>
			)}
		</svg>
	)
}
