/** What a page may conclude from a verification report, without the verification libraries. */
import type { VerificationReport } from './verify'

/**
 * Whether what the document says may be shown as fact: its signature holds, by this site or an
 * issuer it trusts. An expired, suspended or revoked credential still says truly what was issued.
 */
export function isConfirmed(report: VerificationReport): boolean {
	return report.state !== 'invalid' && report.state !== 'unrecognised-issuer' && report.issuer !== null
}
