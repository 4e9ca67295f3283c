/**
 * The pages of the AI-literacy evidence PDF: text flowing down A4 portrait pages, and tables that break across
 * pages with their header row repeated. Every text is wrapped inside its width (a cell's inside its column) and
 * cut short with an ellipsis only past a given number of lines, so that a table row always fits on a page.
 * Nothing but the footer is drawn below BODY_BOTTOM. Text is set with the certificate's typesetter, so names in
 * any script print (app/credentials/certificate-fonts.ts).
 */
import { PageSizes, rgb, type PDFDocument, type PDFPage, type RGB } from 'pdf-lib'
import type { Extent, Typesetter, Weight } from '../credentials/certificate-fonts'
import { fit, type TextBlock } from '../credentials/certificate-text'

const [PAGE_WIDTH, PAGE_HEIGHT] = PageSizes.A4
const MARGIN = 50
export const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
/** The lowest point the body may reach; the footer's rule and lines lie below it. */
const BODY_BOTTOM = 70
/** The footer: a rule, then its lines' baselines, top to bottom. */
const FOOTER = { rule: 62, baselines: [48, 36] }

export const COLOURS = {
	ink: rgb(0.09, 0.12, 0.18),
	muted: rgb(0.38, 0.42, 0.48),
	alert: rgb(0.62, 0.09, 0.09),
	rule: rgb(0.78, 0.81, 0.86),
	strongRule: rgb(0.35, 0.39, 0.46),
}

export type Style = { weight: Weight; size: number; colour: RGB }

/**
 * Text in one style, wrapped to its width in at most `maxLines` lines (the last cut short with an ellipsis).
 * With `minSize`, text too wide for one line is first made smaller, down to that size, so that a word with no
 * space to break at (an e-mail address) is broken only if it must be.
 */
export type Piece = { text: string; style: Style; maxLines?: number; minSize?: number }

/** A table's column: its header, its share of the content width, and how its cells' lines align. */
export type Column = { header: string; share: number; align?: 'left' | 'right' }

/** A table row: for each column, the pieces its cell stacks from top to bottom. */
export type Row = Piece[][]

/** The least distance between baselines, as a multiple of the size (more where a font's lines are taller). */
const LEADING = 1.3
const CELL_PADDING = { x: 4, y: 3.5 }
const HEADER_STYLE: Style = { weight: 'bold', size: 7.5, colour: COLOURS.muted }

/** A piece fitted into a width: its lines, its colour and where they sit (in points). */
type Lines = { block: TextBlock; colour: RGB; ascent: number; pitch: number; height: number }

/**
 * Fits a piece into `width`. All its lines share one ascent and one distance between baselines, the largest its
 * fonts need: a line with Chinese in it is taller than a Latin one.
 */
function layOut(type: Typesetter, piece: Piece, width: number): Lines {
	const { weight, colour } = piece.style
	const text = type.clean(piece.text)
	let size = piece.style.size
	if (piece.minSize !== undefined) {
		const widthAtOne = type.width(text, weight, 1)
		// Rounded down to a hundredth of a point, so that rounding errors cannot push it past the width.
		if (widthAtOne * size > width) size = Math.max(piece.minSize, Math.floor((width / widthAtOne) * 100) / 100)
	}
	const block = fit(text, type, weight, [size], width, piece.maxLines ?? Number.POSITIVE_INFINITY)
	let ascent = 0
	let descent = 0
	for (const line of block.lines) {
		const extent = type.extent(line, weight)
		ascent = Math.max(ascent, extent.ascent)
		descent = Math.max(descent, extent.descent)
	}
	const pitch = Math.max(LEADING, ascent + descent) * size
	return { block, colour, ascent: ascent * size, pitch, height: block.lines.length * pitch }
}

/** Draws line `index` of `lines` with the top of its box at `top`, from `x` or ending at `x + width`. */
function drawLine(
	page: PDFPage,
	type: Typesetter,
	lines: Lines,
	index: number,
	{ x, top, width, align = 'left' }: { x: number; top: number; width: number; align?: 'left' | 'right' },
) {
	const { weight, size } = lines.block
	const line = lines.block.lines[index]!
	const left = align === 'right' ? x + width - type.width(line, weight, size) : x
	type.draw(page, line, { x: left, y: top - lines.ascent, size, weight, colour: lines.colour })
}

/**
 * The typesetter with its measurements remembered: a long table measures the same words (months, team and path
 * names, e-mail domains) and the same lines again and again. Widths grow with the size, so one is kept per text.
 */
function remembering(type: Typesetter): Typesetter {
	const cleaned = new Map<string, string>()
	const widths = new Map<string, number>()
	const extents = new Map<string, Extent>()
	const remember = <T>(cache: Map<string, T>, key: string, make: () => T): T => {
		let value = cache.get(key)
		if (value === undefined) {
			value = make()
			cache.set(key, value)
		}
		return value
	}
	return {
		...type,
		clean: (text) => remember(cleaned, text, () => type.clean(text)),
		width: (text, weight, size) => remember(widths, `${weight}\u0000${text}`, () => type.width(text, weight, 1)) * size,
		extent: (text, weight) => remember(extents, `${weight}\u0000${text}`, () => type.extent(text, weight)),
	}
}

/** A table row laid out: each cell's pieces, and the row's height with its padding. */
type LaidRow = { cells: Lines[][]; height: number }

