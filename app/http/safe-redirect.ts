/**
 * Only paths on this site may be redirect targets. The target is parsed as a URL against a stand-in
 * origin and must stay on it; anything else — absolute URLs, protocol-relative `//host`, backslash
 * tricks, and any control character (browsers drop a TAB or a line break from a URL, so `/<TAB>/host`
 * would become `//host`; in a Location header one is a 500) — falls back to `fallback`. What comes out
 * is the parsed path, query and fragment, percent-encoded, so it is always a valid header value.
 */
import { holdsControlCharacter } from './typed-text'

const SITE = 'http://site.invalid'
/** A control character, or a backslash (which browsers read as a slash). */
const unsafe = (text: string) => holdsControlCharacter(text) || text.includes('\\')

export function safeRedirectPath(target: FormDataEntryValue | string | null | undefined, fallback = '/dashboard') {
	if (typeof target !== 'string' || !target.startsWith('/') || unsafe(target)) return fallback
	let url: URL
	try {
		url = new URL(target, SITE)
	} catch {
		return fallback
	}
	if (url.origin !== SITE) return fallback
	return `${url.pathname}${url.search}${url.hash}`
}

/**
 * A query string to come back to on the same page (`?team=ops&page=2`), parsed and percent-encoded
 * the same way, or '' when the value is not one.
 */
export function safeReturnSearch(value: FormDataEntryValue | string | null | undefined): string {
	if (typeof value !== 'string' || !value.startsWith('?') || unsafe(value)) return ''
	return new URL(value, SITE).search
}
