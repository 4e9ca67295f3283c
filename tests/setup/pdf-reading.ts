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
