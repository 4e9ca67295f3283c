import { expect, test } from 'vitest'
import { config } from '../config.server'
import { WITHHELD_LINK, withholdLinks } from './private-links'
import { assertWithheld, renderEmail } from './render.server'
import type { EmailContent } from './templates/catalog'

const origin = config.PUBLIC_ORIGIN
const at = '2026-05-11T09:30:00.000Z'
const token = 'Tk_0123456789abcdefghijklmnopqrstuvwxyzABCDE'

/** One message of every kind, with the subject it must have and the link its button must carry. */
const KINDS: Array<{ content: EmailContent; subject: string; action: string; link: string; says: string }> = [
	{
		content: {
			template: 'invitation',
			props: {
				inviterName: 'Hank Admin',
				orgName: 'Globex',
				teamName: 'Warehouse',
				asAdministrator: false,
				link: `${origin}/invitations/${token}`,
				expiresAt: at,
			},
		},
		subject: 'Hank Admin invites you to Globex on Skillproof',
		action: 'Accept the invitation',
		link: `${origin}/invitations/${token}`,
		says: 'join Globex (team Warehouse) on Skillproof',
	},
	{
		content: {
			template: 'assignment',
			props: {
				orgName: 'Globex',
				pathTitle: 'Data literacy',
				pathSummary: 'Read charts and numbers with care.',
				link: `${origin}/paths/data-literacy`,
				dueAt: at,
			},
		},
		subject: 'Assigned to you: Data literacy',
		action: 'Start the path',
		link: `${origin}/paths/data-literacy`,
		says: 'Due: 11 May 2026',
	},
	{
		content: {
			template: 'dueSoon',
			props: { orgName: 'Globex', pathTitle: 'Data literacy', link: `${origin}/paths/d`, dueAt: at, daysLeft: 3 },
		},
		subject: 'Due in 3 days: Data literacy',
		action: 'Continue the path',
		link: `${origin}/paths/d`,
		says: 'is due on 11 May 2026',
	},
	{
		content: {
			template: 'overdue',
			props: { orgName: 'Globex', pathTitle: 'Data literacy', link: `${origin}/paths/d`, dueAt: at },
		},
		subject: 'Overdue: Data literacy',
		action: 'Continue the path',
		link: `${origin}/paths/d`,
		says: 'was due on 11 May 2026',
	},
	{
		content: {
			template: 'assignedAgain',
			props: { orgName: 'Globex', pathTitle: 'Data literacy', link: `${origin}/paths/d`, expiredOn: at, dueAt: at },
		},
		subject: 'Assigned again: Data literacy',
		action: 'Start the path',
		link: `${origin}/paths/d`,
		says: 'expired on 11 May 2026, so Globex has assigned the path to you again',
	},
	{
		content: {
			template: 'credentialExpiring',
			props: { orgName: 'Globex', pathTitle: 'Data literacy', link: `${origin}/paths/d`, validUntil: at },
		},
		subject: 'Your credential expires on 11 May 2026: Data literacy',
		action: 'Open the path',
		link: `${origin}/paths/d`,
		says: 'retake its final assessment now to renew it',
	},
	{
		content: {
			template: 'credentialIssued',
			props: {
				name: 'Ana',
				credentialName: 'Careful Data',
				pathTitle: 'Data literacy',
				issuerName: 'Globex',
				validUntil: at,
				link: `${origin}/credentials`,
			},
		},
		subject: 'Credential issued: Careful Data',
		action: 'See your credential',
		link: `${origin}/credentials`,
		says: 'issued you the “Careful Data” credential for completing “Data literacy”',
	},
	{
		content: {
			template: 'credentialStatus',
			props: {
				name: 'Ana',
				status: 'revoked',
				credentialName: 'Data literacy',
				issuerName: 'Globex',
				reason: 'Taken by a colleague.',
				link: `${origin}/credentials`,
			},
		},
		subject: 'Your credential was revoked: Data literacy',
		action: 'See your credentials',
		link: `${origin}/credentials`,
		says: 'Reason: Taken by a colleague.',
	},
	{
		content: {
			template: 'credentialStatus',
			props: {
				name: 'Ana',
				status: 'suspended',
				credentialName: 'Data literacy',
				issuerName: 'Globex',
				reason: 'Under review.',
				link: `${origin}/credentials`,
			},
		},
		subject: 'Your credential is suspended: Data literacy',
		action: 'See your credentials',
		link: `${origin}/credentials`,
		says: 'A suspension can be lifted',
	},
	{
		content: {
			template: 'passwordReset',
			props: { name: 'Ana', email: 'ana@example.test', link: `${origin}/reset-password/${token}`, expiresAt: at },
		},
		subject: 'Reset your Skillproof password',
		action: 'Choose a new password',
		link: `${origin}/reset-password/${token}`,
		says: 'The link works once and until 11 May 2026 at 09:30 UTC',
	},
	{
		content: {
			template: 'emailVerification',
			props: {
				name: 'Ana',
				email: 'ana@example.test',
				purpose: 'change',
				link: `${origin}/confirm-email/${token}`,
				expiresAt: at,
			},
		},
		subject: 'Confirm your new email address',
		action: 'Confirm my address',
		link: `${origin}/confirm-email/${token}`,
		says: 'You asked to use this address for your Skillproof account',
	},
	{
		content: {
			template: 'accountNotice',
			props: {
				name: 'Ana',
				email: 'ana@example.test',
				subject: 'Your Skillproof password was changed',
				heading: 'Your password was changed',
				paragraphs: ['Every device that was signed in to the account has been signed out.'],
				action: { label: 'Choose a new password', href: `${origin}/forgot-password` },
				links: [{ label: 'Sign in', href: `${origin}/sign-in` }],
			},
		},
		subject: 'Your Skillproof password was changed',
		action: 'Choose a new password',
		link: `${origin}/forgot-password`,
		says: `Sign in: ${origin}/sign-in`,
	},
]

