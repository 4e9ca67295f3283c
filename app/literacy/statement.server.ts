/**
 * The organisation's own statement of its AI-literacy measures, printed at the head of the evidence report.
 * Until an owner writes one, a starter template stands in: it explains the choices the product lets an
 * organisation make (roles by use of AI, training in proportion to the role, assessment, refresh), for the
 * owner to adapt. It is the organisation's statement, not the product's advice.
 */
import { z } from 'zod'
import { recordAudit, type Actor } from '../audit/audit.server'
import { db } from '../db/db.server'
import { typedText } from '../http/typed-text'

/**
 * Line breaks are part of a statement (paragraphs); tabs become spaces; any other control character, and the
 * invisible characters that change the direction of text, are refused as in any text people type.
 */
const singleLine = typedText(z.string())

export const statementSchema = z.object({
	statement: z
		.string()
		.transform((text) => text.replace(/\r\n?/g, '\n').replace(/\t/g, ' ').trim())
		.pipe(
			z
				.string()
				.min(50, 'Write at least a few sentences (50 characters).')
				.max(8000, 'Keep the statement under 8,000 characters.'),
		)
		.superRefine((text, context) => {
			const checked = singleLine.safeParse(text.replace(/\n/g, ' '))
			if (!checked.success) context.addIssue({ code: 'custom', message: checked.error.issues[0]!.message })
		}),
})

export function statementTemplate(orgName: string) {
	return [
		`${orgName} uses AI systems at work and takes measures so that the people who use them, or decide about them, understand them well enough for their role (Article 4 of the EU AI Act, Regulation (EU) 2024/1689).`,
		'Roles. We describe how people use AI, not their job titles: using general AI assistants, using AI in decisions about people, overseeing a high-risk AI system, and choosing or configuring AI tools. Each person is given the roles that match what they do, directly or through their team.',
		'Proportionate training. Each role requires the learning paths that fit its risks. The more a use can affect other people, the more training it requires.',
		'Evidence of understanding. Each path ends with an assessment graded on our platform against a pass mark. Passing it earns a signed credential that anyone can verify from its link.',
		'Refresh. Training is repeated at the interval each role sets, because tools and rules change. People who join a team with a role are assigned its training at once and have a set number of days to complete it.',
		'This report shows, for the date it is dated, who held each role, whether they had completed the required training, and who was overdue. It is a record of our measures. It is not legal advice and not a certification of compliance.',
	].join('\n\n')
}

/** The statement the report prints: the organisation's own, or the template; and whether it is the template. */
export async function getStatement(orgId: string) {
	const org = await db.organization.findUniqueOrThrow({
		where: { id: orgId },
		select: { name: true, aiLiteracyStatement: true },
	})
	return org.aiLiteracyStatement
		? { text: org.aiLiteracyStatement, isTemplate: false }
		: { text: statementTemplate(org.name), isTemplate: true }
}

export async function saveStatement(orgId: string, actor: Actor, statement: string) {
	await db.$transaction(async (tx) => {
		await tx.organization.update({ where: { id: orgId }, data: { aiLiteracyStatement: statement } })
		await recordAudit(tx, {
			orgId,
			actor,
			action: 'settings.ai-statement',
			targetType: 'organisation',
			targetId: orgId,
			summary: `Changed the statement of AI-literacy measures (${statement.length} characters).`,
		})
	})
}
