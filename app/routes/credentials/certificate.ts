import type { Route } from './+types/certificate'
import { requireUser } from '~/auth/auth.server'
import { renderCertificatePdf } from '~/credentials/certificate-pdf'
import { credentialState, isWithdrawn } from '~/credentials/credential-state'
import { viewCredential } from '~/credentials/credential-view'
import { formatDate } from '~/format/dates'
import { verificationUrl } from '~/issuing/issuer.server'
import { getOwnCredential } from '~/issuing/wallet.server'

/** The holder's PDF certificate, built from the signed credential, with a QR code to its public link. */
export async function loader({ params, request, context }: Route.LoaderArgs) {
	const { user } = requireUser(context, request)
	const credential = await getOwnCredential(user.id, params.credentialId)
	if (!credential) return Response.json({ message: 'There is no such credential of yours.' }, { status: 404 })
	// A certificate would present a withdrawn credential as standing: none is made while it is.
	const state = credentialState(credential, new Date())
	if (isWithdrawn(state)) {
		const when = formatDate(state === 'revoked' ? credential.revokedAt : credential.suspendedAt)
		const reason = state === 'revoked' ? credential.revokedReason : credential.suspendedReason
		return Response.json(
			{
				message: `The issuer ${state === 'revoked' ? 'revoked' : 'suspended'} this credential on ${when}, so no certificate is made for it.`,
				reason,
			},
			{ status: 410, headers: { 'Cache-Control': 'private, no-store' } },
		)
	}
	const view = viewCredential(JSON.parse(credential.document))
	const pdf = await renderCertificatePdf({
		learnerName: view.learnerName ?? user.name,
		credentialName: view.name,
		description: view.description ?? '',
		issuerName: view.issuer.name ?? 'Skillproof',
		issuedOn: credential.issuedAt,
		validUntil: credential.validUntil,
		score: view.result?.score ?? '',
		passMark: view.result?.passMark ?? '',
		skills: view.skills.map((s) => s.label),
		verificationUrl: verificationUrl(credential.publicId),
		credentialId: `urn:uuid:${credential.id}`,
	})
	return new Response(new Uint8Array(pdf), {
		headers: {
			'Content-Type': 'application/pdf',
			'Content-Disposition': `attachment; filename="${credential.pathSlug}-certificate.pdf"`,
			'Cache-Control': 'private, no-store',
		},
	})
}
