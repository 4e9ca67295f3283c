import { expect, test } from 'vitest'
import { asSentence } from './sentence'

test('a reason gets a full stop only when it has no ending of its own', () => {
	expect(asSentence('Answers were shared before the attempt')).toBe('Answers were shared before the attempt.')
	expect(asSentence('Answers were shared before the attempt.')).toBe('Answers were shared before the attempt.')
	expect(asSentence('Was this checked?')).toBe('Was this checked?')
	expect(asSentence('Shared with “a friend.”')).toBe('Shared with “a friend.”')
	expect(asSentence('Under review (see the audit log.)')).toBe('Under review (see the audit log.)')
	expect(asSentence('Pending…')).toBe('Pending…')
	expect(asSentence('  spaces around  ')).toBe('spaces around.')
})
