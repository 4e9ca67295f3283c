/** Plain-text views of a lesson's MDX body: words, headings, links and components. */
import GithubSlugger from 'github-slugger'

/** The prose a learner reads: no code, JSX tags, link targets or Markdown markup. */
export function extractProse(mdxBody: string): string {
	return mdxBody
		.replace(/```[\s\S]*?```/g, ' ')
		.replace(/<[A-Z][A-Za-z]*\b[^>]*\/>/g, ' ')
		.replace(/<\/?[A-Z][A-Za-z]*\b[^>]*>/g, ' ')
		.replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
		.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/^\s*\|?\s*:?-{3,}.*$/gm, ' ')
		.replace(/[#>*_`|]/g, ' ')
		.replace(/\s+/g, ' ')
		.trim()
}

export function countWords(prose: string): number {
	return prose.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length
}

export type Heading = { id: string; text: string; level: 2 | 3 }

/** `##` and `###` headings with the ids rehype-slug gives them, for the table of contents. */
export function extractHeadings(mdxBody: string): Heading[] {
	const slugger = new GithubSlugger()
	const headings: Heading[] = []
	let inCode = false
	for (const line of mdxBody.split('\n')) {
		if (line.startsWith('```')) inCode = !inCode
		const match = !inCode && /^(#{2,3})\s+(.+?)\s*#*\s*$/.exec(line)
		if (!match) continue
		const text = match[2]!.replace(/[*_`]/g, '')
		headings.push({ id: slugger.slug(text), text, level: match[1]!.length as 2 | 3 })
	}
	return headings
}

/** Site-internal link targets (`](/…)` and `href="/…"`). */
export function extractInternalLinks(mdxBody: string): string[] {
	const links = [...mdxBody.matchAll(/\]\((\/[^)\s]*)\)/g), ...mdxBody.matchAll(/href="(\/[^"]*)"/g)]
	return links.map((m) => m[1]!)
}

/** Names of the JSX components a lesson uses (code blocks and inline code are not components). */
export function extractComponents(mdxBody: string): string[] {
	const withoutCode = mdxBody.replace(/```[\s\S]*?```/g, ' ').replace(/`[^`\n]*`/g, ' ')
	return [...new Set([...withoutCode.matchAll(/<([A-Z][A-Za-z]*)\b/g)].map((m) => m[1]!))]
}

/** Reading time in minutes: prose at 200 words a minute plus half a minute per check question. */
export function estimateMinutes(words: number, checkQuestions: number): number {
	return Math.max(1, Math.round(words / 200 + checkQuestions * 0.5))
}
