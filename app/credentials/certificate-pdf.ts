/**
 * The printable certificate of an earned credential: a one-page A4 landscape PDF naming the learner, the
 * credential, the assessment result and the skills, with a QR code that opens the public verification page.
 */
import { PageSizes, PDFDocument, PDFHexString, rgb, StandardFonts, type PDFFont, type PDFPage, type RGB } from 'pdf-lib'
import QRCode from 'qrcode'
import { toHex } from './encoding'

export type CertificateInput = {
	learnerName: string
	credentialName: string
	description: string
	issuerName: string
	issuedOn: Date
	validUntil: Date
	/** Percent, without the sign, e.g. "92". */
	score: string
	/** Percent, without the sign, e.g. "80". */
	passMark: string
	skills: string[]
	/** Absolute http(s) URL of the public verification page; the QR code encodes exactly this. */
	verificationUrl: string
	credentialId: string
}

type Fonts = { regular: PDFFont; bold: PDFFont }

/** Text that may be drawn in one font and size, already split into lines that fit. */
type TextBlock = { font: PDFFont; size: number; lines: string[] }

// A4 sizes are given portrait (width, height); the certificate is landscape.
const [PAGE_HEIGHT, PAGE_WIDTH] = PageSizes.A4
const MARGIN = 60
const COLUMN_GAP = 40
/** The QR code with its quiet zone, in points (150 pt is about 53 mm). */
const QR_BOX = 150
const QR_QUIET_MODULES = 4
const QR_COLUMN_X = PAGE_WIDTH - MARGIN - QR_BOX
const CONTENT_WIDTH = QR_COLUMN_X - COLUMN_GAP - MARGIN
/** The main text flows down from the top and stops above the fixed footer (result, dates, issuer, id). */
const FLOW_BOTTOM = 142
/** The lowest line of text on the page. */
const FOOTER_BOTTOM = 44

const COLOURS = {
	ink: rgb(0.09, 0.12, 0.18),
	muted: rgb(0.35, 0.39, 0.46),
	accent: rgb(0.11, 0.31, 0.85),
	rule: rgb(0.8, 0.84, 0.9),
	white: rgb(1, 1, 1),
	black: rgb(0, 0, 0),
}

const ELLIPSIS = '...'
const TRAILING_SEPARATORS = /[\s,;:]+$/
/** Helvetica's ascent as a share of the font size. */
const ASCENT = 0.75

/**
 * Characters shown as their ASCII equivalents, and Latin letters that have no decomposed form to fall back on.
 * Everything else the standard fonts cannot encode (WinAnsi) loses its accents or is dropped.
 */
const REPLACEMENTS: Record<string, string> = {
	'‘': "'",
	'’': "'",
	'‚': "'",
	'‛': "'",
	'′': "'",
	'“': '"',
	'”': '"',
	'„': '"',
	'‟': '"',
	'″': '"',
	'‐': '-',
	'‑': '-',
	'‒': '-',
	'–': '-',
	'—': '-',
	'―': '-',
	'−': '-',
	'…': '...',
	'\u00ad': '',
	Ł: 'L',
	ł: 'l',
	Đ: 'D',
	đ: 'd',
	Ħ: 'H',
	ħ: 'h',
	ı: 'i',
	Ŧ: 'T',
	ŧ: 't',
	Ŋ: 'N',
	ŋ: 'n',
}

/** Makes text drawable in a standard font: one line, typographic marks in ASCII, unencodable characters gone. */
function toWinAnsi(text: string, charset: ReadonlySet<number>): string {
	let result = ''
	for (const char of text.normalize('NFC').replace(/\s+/g, ' ')) {
		const replacement = REPLACEMENTS[char]
		if (replacement !== undefined) result += replacement
		else if (charset.has(char.codePointAt(0)!)) result += char
		// e.g. "ő" (not in WinAnsi) becomes "o"; scripts without Latin letters disappear.
		else result += [...char.normalize('NFD')].filter((part) => charset.has(part.codePointAt(0)!)).join('')
	}
	return result.replace(/ {2,}/g, ' ').trim()
}

const formatDate = (date: Date) =>
	new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date)

const width = (text: string, font: PDFFont, size: number) => font.widthOfTextAtSize(text, size)

