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
