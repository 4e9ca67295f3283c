/**
 * Every kind of email the site sends, by name. A message is queued as a template's name and its
 * props, so that the delivery job can render the recipient's copy again from the sealed props
 * (app/email/outbox.server.ts): props are plain JSON (dates as ISO strings).
 */
import { accountNoticeEmail, emailVerificationEmail, passwordResetEmail } from './account'
import { assignedAgainEmail, assignmentEmail, credentialExpiringEmail, dueSoonEmail, overdueEmail } from './assignments'
import { credentialIssuedEmail, credentialStatusEmail } from './credentials'
import { invitationEmail } from './invitation'
import type { EmailParts } from './layout'

export const EMAIL_TEMPLATES = {
	invitation: invitationEmail,
	assignment: assignmentEmail,
	dueSoon: dueSoonEmail,
	overdue: overdueEmail,
	assignedAgain: assignedAgainEmail,
	credentialExpiring: credentialExpiringEmail,
	credentialIssued: credentialIssuedEmail,
	credentialStatus: credentialStatusEmail,
	passwordReset: passwordResetEmail,
	emailVerification: emailVerificationEmail,
	accountNotice: accountNoticeEmail,
} satisfies Record<string, (props: never) => EmailParts>

export type EmailTemplateName = keyof typeof EMAIL_TEMPLATES

/** A message's content: which template, with what. */
export type EmailContent = {
	[K in EmailTemplateName]: { template: K; props: Parameters<(typeof EMAIL_TEMPLATES)[K]>[0] }
}[EmailTemplateName]

export function emailParts(content: EmailContent): EmailParts {
	// Each name goes with its own props (the union above); TypeScript cannot follow that through an index.
	const template = EMAIL_TEMPLATES[content.template] as (props: EmailContent['props']) => EmailParts
	return template(content.props)
}
