import { cx } from '~/components/ui/cx'
import type { CredentialState } from '~/credentials/credential-state'

const STATE_LABEL: Record<CredentialState, string> = {
	valid: 'Valid',
	expired: 'Expired',
	suspended: 'Suspended',
	revoked: 'Revoked',
}

/** A credential's state as the database knows it (valid, expired, suspended, revoked). */
export function CredentialStateBadge({ state }: { state: CredentialState }) {
	return (
		<span
			className={cx(
				'rounded-full border px-3 py-1 text-sm font-semibold',
				state === 'valid' ? 'border-success text-success' : 'border-danger text-danger',
			)}
		>
			{STATE_LABEL[state]}
		</span>
	)
}