test.each(KINDS)('$content.template ($subject): HTML and text say it, with the link in full', async (kind) => {
	const email = await renderEmail(kind.content)
	expect(email.subject).toBe(kind.subject)
	// The text part: the button as its label, then its address on a line of its own.
	expect(email.text).toContain(`${kind.action}:\n${kind.link}`)
	expect(email.text).toContain(kind.says)
	expect(email.text).toMatch(/^Skillproof\n\n/)
	expect(email.text).toContain('You got this email because')
	expect(email.text).not.toMatch(/\n{3,}/)
	// The HTML: a language, a title, a real link whose text says what it does, and its address written out.
	expect(email.html).toContain('<html dir="ltr" lang="en">')
	expect(email.html).toContain(`<title>${kind.subject.replaceAll('&', '&amp;')}</title>`)
	expect(email.html).toMatch(new RegExp(`<a href="${kind.link}"[^>]*>.*?${kind.action}.*?</a>`))
	expect(email.html).toContain(`>${kind.link}</a>`)
	expect(email.html).not.toMatch(/<img|<script/)
})

test('what people typed is text in the HTML, not markup', async () => {
	const email = await renderEmail({
		template: 'credentialStatus',
		props: {
			name: '<b>Ana</b>',
			status: 'suspended',
			credentialName: 'Data literacy',
			issuerName: 'Globex',
			reason: '<script>alert(1)</script> & more',
			link: `${origin}/credentials`,
		},
	})
	expect(email.html).not.toContain('<script>')
	expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; more')
	expect(email.text).toContain('Reason: <script>alert(1)</script> & more')
})

test('with its private link withheld, a message keeps the button’s words and loses the link in both parts', async () => {
	const link = `${origin}/invitations/${token}`
	const invitation = KINDS[0]!.content
	const stored = await renderEmail(withholdLinks(invitation, [link]))
	for (const part of [stored.subject, stored.text, stored.html]) expect(part).not.toContain(token)
	expect(stored.text).toContain(`Accept the invitation: ${WITHHELD_LINK}`)
	expect(stored.html).toContain(`Accept the invitation<!-- -->: <!-- -->${WITHHELD_LINK}`)
	expect(stored.html).not.toContain('data-email-action')
	expect(() => assertWithheld(stored, [link])).not.toThrow()
	// A copy that still holds the link is refused.
	const whole = await renderEmail(invitation)
	expect(() => assertWithheld(whole, [link])).toThrow('A private link would be kept in the outbox')
})
