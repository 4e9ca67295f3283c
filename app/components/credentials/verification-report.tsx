import type { CredentialState, VerificationReport } from '~/credentials/verify'
import { cx } from '~/components/ui/cx'

const STATE_TEXT: Record<CredentialState, string> = {
	valid: 'Valid',
	expired: 'Expired',
	'not-yet-valid': 'Not yet valid',
	revoked: 'Revoked',
	suspended: 'Suspended',
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

export function formatDateTime(iso: string) {
	return (
		new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' }).format(
			new Date(iso),
		) + ' UTC'
	)
}

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
			<ul className="mt-3 space-y-2">
				{report.checks.map((check) => {
					const outcome = OUTCOME[check.outcome]
					return (
						<li key={check.id} className="flex gap-3" data-check={check.id} data-outcome={check.outcome}>
							<span aria-hidden="true" className={cx('font-bold', outcome.className)}>
								{outcome.mark}
							</span>
							<span>
								<span className="font-medium">{check.label}</span>
								<span className="sr-only"> — {outcome.text}</span>
								<span className="block text-sm text-ink-muted">{check.message}</span>
							</span>
						</li>
					)
				})}
			</ul>
		</section>
	)
}
