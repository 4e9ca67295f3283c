import { expect, test } from 'vitest'
import { badgeLayout, badgeSvg, wrapTitle } from './badge-image'

test('every word of the name is on the badge, in the largest type that holds it', () => {
	const long = 'AI Proficiency: Working Well with Generative AI'
	const layout = badgeLayout(long)
	expect(layout.lines.join(' ')).toBe(long)
	expect(layout.size).toBeGreaterThanOrEqual(32)
	expect(badgeLayout('Careful Counting')).toMatchObject({ size: 42, lines: ['Careful', 'Counting'] })
	const svg = badgeSvg(long, 'ai-proficiency')
	for (const line of layout.lines) expect(svg).toContain(`>${line}</text>`)
	expect(svg).toContain(`font-size="${layout.size}"`)
})

test('names are escaped and a word longer than a line keeps a line of its own', () => {
	expect(wrapTitle('Pneumonoultramicroscopic silicovolcanoconiosis', 14)).toEqual([
		'Pneumonoultramicroscopic',
		'silicovolcanoconiosis',
	])
	expect(badgeSvg('Fish & <Chips>', 'unknown')).toContain('Fish &amp; &lt;Chips&gt;')
})