/** The longest start of `text` that fits `maxWidth` with an ellipsis after it (the text itself if it fits). */
function ellipsize(text: string, font: PDFFont, size: number, maxWidth: number): string {
	if (width(text, font, size) <= maxWidth) return text
	const chars = [...text]
	// No dangling space or separator before the ellipsis.
	const cut = (length: number) => chars.slice(0, length).join('').replace(TRAILING_SEPARATORS, '') + ELLIPSIS
	let low = 0
	let high = chars.length
	while (low < high) {
		const mid = Math.ceil((low + high) / 2)
		if (width(cut(mid), font, size) <= maxWidth) low = mid
		else high = mid - 1
	}
	return cut(low)
}

/** Splits a word wider than the line into pieces that fit (a URL or an id has no spaces to break at). */
function breakWord(word: string, font: PDFFont, size: number, maxWidth: number): string[] {
	const pieces: string[] = []
	let piece = ''
	for (const char of word) {
		if (piece !== '' && width(piece + char, font, size) > maxWidth) {
			pieces.push(piece)
			piece = ''
		}
		piece += char
	}
	if (piece !== '') pieces.push(piece)
	return pieces
}

/** Greedy word wrap; words too long for a line are broken anywhere. */
function wrap(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
	const lines: string[] = []
	let line = ''
	for (const word of text.split(' ').filter(Boolean)) {
		const candidate = line === '' ? word : `${line} ${word}`
		if (width(candidate, font, size) <= maxWidth) {
			line = candidate
			continue
		}
		if (line !== '') lines.push(line)
		const pieces = breakWord(word, font, size, maxWidth)
		lines.push(...pieces.slice(0, -1))
		line = pieces.at(-1) ?? ''
	}
	if (line !== '') lines.push(line)
	return lines
}

/**
 * Fits text into lines of `maxWidth`, at most `maxLines` of them (a number, or one for each size): the largest
 * of `sizes` (largest first) at which it fits whole, else the smallest size with the last line cut short.
 */
function fit(
	text: string,
	font: PDFFont,
	sizes: number[],
	maxWidth: number,
	maxLines: number | ((size: number) => number),
): TextBlock {
	let block: TextBlock = { font, size: 0, lines: [] }
	let limit = 0
	for (const size of sizes) {
		block = { font, size, lines: wrap(text, font, size, maxWidth) }
		limit = typeof maxLines === 'number' ? maxLines : maxLines(size)
		if (block.lines.length <= limit) return block
	}
	if (limit <= 0) return { ...block, lines: [] }
	const kept = block.lines.slice(0, limit - 1)
	const rest = block.lines.slice(limit - 1).join(' ')
	return { ...block, lines: [...kept, ellipsize(rest, font, block.size, maxWidth)] }
}

type DrawOptions = {
	x: number
	/** The top of the block; the first baseline sits one ascent below it. */
	top: number
	/** Line height as a multiple of the font size. */
	leading?: number
	colour?: RGB
	/** Centres each line in a box this wide (from x) instead of aligning it left. */
	centreIn?: number
}

/** Draws the block's lines downwards from `top`; returns the top of whatever comes next. */
function drawBlock(
	page: PDFPage,
	block: TextBlock,
	{ x, top, leading = 1.25, colour = COLOURS.ink, centreIn }: DrawOptions,
) {
	const lineHeight = block.size * leading
	block.lines.forEach((line, index) => {
		const offset = centreIn === undefined ? 0 : (centreIn - width(line, block.font, block.size)) / 2
		const baseline = top - index * lineHeight - block.size * ASCENT
		page.drawText(line, { x: x + offset, y: baseline, size: block.size, font: block.font, color: colour })
	})
	return top - block.lines.length * lineHeight
}

/**
 * Draws the QR code of `text` as vector squares inside a white box of `size` points (quiet zone included),
 * whose top-left corner is at (x, y). One path for all dark modules, so that no seams show between them.
 */
function drawQrCode(page: PDFPage, text: string, x: number, y: number, size: number) {
	const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' })
	const count = modules.size
	const moduleSize = size / (count + 2 * QR_QUIET_MODULES)
	let path = ''
	for (let row = 0; row < count; row++) {
		let col = 0
		while (col < count) {
			if (!modules.get(row, col)) {
				col++
				continue
			}
			const start = col
			while (col < count && modules.get(row, col)) col++
			path += `M${start} ${row}H${col}V${row + 1}H${start}Z`
		}
	}
	page.drawRectangle({ x, y: y - size, width: size, height: size, color: COLOURS.white })
	// SVG coordinates run downwards from (x, y); one unit is one module.
	const origin = QR_QUIET_MODULES * moduleSize
	page.drawSvgPath(path, { x: x + origin, y: y - origin, scale: moduleSize, color: COLOURS.black })
}

