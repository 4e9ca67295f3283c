/**
 * An organisation's logo, as its credentials show it: a PNG, checked to be one (its signature and
 * header) and of a sensible size, or an SVG kept only as DOMPurify leaves it with its SVG profile,
 * without scripts, event handlers, links, embedded documents, style sheets or references to anything
 * outside the image. It is served with a policy that would stop a script anyway
 * (routes/credentials/org-logo.ts).
 */

/** The most a logo may weigh: a logo is a few kilobytes. */
export const MAX_LOGO_BYTES = 200 * 1024
const MAX_SIDE = 2048
const MIN_SIDE = 16

export type Logo = { bytes: Uint8Array<ArrayBuffer>; type: 'image/png' | 'image/svg+xml' }

export class LogoError extends Error {}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

function checkPng(bytes: Uint8Array): void {
	// The signature, then the IHDR chunk first: length 13, type "IHDR", width and height (big-endian).
	if (bytes.length < 33 || PNG_SIGNATURE.some((byte, i) => bytes[i] !== byte))
		throw new LogoError('This file is not a PNG image.')
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
	const type = String.fromCharCode(...bytes.subarray(12, 16))
	if (view.getUint32(8) !== 13 || type !== 'IHDR') throw new LogoError('This PNG image is damaged.')
	const width = view.getUint32(16)
	const height = view.getUint32(20)
	if (width < MIN_SIDE || height < MIN_SIDE || width > MAX_SIDE || height > MAX_SIDE)
		throw new LogoError(
			`The logo is ${width} × ${height} pixels; give one between ${MIN_SIDE} and ${MAX_SIDE} pixels on each side.`,
		)
}

/** What an SVG may keep: drawing only, nothing that runs, links out or loads anything. */
const SVG_PURIFY = {
	USE_PROFILES: { svg: true, svgFilters: true },
	FORBID_TAGS: ['a', 'use', 'image', 'feImage', 'foreignObject', 'style', 'script'],
	FORBID_ATTR: ['href', 'xlink:href', 'style'],
}

async function sanitiseSvg(bytes: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
	let text: string
	try {
		text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
	} catch {
		throw new LogoError('This SVG file is not text in UTF-8.')
	}
	if (!/<svg[\s>]/i.test(text)) throw new LogoError('This file is not an SVG image.')
	// Loaded on first use: a DOM is only needed here.
	const [{ default: createDOMPurify }, { JSDOM }] = await Promise.all([import('dompurify'), import('jsdom')])
	const { window } = new JSDOM('')
	try {
		const purify = createDOMPurify(window as unknown as Parameters<typeof createDOMPurify>[0])
		const clean = purify.sanitize(text, SVG_PURIFY)
		if (!/^<svg[\s>]/i.test(clean.trim()))
			throw new LogoError('Nothing of this SVG image is left to show once cleaned.')
		// Anything left that would reach outside the image is refused rather than guessed at.
		if (/url\(\s*['"]?(?!#)/i.test(clean)) throw new LogoError('This SVG image refers to files outside itself.')
		return new TextEncoder().encode(clean) as Uint8Array<ArrayBuffer>
	} finally {
		window.close()
	}
}

/** The logo to keep, from an uploaded file: a PNG as it is, an SVG cleaned; or a LogoError saying why not. */
export async function acceptLogo(file: { bytes: Uint8Array; name: string; type: string }): Promise<Logo> {
	if (file.bytes.byteLength === 0) throw new LogoError('Choose a PNG or SVG file.')
	if (file.bytes.byteLength > MAX_LOGO_BYTES)
		throw new LogoError(`The logo is ${Math.ceil(file.bytes.byteLength / 1024)} KB; give one of at most 200 KB.`)
	const isSvg = file.type === 'image/svg+xml' || /\.svg$/i.test(file.name)
	if (isSvg) return { bytes: await sanitiseSvg(file.bytes), type: 'image/svg+xml' }
	checkPng(file.bytes)
	return { bytes: new Uint8Array(file.bytes), type: 'image/png' }
}
