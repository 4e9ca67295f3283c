import type { RecordReport } from '~/credentials/skills-record'
import type { CredentialState, VerificationReport } from '~/credentials/verify'
import { cx } from '~/components/ui/cx'
import { formatDateTime } from '~/format/dates'

const STATE_TEXT: Record<CredentialState, string> = {
	valid: 'Valid',
	expired: 'Expired',
	'not-yet-valid': 'Not yet valid',
	revoked: 'Revoked',
	suspended: 'Suspended',
	'unrecognised-issuer': 'Signature valid — issuer not recognised',
	invalid: 'Not valid',
}

export function stateText(state: CredentialState) {
	return STATE_TEXT[state]
}

const OUTCOME = {
	pass: { mark: '✓', text: 'Passed', className: 'text-success' },
	fail: { mark: '✗', text: 'Failed', className: 'text-danger' },
	skipped: { mark: '–', text: 'Not checked', className: 'text-ink-muted' },
} as const

/** The list of checks of one verification run, with where and when it ran. */
export function VerificationChecks({
	report,
	where,
	id,
	headingLevel = 3,
}: {
	report: VerificationReport
	where: string
	id: string
	headingLevel?: 2 | 3
}) {
	const Heading = headingLevel === 2 ? 'h2' : 'h3'
	return (
		<section aria-labelledby={id} className="rounded-card border border-line bg-surface p-5">
			<Heading id={id} className="font-semibold">
				{where}:{' '}
				<span className={report.state === 'valid' ? 'text-success' : 'text-danger'}>{stateText(report.state)}</span>
			</Heading>
			<p className="mt-1 text-sm text-ink-muted">
				Checked <time dateTime={report.checkedAt}>{formatDateTime(report.checkedAt)}</time>
			</p>
			<CheckList checks={report.checks} />
		</section>
	)
}

type ListedCheck = { id: string; label: string; outcome: keyof typeof OUTCOME; message: string }

function CheckList({ checks }: { checks: ListedCheck[] }) {
	return (
		<ul className="mt-3 space-y-2">
			{checks.map((check) => {
				const outcome = OUTCOME[check.outcome]
				return (
					<li key={check.id} className="flex gap-3" data-check={check.id} data-outcome={check.outcome}>
						<span aria-hidden="true" className={cx('font-bold', outcome.className)}>
							{outcome.mark}
						</span>
						<span className="min-w-0">
							<span className="font-medium">{check.label}</span>
							<span className="sr-only"> — {outcome.text}</span>
							{/* A DID is one long word: it wraps anywhere rather than overflow the card. */}
							<span className="block text-sm text-ink-muted wrap-anywhere">{check.message}</span>
						</span>
					</li>
				)
			})}
		</ul>
	)
}

const RECORD_STATE_TEXT: Record<RecordReport['state'], string> = {
	verified: 'Verified: genuine, complete, and every credential in it is valid',
	'verified-with-problems': 'Genuine and unchanged, but not every credential in it is valid',
	'signer-not-recognised': 'Signature valid — signer not recognised: nothing confirms who assembled it',
	invalid: 'Not valid',
}

/** A skills record: the record's own checks, then each credential's. */
export function RecordChecks({ report }: { report: RecordReport }) {
	return (
		<section aria-labelledby="record-result" className="flex flex-col gap-4">
			<div className="rounded-card border border-line bg-surface p-5">
				<h2 id="record-result" className="font-semibold">
					Skills record:{' '}
					<span className={report.state === 'verified' ? 'text-success' : 'text-danger'}>
						{RECORD_STATE_TEXT[report.state]}
					</span>
				</h2>
				{report.summary.name ? <p className="mt-1">{report.summary.name}</p> : null}
				<p className="mt-1 text-sm text-ink-muted">
					Checked <time dateTime={report.checkedAt}>{formatDateTime(report.checkedAt)}</time>
				</p>
				<CheckList checks={report.checks} />
			</div>
			{report.credentials.map((credential, i) => (
				<VerificationChecks
					key={credential.summary.id ?? i}
					report={credential}
					where={credential.summary.name ?? `Credential ${i + 1}`}
					id={`record-credential-${i}`}
				/>
			))}
		</section>
	)
}
