/** Small encodings shared by the credential code (and usable in the browser). */

export function toHex(bytes: ArrayBuffer | Uint8Array): string {
	return Array.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), (byte) =>
		byte.toString(16).padStart(2, '0'),
	).join('')
}

/** Hex SHA-256 of a UTF-8 string, with the platform's Web Crypto. */
export async function sha256Hex(text: string): Promise<string> {
	return toHex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))
}

/** Seconds precision with a zone, as VC 2.0 expects for `validFrom`/`validUntil`. */
export function xsdDateTime(date: Date): string {
	return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/**
 * The same moment `months` calendar months later (UTC), kept within the target month: 31 January
 * plus one month is 28 or 29 February, not 3 March.
 */
export function addMonthsUtc(date: Date, months: number): Date {
	const target = new Date(date)
	const day = target.getUTCDate()
	target.setUTCDate(1)
	target.setUTCMonth(target.getUTCMonth() + months)
	const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate()
	target.setUTCDate(Math.min(day, lastDay))
	return target
}
