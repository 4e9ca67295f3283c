/**
 * Only same-site paths may be redirect targets; anything else (absolute URLs, protocol-relative
 * `//host`, backslash tricks) falls back to `fallback`.
 */
export function safeRedirectPath(target: FormDataEntryValue | string | null | undefined, fallback = '/dashboard') {
	if (typeof target !== 'string' || !target.startsWith('/') || target.startsWith('//') || target.includes('\\')) {
		return fallback
	}
	return target
}
