/**
 * The badge image of a path's achievement: an SVG seal in the topic's colours with the achievement's
 * name, every word of it, in the largest type that fits (so it stays legible at the 96–160 px the
 * pages show it at), and a check mark.
 */
const TOPIC_COLOURS: Record<string, { ring: string; fill: string }> = {
	'data-literacy': { ring: '#1d4ed8', fill: '#dbeafe' },
	'ai-proficiency': { ring: '#047857', fill: '#d1fae5' },
	'ai-ethics': { ring: '#7c2d12', fill: '#ffedd5' },
}

const escapeXml = (text: string) =>
	text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)

/** Type sizes tried from the largest down: how many characters a line holds and how many lines fit. */
const LAYOUTS = [
	{ size: 42, perLine: 11, lines: 3 },
	{ size: 38, perLine: 14, lines: 4 },
	{ size: 32, perLine: 17, lines: 4 },
	{ size: 26, perLine: 21, lines: 5 },
] as const

/** Words into lines of at most `perLine` characters (a longer word keeps a line of its own). */
export function wrapTitle(title: string, perLine: number): string[] {
	const result: string[] = []
	for (const word of title.split(/\s+/).filter(Boolean)) {
		const last = result.at(-1)
		if (last !== undefined && (last + ' ' + word).length <= perLine) result[result.length - 1] = `${last} ${word}`
		else result.push(word)
	}
	return result
}

/** The largest layout that holds every word; the smallest one if none does (then lines may be long). */
export function badgeLayout(title: string) {
	for (const layout of LAYOUTS) {
		const lines = wrapTitle(title, layout.perLine)
		if (lines.length <= layout.lines && lines.every((l) => l.length <= layout.perLine)) return { ...layout, lines }
	}
	const smallest = LAYOUTS.at(-1)!
	return { ...smallest, lines: wrapTitle(title, smallest.perLine) }
}

export function badgeSvg(title: string, topic: string): string {
	const colour = TOPIC_COLOURS[topic] ?? { ring: '#334155', fill: '#f1f5f9' }
	const { size, lines } = badgeLayout(title)
	const lineHeight = Math.round(size * 1.15)
	// The block of lines sits a little below the centre, under the check mark.
	const start = 222 - ((lines.length - 1) * lineHeight) / 2
	return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400" role="img" aria-label="${escapeXml(title)} badge">
<title>${escapeXml(title)}</title>
<circle cx="200" cy="200" r="196" fill="${colour.ring}"/>
<circle cx="200" cy="200" r="168" fill="${colour.fill}"/>
<circle cx="200" cy="200" r="158" fill="none" stroke="${colour.ring}" stroke-width="3" stroke-dasharray="6 6"/>
<path d="M178 ${start - lineHeight - 30} l14 14 l28 -28" fill="none" stroke="${colour.ring}" stroke-width="9" stroke-linecap="round" stroke-linejoin="round"/>
${lines.map((line, i) => `<text x="200" y="${start + i * lineHeight}" font-family="system-ui, sans-serif" font-size="${size}" font-weight="700" text-anchor="middle" dominant-baseline="middle" fill="${colour.ring}">${escapeXml(line)}</text>`).join('\n')}
</svg>
`
}
