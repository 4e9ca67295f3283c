/**
 * Emails about assigned paths: a new assignment, the reminders before and after its due date, a
 * credential that is about to expire, and the path assigned again once it has.
 */
import { formatDate } from '../../format/dates'
import { Details, Paragraph, PRODUCT_NAME, type EmailParts } from './layout'

type AssignedPath = {
	orgName: string
	pathTitle: string
	/** The path's page. */
	link: string
}

const reminderReason = (p: AssignedPath) =>
	`You got this email because ${p.orgName} assigned you “${p.pathTitle}” on ${PRODUCT_NAME}. Reminders come on the days your organisation chose.`

export type AssignmentEmailProps = AssignedPath & {
	pathSummary: string
	/** ISO time. */
	dueAt: string
}

export function assignmentEmail(p: AssignmentEmailProps): EmailParts {
	return {
		subject: `Assigned to you: ${p.pathTitle}`,
		heading: `${p.orgName} assigned you “${p.pathTitle}”`,
		body: (
			<>
				<Paragraph>{p.pathSummary}</Paragraph>
				<Details items={[['Due', formatDate(p.dueAt)]]} />
			</>
		),
		action: { label: 'Start the path', href: p.link },
		reason: `You got this email because you are a member of ${p.orgName} on ${PRODUCT_NAME}, which assigned this path to you.`,
	}
}

export type DueSoonEmailProps = AssignedPath & { dueAt: string; daysLeft: number }

export function dueSoonEmail(p: DueSoonEmailProps): EmailParts {
	const when = p.daysLeft <= 1 ? 'tomorrow' : `in ${p.daysLeft} days`
	return {
		subject: `Due ${when}: ${p.pathTitle}`,
		heading: `“${p.pathTitle}” is due ${when}`,
		body: (
			<Paragraph>
				“{p.pathTitle}”, assigned to you by {p.orgName}, is due on {formatDate(p.dueAt)}.
			</Paragraph>
		),
		action: { label: 'Continue the path', href: p.link },
		reason: reminderReason(p),
	}
}

export type OverdueEmailProps = AssignedPath & { dueAt: string }

export function overdueEmail(p: OverdueEmailProps): EmailParts {
	return {
		subject: `Overdue: ${p.pathTitle}`,
		heading: `“${p.pathTitle}” is overdue`,
		body: (
			<Paragraph>
				“{p.pathTitle}”, assigned to you by {p.orgName}, was due on {formatDate(p.dueAt)}. Pick it up where you left
				off.
			</Paragraph>
		),
		action: { label: 'Continue the path', href: p.link },
		reason: reminderReason(p),
	}
}

export type AssignedAgainEmailProps = AssignedPath & {
	expiredOn: string
	dueAt: string
	/** Set when the path is due again because a role asks for it every so many months, not because a credential expired. */
	refresh?: { months: number; completedOn: string }
}

export function assignedAgainEmail(p: AssignedAgainEmailProps): EmailParts {
	return {
		subject: `Assigned again: ${p.pathTitle}`,
		heading: `“${p.pathTitle}” is assigned to you again`,
		body: (
			<>
				{p.refresh ? (
					<Paragraph>
						Your role at {p.orgName} asks for “{p.pathTitle}” again every {p.refresh.months}{' '}
						{p.refresh.months === 1 ? 'month' : 'months'}. You last completed it on {formatDate(p.refresh.completedOn)},
						so it is assigned to you again.
					</Paragraph>
				) : (
					<Paragraph>
						Your credential for “{p.pathTitle}” expired on {formatDate(p.expiredOn)}, so {p.orgName} has assigned the
						path to you again.
					</Paragraph>
				)}
				<Details items={[['Due', formatDate(p.dueAt)]]} />
			</>
		),
		action: { label: 'Start the path', href: p.link },
		reason: reminderReason(p),
	}
}

export type CredentialExpiringEmailProps = AssignedPath & { validUntil: string }

export function credentialExpiringEmail(p: CredentialExpiringEmailProps): EmailParts {
	return {
		subject: `Your credential expires on ${formatDate(p.validUntil)}: ${p.pathTitle}`,
		heading: `Your “${p.pathTitle}” credential expires soon`,
		body: (
			<Paragraph>
				Your credential for “{p.pathTitle}” expires on {formatDate(p.validUntil)}. {p.orgName} will then assign the path
				to you again; you can retake its final assessment now to renew it.
			</Paragraph>
		),
		action: { label: 'Open the path', href: p.link },
		reason: reminderReason(p),
	}
}
