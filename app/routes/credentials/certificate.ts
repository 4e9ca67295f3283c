import type { Route } from './+types/certificate'
import { requireUser } from '~/auth/auth.server'
import { renderCertificatePdf, type CertificateLogo, type CertificateWarning } from '~/credentials/certificate-pdf'
import { credentialState, isWithdrawn } from '~/credentials/credential-state'
import { viewCredential } from '~/credentials/credential-view'
import { formatDate } from '~/format/dates'
import { verificationUrl } from '~/issuing/issuer.server'
import { getOrgLogo } from '~/issuing/issuer-profile.server'
import { getOwnCredential } from '~/issuing/wallet.server'
import { logger } from '~/log.server'

/**
 * The logo of the organisation that issued the credential, when the credential names one (the site's own
 * credentials carry none): a PNG, or an SVG the certificate draws as a PNG. The name is always printed too.
 */
async function issuerLogo(issuer: { id: string | null; imageUrl: string | null }): Promise<CertificateLogo | null> {
	if (!issuer.id || !issuer.imageUrl) return null
	const logo = await getOrgLogo(issuer.id)
	if (logo?.type !== 'image/png' && logo?.type !== 'image/svg+xml') return null
	return { bytes: logo.bytes, type: logo.type }
}

const codePoints = (text: string) =>
	Array.from(text, (char) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ')

/** What an operator needs to act on (a font to extend, a logo to replace), never the learner's name itself. */
function logWarning(credentialId: string, warning: CertificateWarning) {
	if (warning.kind === 'uncovered-characters') {
		const characters = warning.characters.map(codePoints)
		logger.warn({ credentialId, characters }, 'A certificate shows characters no font of it has as U+FFFD.')
	} else {
		logger.warn({ credentialId, reason: warning.message }, 'A certificate was made without its unreadable logo.')
	}
}

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
	const pdf = await renderCertificatePdf(
		{
			learnerName: view.learnerName ?? user.name,
			credentialName: view.name,
			description: view.description ?? '',
			issuerName: view.issuer.name ?? 'Skillproof',
			issuerLogo: await issuerLogo(view.issuer),
			issuedOn: credential.issuedAt,
			validUntil: credential.validUntil,
			score: view.result?.score ?? '',
			passMark: view.result?.passMark ?? '',
			skills: view.skills.map((s) => s.label),
			verificationUrl: verificationUrl(credential.publicId),
			credentialId: `urn:uuid:${credential.id}`,
		},
		{ onWarning: (warning) => logWarning(credential.id, warning) },
	)
	return new Response(new Uint8Array(pdf), {
		headers: {
			'Content-Type': 'application/pdf',
			'Content-Disposition': `attachment; filename="${credential.pathSlug}-certificate.pdf"`,
			'Cache-Control': 'private, no-store',
		},
	})
}