function checkInput(input: CertificateInput) {
	if (Number.isNaN(input.issuedOn.getTime())) throw new RangeError('Certificate issuedOn is not a valid date')
	if (Number.isNaN(input.validUntil.getTime())) throw new RangeError('Certificate validUntil is not a valid date')
	const url = URL.canParse(input.verificationUrl) ? new URL(input.verificationUrl) : undefined
	if (url?.protocol !== 'https:' && url?.protocol !== 'http:') {
		throw new TypeError(`Certificate verificationUrl is not an absolute http(s) URL: ${input.verificationUrl}`)
	}
}

/** Renders the certificate as a one-page A4 landscape PDF. */
export async function renderCertificatePdf(input: CertificateInput): Promise<Uint8Array> {
	checkInput(input)
	const pdf = await PDFDocument.create()
	const fonts: Fonts = {
		regular: await pdf.embedFont(StandardFonts.Helvetica),
		bold: await pdf.embedFont(StandardFonts.HelveticaBold),
	}
	// Both fonts use the WinAnsi encoding, so they share one character set.
	const charset = new Set(fonts.regular.getCharacterSet())
	const clean = (text: string) => toWinAnsi(text, charset)

	// Metadata strings are Unicode, so they keep the input as given.
	const learner = input.learnerName.trim()
	const credential = input.credentialName.trim()
	const issuer = input.issuerName.trim()
	pdf.setTitle(`${credential}: ${learner}`, { showInWindowTitleBar: true })
	pdf.setAuthor(issuer)
	pdf.setSubject(`Certificate of achievement for ${credential}, awarded by ${issuer} to ${learner}`)
	pdf.setKeywords([
		input.skills
			.map((skill) => skill.trim())
			.filter(Boolean)
			.join(', '),
	])
	pdf.setCreator(issuer)
	pdf.setCreationDate(input.issuedOn)
	// The same input always gives the same file.
	pdf.setModificationDate(input.issuedOn)

	const page = pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT])
	drawFrame(page)
	drawFlow(page, fonts, input, clean)
	drawFooter(page, fonts, input, clean)
	drawVerification(page, fonts, input, clean)

	return pdf.save()
}

/** Two borders: the accent colour outside, a thin rule just inside it. */
const FRAME = [
	{ inset: 20, colour: COLOURS.accent, width: 2 },
	{ inset: 27, colour: COLOURS.rule, width: 0.75 },
]

function drawFrame(page: PDFPage) {
	for (const { inset, colour, width } of FRAME) {
		page.drawRectangle({
			x: inset,
			y: inset,
			width: PAGE_WIDTH - 2 * inset,
			height: PAGE_HEIGHT - 2 * inset,
			borderColor: colour,
			borderWidth: width,
		})
	}
}

/** The main column, top to bottom; the description gets whatever room the other parts leave. */
function drawFlow(page: PDFPage, fonts: Fonts, input: CertificateInput, clean: (text: string) => string) {
	const x = MARGIN
	const line = (text: string, font: PDFFont, sizes: number[]) => fit(clean(text), font, sizes, CONTENT_WIDTH, 1)

	let top = PAGE_HEIGHT - MARGIN
	top = drawBlock(page, line(input.issuerName.toUpperCase(), fonts.bold, [12]), { x, top, colour: COLOURS.accent })
	top = drawBlock(page, line('Certificate of achievement', fonts.bold, [32]), { x, top: top - 14 })
	page.drawRectangle({ x, y: top - 6, width: 64, height: 3, color: COLOURS.accent })
	top = drawBlock(page, line('This certifies that', fonts.regular, [12]), { x, top: top - 24, colour: COLOURS.muted })
	top = drawBlock(page, line(input.learnerName, fonts.bold, [34, 30, 26, 22, 18]), { x, top: top - 6, leading: 1.2 })
	top = drawBlock(page, line('has earned the credential', fonts.regular, [12]), { x, top, colour: COLOURS.muted })
	const credential = fit(clean(input.credentialName), fonts.bold, [20, 18, 16], CONTENT_WIDTH, 2)
	top = drawBlock(page, credential, { x, top: top - 6, leading: 1.2, colour: COLOURS.accent })
	top -= 10

	const skills = fit(input.skills.map(clean).filter(Boolean).join(', '), fonts.regular, [10, 9], CONTENT_WIDTH, 3)
	const skillsLeading = 1.35
	const skillsLabelHeight = 14
	const skillsHeight = skills.lines.length * skills.size * skillsLeading + skillsLabelHeight

	const descriptionLeading = 1.38
	const descriptionRoom = top - FLOW_BOTTOM - (skills.lines.length > 0 ? skillsHeight + 12 : 0)
	const description = fit(clean(input.description), fonts.regular, [10.5, 9.5, 8.5], CONTENT_WIDTH, (size) =>
		Math.floor(descriptionRoom / (size * descriptionLeading)),
	)
	top = drawBlock(page, description, { x, top, leading: descriptionLeading })

	if (skills.lines.length > 0) {
		const label: TextBlock = { font: fonts.bold, size: 8, lines: ['SKILLS'] }
		drawBlock(page, label, { x, top: top - 12, colour: COLOURS.muted })
		drawBlock(page, skills, { x, top: top - 12 - skillsLabelHeight, leading: skillsLeading })
	}
}

