/**
 * Emails about a person's account: a password reset link, an address confirmation link, and the
 * notices that tell the owner of an address what happened to their account.
 */
import { formatMoment } from '../../format/dates'
import { InlineLink, Paragraph, PRODUCT_NAME, type EmailAction, type EmailParts } from './layout'

const accountReason = (email: string) =>
	`You got this email because it is about the ${PRODUCT_NAME} account of ${email}.`

export type PasswordResetEmailProps = {
	name: string
	email: string
	/** A private link, withheld in the outbox. */
	link: string
	expiresAt: string
}

export function passwordResetEmail(p: PasswordResetEmailProps): EmailParts {
	return {
		subject: `Reset your ${PRODUCT_NAME} password`,
		heading: 'Choose a new password',
		body: (
			<>
				<Paragraph>Hello {p.name},</Paragraph>
				<Paragraph>Someone asked to reset the password of your {PRODUCT_NAME} account.</Paragraph>
			</>
		),
		action: { label: 'Choose a new password', href: p.link },
		after: (
			<>
				<Paragraph>
					The link works once and until {formatMoment(p.expiresAt)}. Choosing a new password signs out every device.
				</Paragraph>
				<Paragraph>If you did not ask for this, ignore this email: your password stays as it is.</Paragraph>
			</>
		),
		reason: accountReason(p.email),
	}
}

export type EmailVerificationEmailProps = {
	name: string
	email: string
	purpose: 'sign-up' | 'change' | 'reminder'
	/** A private link, withheld in the outbox. */
	link: string
	expiresAt: string
}

const VERIFICATION_OPENING = {
	'sign-up': `Welcome to ${PRODUCT_NAME}. Confirm that this is your address to finish creating your account.`,
	change: `You asked to use this address for your ${PRODUCT_NAME} account. Confirm it to make the change.`,
	reminder: `Confirm that this is the address of your ${PRODUCT_NAME} account.`,
}

export function emailVerificationEmail(p: EmailVerificationEmailProps): EmailParts {
	return {
		subject: p.purpose === 'change' ? 'Confirm your new email address' : 'Confirm your email address',
		heading: p.purpose === 'change' ? 'Confirm your new address' : 'Confirm your address',
		body: (
			<>
				<Paragraph>Hello {p.name},</Paragraph>
				<Paragraph>{VERIFICATION_OPENING[p.purpose]}</Paragraph>
			</>
		),
		action: { label: 'Confirm my address', href: p.link },
		after: (
			<>
				<Paragraph>The link works once and until {formatMoment(p.expiresAt)}.</Paragraph>
				<Paragraph>
					Credentials you earn name a confirmed address only: any waiting for this one are issued when you confirm it.
				</Paragraph>
				<Paragraph>If you did not ask for this, ignore this email and nothing changes.</Paragraph>
			</>
		),
		reason: `You got this email because ${p.email} was given for a ${PRODUCT_NAME} account.`,
	}
}

export type AccountNoticeEmailProps = {
	/** Whom to greet: the account's name, or “there” when the address has none. */
	name: string
	email: string
	subject: string
	heading: string
	paragraphs: string[]
	/** What to do about it, when there is something (most often: choose a new password). */
	action?: EmailAction
	/** Other addresses worth having, each written out in full. */
	links?: EmailAction[]
	/** Why the person got it, when it is not about their own account. */
	reason?: string
}

export function accountNoticeEmail(p: AccountNoticeEmailProps): EmailParts {
	return {
		subject: p.subject,
		heading: p.heading,
		body: (
			<>
				<Paragraph>Hello {p.name},</Paragraph>
				{p.paragraphs.map((text) => (
					<Paragraph key={text}>{text}</Paragraph>
				))}
			</>
		),
		action: p.action,
		after: p.links?.map((link) => (
			<Paragraph key={link.href}>
				{link.label}: <InlineLink href={link.href} />
			</Paragraph>
		)),
		reason: p.reason ?? accountReason(p.email),
	}
}
