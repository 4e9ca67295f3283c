/**
 * Private links: a link in a message that acts as a key (an invitation, a password reset, an
 * address confirmation). The outbox keeps every message with each such link withheld, in its text
 * and in its HTML alike; only the recipient's copy, rendered when it is delivered, holds the link
 * (docs/decisions/025 and 033).
 */

/** What the outbox shows in place of a private link. */
export const WITHHELD_LINK = '[private link: in the recipient’s copy only]'

type Json = string | number | boolean | null | Json[] | { [key: string]: Json }

/**
 * The same value with every string that is one of `links` replaced by WITHHELD_LINK, at any depth.
 * A template receives its links as whole strings, so this is where they are taken out.
 */
export function withholdLinks<T>(value: T, links: readonly string[]): T {
	if (links.length === 0) return value
	const hidden = new Set(links)
	const walk = (v: Json): Json => {
		if (typeof v === 'string') return hidden.has(v) ? WITHHELD_LINK : v
		if (Array.isArray(v)) return v.map(walk)
		if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, walk(inner)]))
		return v
	}
	return walk(value as Json) as T
}

/** The private links that still appear in a rendered part (in its HTML-escaped form too). */
export function leakedLinks(part: string, links: readonly string[]): string[] {
	return links.filter((link) => part.includes(link) || part.includes(link.replaceAll('&', '&amp;')))
}
