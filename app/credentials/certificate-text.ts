/**
 * Lines of the certificate: text fitted into a width at one of a few sizes, wrapped at spaces, cut short with
 * an ellipsis when it cannot fit, and drawn left-aligned or centred. A line is never split inside a
 * user-perceived character. All text here has been through the typesetter's `clean`.
 */
import type { PDFPage, RGB } from 'pdf-lib'
import type { Typesetter, Weight } from './certificate-fonts'

/** Text in one weight and size, already split into lines that fit. */
export type TextBlock = { weight: Weight; size: number; lines: string[] }

const ELLIPSIS = '…'
const TRAILING_SEPARATORS = /[\s,;:、，；：]+$/u

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' })
const clustersOf = (text: string) => Array.from(graphemes.segment(text), ({ segment }) => segment)

/** The longest start of `text` that fits `maxWidth` with an ellipsis after it (the text itself if it fits). */
export function ellipsize(text: string, type: Typesetter, weight: Weight, size: number, maxWidth: number): string {
	if (type.width(text, weight, size) <= maxWidth) return text
	const clusters = clustersOf(text)
	// No dangling space or separator before the ellipsis.
	const cut = (length: number) => clusters.slice(0, length).join('').replace(TRAILING_SEPARATORS, '') + ELLIPSIS
	let low = 0
	let high = clusters.length
	while (low < high) {
		const mid = Math.ceil((low + high) / 2)
		if (type.width(cut(mid), weight, size) <= maxWidth) low = mid
		else high = mid - 1
	}
	return cut(low)
}

/**
 * Splits a word wider than the line into pieces that fit: an id has no spaces to break at, and Chinese or
 * Japanese text breaks between any two characters.
 */
function breakWord(word: string, type: Typesetter, weight: Weight, size: number, maxWidth: number): string[] {
	const pieces: string[] = []
	let piece = ''
	let pieceWidth = 0
	for (const cluster of clustersOf(word)) {
		const clusterWidth = type.width(cluster, weight, size)
		if (piece !== '' && pieceWidth + clusterWidth > maxWidth) {
			pieces.push(piece)
			piece = ''
			pieceWidth = 0
		}
		piece += cluster
		pieceWidth += clusterWidth
	}
	if (piece !== '') pieces.push(piece)
	return pieces
}

/** Greedy word wrap; words too long for a line are broken between characters. */
function wrap(text: string, type: Typesetter, weight: Weight, size: number, maxWidth: number): string[] {
	const space = type.width(' ', weight, size)
	const lines: string[] = []
	let line = ''
	let lineWidth = 0
	for (const word of text.split(' ').filter(Boolean)) {
		// Widths add up, so each word is measured once.
		const wordWidth = type.width(word, weight, size)
		const candidateWidth = line === '' ? wordWidth : lineWidth + space + wordWidth
		if (candidateWidth <= maxWidth) {
			line = line === '' ? word : `${line} ${word}`
			lineWidth = candidateWidth
			continue
		}
		if (line !== '') lines.push(line)
		const pieces = breakWord(word, type, weight, size, maxWidth)
		lines.push(...pieces.slice(0, -1))
		line = pieces.at(-1) ?? ''
		lineWidth = type.width(line, weight, size)
	}
	if (line !== '') lines.push(line)
	return lines
}

/**
 * Fits text into lines of `maxWidth`, at most `maxLines` of them (a number, or one for each size): the largest
 * of `sizes` (largest first) at which it fits whole, else the smallest size with the last line cut short.
 */
