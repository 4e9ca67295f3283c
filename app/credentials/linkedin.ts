/**
 * LinkedIn's "add certification to profile" link. LinkedIn fills the form from these parameters
 * on a best-effort basis (it may ignore some), which is why the wallet also shows the fields to copy.
 */
export type LinkedInCertification = {
	name: string
	organizationName: string
	issuedAt: Date
	expiresAt: Date | null
	certUrl: string
	certId: string
}

export function linkedInAddUrl(cert: LinkedInCertification): string {
	const params = new URLSearchParams({
		startTask: 'CERTIFICATION_NAME',
		name: cert.name,
		organizationName: cert.organizationName,
		issueYear: String(cert.issuedAt.getUTCFullYear()),
		issueMonth: String(cert.issuedAt.getUTCMonth() + 1),
	})
	if (cert.expiresAt) {
		params.set('expirationYear', String(cert.expiresAt.getUTCFullYear()))
		params.set('expirationMonth', String(cert.expiresAt.getUTCMonth() + 1))
	}
	params.set('certUrl', cert.certUrl)
	params.set('certId', cert.certId)
	return `https://www.linkedin.com/profile/add?${params}`
}
