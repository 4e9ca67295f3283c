/** The badge image of a path's achievement: a plain SVG seal in the topic's colour, with its title. */
const TOPIC_COLOURS: Record<string, { ring: string; fill: string }> = {
	'data-literacy': { ring: '#1d4ed8', fill: '#dbeafe' },
	'ai-proficiency': { ring: '#047857', fill: '#d1fae5' },
	'ai-ethics': { ring: '#7c2d12', fill: '#ffedd5' },
}

const escapeXml = (text: string) =>
	text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)

/** Splits a title into at most three lines of about 14 characters. */
function lines(title: string): string[] {
	const result: string[] = []
	for (const word of title.split(/\s+/)) {
		const last = result.at(-1)
		if (last !== undefined && (last + ' ' + word).length <= 14) result[result.length - 1] = `${last} ${word}`
		else result.push(word)
	}
	return result.slice(0, 3)
}

export function badgeSvg(title: string, topic: string): string {
	const colour = TOPIC_COLOURS[topic] ?? { ring: '#334155', fill: '#f1f5f9' }
	const text = lines(title)
	const start = 200 - ((text.length - 1) * 34) / 2
	return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400" role="img" aria-label="${escapeXml(title)} badge">
<title>${escapeXml(title)}</title>
<circle cx="200" cy="200" r="190" fill="${colour.ring}"/>
<circle cx="200" cy="200" r="160" fill="${colour.fill}"/>
<circle cx="200" cy="200" r="150" fill="none" stroke="${colour.ring}" stroke-width="3" stroke-dasharray="6 6"/>
${text.map((line, i) => `<text x="200" y="${start + i * 34}" font-family="system-ui, sans-serif" font-size="28" font-weight="700" text-anchor="middle" dominant-baseline="middle" fill="${colour.ring}">${escapeXml(line)}</text>`).join('\n')}
<text x="200" y="330" font-family="system-ui, sans-serif" font-size="18" text-anchor="middle" fill="${colour.ring}">SKILLPROOF</text>
</svg>
`
}
