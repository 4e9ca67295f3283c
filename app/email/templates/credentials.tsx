/** Emails about a learner's credentials: one issued, and one revoked, suspended or valid again. */
import { formatDate } from '../../format/dates'
import { Details, Paragraph, PRODUCT_NAME, type EmailParts } from './layout'

export type CredentialIssuedEmailProps = {
	name: string
	/** The credential's name, as signed. */
	credentialName: string
	/** The path whose final assessment earned it. */
	pathTitle: string
	issuerName: string
	/** ISO time. */
	validUntil: string
	/** The learner's credentials page (behind sign-in). */
	link: string
}

export function credentialIssuedEmail(p: CredentialIssuedEmailProps): EmailParts {
	return {
		subject: `Credential issued: ${p.credentialName}`,
		heading: `You earned the “${p.credentialName}” credential`,
		body: (
			<>
				<Paragraph>Hello {p.name},</Paragraph>
				<Paragraph>
					{p.issuerName} has issued you the “{p.credentialName}” credential for completing “{p.pathTitle}”. It is
					signed, so anyone you share it with can check that it is genuine. From your credentials page you can share it,
					download it as a PDF certificate or add it to a digital wallet.
				</Paragraph>
				<Details
					items={[
						['Issued by', p.issuerName],
						['Valid until', formatDate(p.validUntil)],
					]}
				/>
			</>
		),
		action: { label: 'See your credential', href: p.link },
		reason: `You got this email because you passed the final assessment of “${p.pathTitle}” on ${PRODUCT_NAME}.`,
	}
}

export type CredentialStatusEmailProps = {
	name: string
	status: 'revoked' | 'suspended' | 'reinstated'
	/** The credential's name, as signed. */
	credentialName: string
	issuerName: string
	/** The reason the issuer gave. */
	reason: string
	link: string
}

const STATUS_WORDING = {
	revoked: {
		subject: 'Your credential was revoked',
		heading: (title: string) => `Your “${title}” credential was revoked`,
		what: (p: CredentialStatusEmailProps) =>
			`${p.issuerName} revoked the credential it issued to you for “${p.credentialName}”. Anyone who checks it now sees that it is revoked. Revocation is final: it cannot be undone.`,
	},
	suspended: {
		subject: 'Your credential is suspended',
		heading: (title: string) => `Your “${title}” credential is suspended`,
		what: (p: CredentialStatusEmailProps) =>
			`${p.issuerName} suspended the credential it issued to you for “${p.credentialName}”. While it is suspended, anyone who checks it sees that it is not valid. A suspension can be lifted: the credential is then valid again, and you will get an email saying so.`,
	},
	reinstated: {
		subject: 'Your credential is valid again',
		heading: (title: string) => `Your “${title}” credential is valid again`,
		what: (p: CredentialStatusEmailProps) =>
			`${p.issuerName} lifted the suspension of the credential it issued to you for “${p.credentialName}”. Anyone who checks it sees that it is valid again.`,
	},
} as const

export function credentialStatusEmail(p: CredentialStatusEmailProps): EmailParts {
	const wording = STATUS_WORDING[p.status]
	return {
		subject: `${wording.subject}: ${p.credentialName}`,
		heading: wording.heading(p.credentialName),
		body: (
			<>
				<Paragraph>Hello {p.name},</Paragraph>
				<Paragraph>{wording.what(p)}</Paragraph>
				<Details items={[[p.status === 'reinstated' ? 'Note' : 'Reason', p.reason]]} />
				{p.status === 'reinstated' ? null : <Paragraph>If you think this is a mistake, tell {p.issuerName}.</Paragraph>}
			</>
		),
		action: { label: 'See your credentials', href: p.link },
		reason: `You got this email because ${p.issuerName} issued this credential to you on ${PRODUCT_NAME} and its status changed.`,
	}
}
