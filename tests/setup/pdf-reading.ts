/**
 * Reading PDFs as a person would, with poppler (Debian package poppler-utils): the page as an
 * image for its QR code, and its text. A test that reads a PDF where poppler is missing stops with
 * what to install (tests/setup/tools.ts): skipped on a developer's machine, failed in CI.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { poppler as popplerTools, requireTools } from './tools'

export const DPI = 150

/** Runs a poppler tool. */
export function poppler(tool: 'pdftoppm' | 'pdftotext' | 'pdfinfo', args: string[]): string {
	requireTools(popplerTools)
	return execFileSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
}

export function rasterise(file: string): PNG {
	const prefix = file.replace(/\.pdf$/, '')
	poppler('pdftoppm', ['-r', String(DPI), '-png', '-singlefile', file, prefix])
	return PNG.sync.read(readFileSync(`${prefix}.png`))
}

export function findQrCode(png: PNG) {
	const pixels = new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length)
	return jsQR(pixels, png.width, png.height)
}

/** The extracted text with each run of whitespace as one space. */
export const extractText = (file: string) => poppler('pdftotext', [file, '-']).replace(/\s+/g, ' ')

/** The height of an A4 landscape page, in points. */
const A4_LANDSCAPE_HEIGHT = 595

/** A PNG of one colour, as an organisation's logo. */
export function solidPng(width: number, height: number, [red, green, blue]: [number, number, number]): Uint8Array {
	const png = new PNG({ width, height })
	for (let offset = 0; offset < png.data.length; offset += 4) {
		png.data[offset] = red
		png.data[offset + 1] = green
		png.data[offset + 2] = blue
		png.data[offset + 3] = 255
	}
	return new Uint8Array(PNG.sync.write(png))
}

/** A box in points from the page's bottom-left corner. */
export type Box = { xMin: number; yMin: number; xMax: number; yMax: number }
export type PixelTest = (red: number, green: number, blue: number) => boolean

/** The pixels of the rasterised page that pass `test`, inside a box given in points from the bottom left. */
export function countPixels(png: PNG, box: Box, test: PixelTest, pageHeight = A4_LANDSCAPE_HEIGHT) {
	const scale = DPI / 72
	const [top, bottom] = [box.yMax, box.yMin].map((y) => (pageHeight - y) * scale) as [number, number]
	let count = 0
	for (let y = Math.floor(top); y < bottom; y++) {
		for (let x = Math.floor(box.xMin * scale); x < box.xMax * scale; x++) {
			const offset = (y * png.width + x) * 4
			if (test(png.data[offset] ?? 255, png.data[offset + 1] ?? 255, png.data[offset + 2] ?? 255)) count++
		}
	}
	return count
}
