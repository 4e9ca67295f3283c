import { expect, test } from 'vitest'
import { safeRedirectPath } from './safe-redirect'

test.each([
	['/account', '/account'],
	['/admin?tab=teams', '/admin?tab=teams'],
	['https://evil.example', '/dashboard'],
	['//evil.example', '/dashboard'],
	['/\\evil.example', '/dashboard'],
	['', '/dashboard'],
	[null, '/dashboard'],
])('%s redirects to %s', (input, expected) => {
	expect(safeRedirectPath(input)).toBe(expected)
})
