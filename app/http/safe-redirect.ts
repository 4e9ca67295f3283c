/**
 * Only paths on this site may be redirect targets. The target is parsed as a URL against a stand-in
 * origin and must stay on it; anything else — absolute URLs, protocol-relative `//host`, backslash
 * tricks, and any control character (browsers drop a TAB or a line break from a URL, so `/<TAB>/host`
 * would become `//host`; in a Location header one is a 500) — falls back to `fallback`. What comes out
 * is the parsed path, query and fragment, percent-encoded, so it is always a valid header value.
 */
const SITE = 'http://site.invalid'
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_OR_BACKSLASH = /[\u0000-\u001f\u007f-\u009f\\]/

export function safeRedirectPath(target: FormDataEntryValue | string | null | undefined, fallback = '/dashboard') {
	if (typeof target !== 'string' || !target.startsWith('/') || CONTROL_OR_BACKSLASH.test(target)) return fallback
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
	if (typeof value !== 'string' || !value.startsWith('?') || CONTROL_OR_BACKSLASH.test(value)) return ''
	return new URL(value, SITE).search
}