/** Text and tables flowing down the pages of `pdf`, from the top of a first page that it adds. */
export function createFlow(pdf: PDFDocument, typesetter: Typesetter) {
	const type = remembering(typesetter)
	let page = pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT])
	let top = PAGE_HEIGHT - MARGIN
	const atPageTop = () => top === PAGE_HEIGHT - MARGIN

	function newPage() {
		page = pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT])
		top = PAGE_HEIGHT - MARGIN
	}

	/** Starts a new page unless `height` points fit above the footer (or the page is still empty). */
	function keep(height: number) {
		if (top - height < BODY_BOTTOM && !atPageTop()) newPage()
	}

	/** Leaves `gap` points of space, except at the top of a page. */
	function space(gap: number) {
		if (!atPageTop()) top -= gap
	}

	/**
	 * A piece across the content width, breaking between its lines where a page ends. `together` keeps it on one
	 * page (for a short block); otherwise at least its first two lines stay together.
	 */
	function text(piece: Piece, { together = false, followedBy = 0 } = {}) {
		const lines = layOut(type, piece, CONTENT_WIDTH)
		keep((together ? lines.height : Math.min(lines.height, 2 * lines.pitch)) + followedBy)
		lines.block.lines.forEach((_, index) => {
			keep(lines.pitch)
			drawLine(page, type, lines, index, { x: MARGIN, top, width: CONTENT_WIDTH })
			top -= lines.pitch
		})
	}

	/** A horizontal rule across the content width, `gap` points below the last text. */
	function rule(gap: number) {
		space(gap)
		page.drawLine({
			start: { x: MARGIN, y: top },
			end: { x: MARGIN + CONTENT_WIDTH, y: top },
			thickness: 0.5,
			color: COLOURS.rule,
		})
	}

	/**
	 * A table across the content width. A row is never split: one that does not fit goes to the next page, where
	 * the header row is drawn again. Rows are laid out one at a time, so a long table costs little memory.
	 */
	function table(columns: Column[], rows: Iterable<Row>) {
		const total = columns.reduce((sum, column) => sum + column.share, 0)
		const widths = columns.map((column) => (column.share / total) * CONTENT_WIDTH)
		const lefts = widths.map((_, index) => MARGIN + widths.slice(0, index).reduce((sum, width) => sum + width, 0))

		// Cells repeat (a team, a role, a path, a date), so each different one is laid out once.
		const laidCells = new Map<string, Lines>()
		const layOutCell = (piece: Piece, column: number) => {
			const { weight, size, colour } = piece.style
			const { maxLines, minSize, text } = piece
			const key = [column, weight, size, colour.red, colour.green, colour.blue, maxLines, minSize, text].join('\u0000')
			let lines = laidCells.get(key)
			if (!lines) {
				lines = layOut(type, piece, widths[column]! - 2 * CELL_PADDING.x)
				laidCells.set(key, lines)
			}
			return lines
		}
		const layOutRow = (row: Row): LaidRow => {
			const cells = columns.map((_, index) => (row[index] ?? []).map((piece) => layOutCell(piece, index)))
			const heights = cells.map((pieces) => pieces.reduce((sum, lines) => sum + lines.height, 0))
			return { cells, height: Math.max(0, ...heights) + 2 * CELL_PADDING.y }
		}

		const drawRow = (row: LaidRow, below: { colour: RGB; thickness: number }) => {
			row.cells.forEach((pieces, index) => {
				let cellTop = top - CELL_PADDING.y
				for (const lines of pieces) {
					lines.block.lines.forEach((_, line) => {
						const x = lefts[index]! + CELL_PADDING.x
						const width = widths[index]! - 2 * CELL_PADDING.x
						drawLine(page, type, lines, line, {
							x,
							top: cellTop - line * lines.pitch,
							width,
							align: columns[index]!.align,
						})
					})
					cellTop -= lines.height
				}
			})
			top -= row.height
			page.drawLine({
				start: { x: MARGIN, y: top },
				end: { x: MARGIN + CONTENT_WIDTH, y: top },
				thickness: below.thickness,
				color: below.colour,
			})
		}

		const header = layOutRow(columns.map((column) => [{ text: column.header, style: HEADER_STYLE, maxLines: 2 }]))
		let headerOnPage = false
		for (const row of rows) {
			const laid = layOutRow(row)
			if (top - laid.height - (headerOnPage ? 0 : header.height) < BODY_BOTTOM) {
				newPage()
				headerOnPage = false
			}
			if (!headerOnPage) {
				drawRow(header, { colour: COLOURS.strongRule, thickness: 0.75 })
				headerOnPage = true
			}
			drawRow(laid, { colour: COLOURS.rule, thickness: 0.4 })
		}
	}

	return { keep, space, text, rule, table }
}

/**
 * The footer of a page: a rule, then each piece on one line (cut short with an ellipsis if it does not fit,
 * so a caller shortens whatever may be long first).
 */
export function drawFooter(page: PDFPage, type: Typesetter, pieces: Piece[]) {
	page.drawLine({
		start: { x: MARGIN, y: FOOTER.rule },
		end: { x: MARGIN + CONTENT_WIDTH, y: FOOTER.rule },
		thickness: 0.5,
		color: COLOURS.rule,
	})
	pieces.slice(0, FOOTER.baselines.length).forEach((piece, index) => {
		const lines = layOut(type, { ...piece, maxLines: 1 }, CONTENT_WIDTH)
		const baseline = FOOTER.baselines[index]!
		if (lines.block.lines.length > 0) {
			drawLine(page, type, lines, 0, { x: MARGIN, top: baseline + lines.ascent, width: CONTENT_WIDTH })
		}
	})
}