export function fit(
	text: string,
	type: Typesetter,
	weight: Weight,
	sizes: number[],
	maxWidth: number,
	maxLines: number | ((size: number) => number),
): TextBlock {
	let block: TextBlock = { weight, size: 0, lines: [] }
	let limit = 0
	for (const size of sizes) {
		block = { weight, size, lines: wrap(text, type, weight, size, maxWidth) }
		limit = typeof maxLines === 'number' ? maxLines : maxLines(size)
		if (block.lines.length <= limit) return block
	}
	if (limit <= 0) return { ...block, lines: [] }
	const kept = block.lines.slice(0, limit - 1)
	const rest = block.lines.slice(limit - 1).join(' ')
	return { ...block, lines: [...kept, ellipsize(rest, type, weight, block.size, maxWidth)] }
}

/**
 * Fits a URL so that it can be typed in from paper: whole on one line at the largest of `sizes` that allows,
 * else broken only after a "/" (never inside a name or an id), in at most `maxLines` lines. Only a URL too long
 * for that is cut short, with an ellipsis; the QR code and the link always carry it whole.
 */
export function fitUrl(url: string, type: Typesetter, sizes: number[], maxWidth: number, maxLines: number): TextBlock {
	const weight: Weight = 'regular'
	const fits = (line: string, size: number) => type.width(line, weight, size) <= maxWidth
	for (const size of sizes) if (fits(url, size)) return { weight, size, lines: [url] }

	// "https://" stays whole: a break goes after the last of a run of slashes.
	const pieces = url.split(/(?<=\/)(?!\/)/)
	const pack = (size: number) => {
		const lines: string[] = []
		for (const piece of pieces) {
			const last = lines.at(-1)
			if (last !== undefined && fits(last + piece, size)) lines[lines.length - 1] = last + piece
			else lines.push(piece)
		}
		return lines
	}
	for (const size of sizes) {
		const lines = pack(size)
		if (lines.length <= maxLines && lines.every((line) => fits(line, size))) return { weight, size, lines }
	}

	const size = sizes.at(-1) ?? 0
	const lines: string[] = []
	for (const line of pack(size)) {
		if (lines.length === maxLines - 1 || !fits(line, size)) {
			lines.push(ellipsize(line, type, weight, size, maxWidth))
			break
		}
		lines.push(line)
	}
	return { weight, size, lines }
}

export type DrawOptions = {
	x: number
	/** The top of the block: the top of its first line's box. */
	top: number
	/** The least distance between baselines, as a multiple of the size; lines never come closer than their fonts' own line height. */
	leading?: number
	colour: RGB
	/** Centres each line in a box this wide (from x) instead of aligning it left. */
	centreIn?: number
}

/**
 * Where the block's lines sit: its fonts' tallest ascent, and the distance between baselines (the fonts' own
 * line height, ascent and descent, unless `leading` asks for more). CJK lines are taller than Latin ones.
 */
function lineBox(type: Typesetter, block: TextBlock, leading: number) {
	const extents = block.lines.map((line) => type.extent(line, block.weight))
	const ascent = Math.max(0, ...extents.map((extent) => extent.ascent))
	const descent = Math.max(0, ...extents.map((extent) => extent.descent))
	return { ascent: ascent * block.size, pitch: Math.max(leading, ascent + descent) * block.size }
}

/** The height `drawBlock` gives the block. */
export const blockHeight = (type: Typesetter, block: TextBlock, leading = 0) =>
	block.lines.length * lineBox(type, block, leading).pitch

/**
 * Draws the block's lines downwards from `top`; returns the top of whatever comes next, below the last line's
 * descent, so that no two blocks' lines overlap.
 */
export function drawBlock(
	page: PDFPage,
	type: Typesetter,
	block: TextBlock,
	{ x, top, leading = 0, colour, centreIn }: DrawOptions,
): number {
	const { ascent, pitch } = lineBox(type, block, leading)
	block.lines.forEach((line, index) => {
		const offset = centreIn === undefined ? 0 : (centreIn - type.width(line, block.weight, block.size)) / 2
		const baseline = top - ascent - index * pitch
		type.draw(page, line, { x: x + offset, y: baseline, size: block.size, weight: block.weight, colour })
	})
	return top - block.lines.length * pitch
}
