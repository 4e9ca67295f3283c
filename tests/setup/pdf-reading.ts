/**
 * Reading PDFs as a person would, with poppler (Debian package poppler-utils): the page as an
 * image for its QR code, and its text. Missing tools fail with what to install.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'

export const DPI = 150

/** Runs a poppler tool; its absence fails the test with what to install rather than a bare ENOENT. */
export function poppler(tool: 'pdftoppm' | 'pdftotext' | 'pdfinfo', args: string[]): string {
	try {
		return execFileSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			throw new Error(
				`${tool} is not installed: install the Debian package poppler-utils (apt-get install -y poppler-utils)`,
			)
		}
		throw error
	}
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
