/**
 * An SVG logo drawn as a PNG, for a PDF (which cannot hold SVG): resvg renders it, with the certificate's own
 * fonts for any text in it (never the machine's, so a logo looks the same on every server). The size is what
 * the logo's box on the certificate needs at print resolution; the result is kept per logo, as logos change
 * rarely and certificates are made often.
 */
import { createHash } from 'node:crypto'
import { Resvg } from '@resvg/resvg-js'
import { certificateFontPaths } from './certificate-fonts'

/** The box the logo must fill, in pixels: 150 × 72 pt at 300 dpi, rounded up. */
export const RASTER_BOX = { width: 630, height: 300 }

const cache = new Map<string, Uint8Array>()
const CACHE_SIZE = 32

/** The SVG as a PNG no larger than RASTER_BOX, keeping its proportions; throws when the SVG cannot be read. */
export function rasteriseSvg(svg: Uint8Array): Uint8Array {
	const key = createHash('sha256').update(svg).digest('hex')
	const hit = cache.get(key)
	if (hit) return hit
	const font = { loadSystemFonts: false, fontFiles: certificateFontPaths(), defaultFontFamily: 'Noto Sans' }
	const measured = new Resvg(Buffer.from(svg), { font })
	if (!(measured.width > 0 && measured.height > 0)) throw new Error('The SVG image has no size.')
	const zoom = Math.min(RASTER_BOX.width / measured.width, RASTER_BOX.height / measured.height)
	const png = new Resvg(Buffer.from(svg), { font, fitTo: { mode: 'zoom', value: zoom } }).render().asPng()
	if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!)
	cache.set(key, png)
	return png
}