/** The assessment result, the dates, the issuer and the credential id along the bottom of the main column. */
function drawFooter(page: PDFPage, fonts: Fonts, input: CertificateInput, clean: (text: string) => string) {
	const x = MARGIN
	const percent = (value: string) => clean(value).replace(/\s*%$/, '')
	const result = `Final assessment: ${percent(input.score)}% (pass mark ${percent(input.passMark)}%)`
	drawBlock(page, fit(result, fonts.bold, [11, 10, 9], CONTENT_WIDTH, 1), { x, top: FLOW_BOTTOM - 12 })

	page.drawLine({ start: { x, y: 108 }, end: { x: x + CONTENT_WIDTH, y: 108 }, thickness: 0.5, color: COLOURS.rule })
	const fields = [
		['ISSUED ON', formatDate(input.issuedOn)],
		['VALID UNTIL', formatDate(input.validUntil)],
		['ISSUED BY', clean(input.issuerName)],
	] as const
	const fieldWidth = CONTENT_WIDTH / fields.length
	fields.forEach(([label, value], index) => {
		const fieldX = x + index * fieldWidth
		const labelBlock: TextBlock = { font: fonts.regular, size: 7.5, lines: [label] }
		drawBlock(page, labelBlock, { x: fieldX, top: 98, colour: COLOURS.muted })
		drawBlock(page, fit(value, fonts.bold, [11, 10, 9], fieldWidth - 12, 1), { x: fieldX, top: 86 })
	})

	const id = fit(`Credential ID: ${clean(input.credentialId)}`, fonts.regular, [7], CONTENT_WIDTH, 1)
	drawBlock(page, id, { x, top: FOOTER_BOTTOM + 7, colour: COLOURS.muted })
}

/** The QR code in the right column, with the link and how to use it underneath, level with the footer. */
function drawVerification(page: PDFPage, fonts: Fonts, input: CertificateInput, clean: (text: string) => string) {
	const x = QR_COLUMN_X
	const hint = fit('Scan or open the link to verify this credential', fonts.regular, [8], QR_BOX, 2)
	// The URL is broken across lines so that it can still be typed in; only a very long one is cut short.
	const url = fit(clean(input.verificationUrl), fonts.regular, [7.5, 6.5, 5.5], QR_BOX, 5)
	const gap = 6
	const textHeight = hint.lines.length * hint.size * 1.25 + gap + url.lines.length * url.size * 1.25

	const qrTop = FOOTER_BOTTOM + textHeight + gap + QR_BOX
	drawQrCode(page, input.verificationUrl, x, qrTop, QR_BOX)
	const top = drawBlock(page, hint, { x, top: qrTop - QR_BOX - gap, colour: COLOURS.muted, centreIn: QR_BOX })
	const urlBottom = drawBlock(page, url, { x, top: top - gap, colour: COLOURS.accent, centreIn: QR_BOX })
	// In a PDF viewer the code and the printed link open the page too.
	addLink(page, input.verificationUrl, { x, y: urlBottom, width: QR_BOX, height: qrTop - urlBottom })
}

/** Makes a rectangle of the page a link to `url`. */
function addLink(page: PDFPage, url: string, rect: { x: number; y: number; width: number; height: number }) {
	// A URI action takes ASCII bytes: the parsed URL's href is percent-encoded and punycoded.
	const bytes = new TextEncoder().encode(new URL(url).href)
	const { context } = page.doc
	const annotation = context.obj({
		Type: 'Annot',
		Subtype: 'Link',
		Rect: [rect.x, rect.y, rect.x + rect.width, rect.y + rect.height],
		Border: [0, 0, 0],
		A: { Type: 'Action', S: 'URI', URI: PDFHexString.of(toHex(bytes)) },
	})
	page.node.addAnnot(context.register(annotation))
}
