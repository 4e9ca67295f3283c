/**
 * A message's text part as runs of plain text and links, so that a page can show it with its links
 * clickable. Only http and https addresses become links; a withheld private link is words, not an
 * address, so it stays text.
 */
export type TextRun = { text: string; href?: string }

const ADDRESS = /https?:\/\/[^\s<>"]+/g
/** Punctuation that ends a sentence around an address rather than belonging to it. */
const TRAILING = /[.,;:!?'"’”\]]+$|\)+$/

export function linkRuns(text: string): TextRun[] {
	const runs: TextRun[] = []
	const pushText = (part: string) => {
		if (!part) return
		const last = runs.at(-1)
		if (last && !last.href) last.text += part
		else runs.push({ text: part })
	}
	let from = 0
	for (const match of text.matchAll(ADDRESS)) {
		let address = match[0]
		// A closing bracket belongs to the address only when it opened one (a wiki page's title).
		while (TRAILING.test(address) && !(address.endsWith(')') && address.includes('('))) {
			address = address.replace(TRAILING, '')
		}
		if (!URL.canParse(address)) continue
		pushText(text.slice(from, match.index))
		runs.push({ text: address, href: address })
		from = match.index + address.length
	}
	pushText(text.slice(from))
	return runs
}
