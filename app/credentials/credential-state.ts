/**
 * Where an issued credential stands for the people who hold and manage it, from its stored dates
 * and status: valid, expired, suspended or revoked (revocation first, then suspension, then expiry).
 * Verification reports its own states from the signed document and lists (see verify.ts).
 */

export type CredentialState = 'valid' | 'expired' | 'suspended' | 'revoked'

export function credentialState(
	row: { revokedAt: Date | null; suspendedAt: Date | null; validUntil: Date },
	now: Date,
): CredentialState {
	if (row.revokedAt) return 'revoked'
	if (row.suspendedAt) return 'suspended'
	if (row.validUntil <= now) return 'expired'
	return 'valid'
}

/** Revoked or suspended: the issuer has withdrawn it, and it is offered neither as a certificate nor for LinkedIn. */
export function isWithdrawn(state: CredentialState): state is 'revoked' | 'suspended' {
	return state === 'revoked' || state === 'suspended'
}
