import { expect, test } from 'vitest'
import { recommendNextPath } from './recommendation'

const paths = [
	{ slug: 'data', title: 'Data', skills: ['a', 'b', 'c'] },
	{ slug: 'ai', title: 'AI', skills: ['c', 'd'] },
	{ slug: 'ethics', title: 'Ethics', skills: ['e', 'f', 'g', 'h'] },
]
const none = new Set<string>()

test('recommends the unstarted path that teaches most skills not yet proved', () => {
	expect(recommendNextPath({ paths, started: none, proven: none, teamTargets: none })).toMatchObject({
		slug: 'ethics',
		gaps: ['e', 'f', 'g', 'h'],
		teamGaps: 0,
	})
	// Started paths are not recommended again; proven skills are no gap.
	expect(
		recommendNextPath({ paths, started: new Set(['ethics']), proven: new Set(['a', 'b']), teamTargets: none }),
	).toMatchObject({ slug: 'ai', gaps: ['c', 'd'] })
})

test("the team's targets come first, and lead the list of gaps", () => {
	expect(recommendNextPath({ paths, started: none, proven: none, teamTargets: new Set(['d']) })).toMatchObject({
		slug: 'ai',
		gaps: ['d', 'c'],
		teamGaps: 1,
	})
})

test('nothing to recommend when every unstarted path teaches only proven skills', () => {
	expect(
		recommendNextPath({
			paths,
			started: new Set(['ethics']),
			proven: new Set(['a', 'b', 'c', 'd']),
			teamTargets: none,
		}),
	).toBeNull()
	// Ties keep the catalogue's order.
	expect(
		recommendNextPath({ paths: paths.slice(0, 2), started: none, proven: new Set(['a']), teamTargets: none }),
	).toMatchObject({ slug: 'data' })
})
