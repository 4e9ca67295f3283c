import { expect, test } from 'vitest'
import { createTestOrg } from '../../tests/setup/factories'
import { db } from '../db/db.server'
import { getStatement, saveStatement, statementSchema } from './statement.server'

test('until an owner writes one, the report prints the template, naming the organisation', async () => {
	const { org, actor } = await createTestOrg('Acme Robotics', { name: 'Ola Owner', role: 'OWNER' })
	const template = await getStatement(org.id)
	expect(template.isTemplate).toBe(true)
	expect(template.text).toMatch(/^Acme Robotics uses AI systems at work/)
	expect(template.text).toContain('It is not legal advice')

	const text = 'We train everyone who uses AI.\n\nEach role has its own paths, refreshed every year, and we check them.'
	await saveStatement(org.id, actor, text)
	expect(await getStatement(org.id)).toEqual({ text, isTemplate: false })
	expect(await db.auditEvent.count({ where: { orgId: org.id, action: 'settings.ai-statement' } })).toBe(1)
})

test('a statement keeps its paragraphs and refuses hidden characters, too little or too much', () => {
	const paragraphs = 'First paragraph of our measures, long enough.\r\n\r\nSecond paragraph:\twith a tab.'
	expect(statementSchema.parse({ statement: paragraphs }).statement).toBe(
		'First paragraph of our measures, long enough.\n\nSecond paragraph: with a tab.',
	)
	const message = (statement: string) => statementSchema.safeParse({ statement }).error?.issues[0]?.message
	expect(message('Too short.')).toBe('Write at least a few sentences (50 characters).')
	expect(message('x'.repeat(8001))).toBe('Keep the statement under 8,000 characters.')
	expect(message(`${'A fair statement of what we do. '.repeat(3)}\u0000`)).toMatch(/control characters/)
	expect(message(`${'A fair statement of what we do. '.repeat(3)}\u202e`)).toMatch(/direction/)
})
