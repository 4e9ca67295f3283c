import { formatMoment } from '../../format/dates'
import { Paragraph, PRODUCT_NAME, type EmailParts } from './layout'

export type InvitationEmailProps = {
	inviterName: string
	orgName: string
	teamName: string | null
	asAdministrator: boolean
	/** The invitation's link: a private link, withheld in the outbox. */
	link: string
	/** ISO time. */
	expiresAt: string
}

export function invitationEmail(p: InvitationEmailProps): EmailParts {
	return {
		subject: `${p.inviterName} invites you to ${p.orgName} on ${PRODUCT_NAME}`,
		heading: `Join ${p.orgName} on ${PRODUCT_NAME}`,
		body: (
			<Paragraph>
				{p.inviterName} invites you to join {p.orgName}
				{p.teamName ? ` (team ${p.teamName})` : ''} on {PRODUCT_NAME}
				{p.asAdministrator ? ' as an administrator' : ''}, where you learn data and AI skills and earn credentials
				anyone can verify.
			</Paragraph>
		),
		action: { label: 'Accept the invitation', href: p.link },
		after: <Paragraph>The link works once and until {formatMoment(p.expiresAt)}.</Paragraph>,
		reason: `You got this email because ${p.inviterName} invited you to ${p.orgName} on ${PRODUCT_NAME}. If you did not expect it, ignore it: nothing happens unless you open the link.`,
	}
}
