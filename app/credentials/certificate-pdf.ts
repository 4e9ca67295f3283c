/**
 * The printable certificate of an earned credential: a one-page A4 landscape PDF naming the learner, the
 * credential, the issuing organisation (with its logo), the assessment result and the skills, with a QR code
 * that opens the public verification page. Names in any of Latin, Greek, Cyrillic, Chinese, Japanese and
 * Korean are set in embedded Noto fonts (certificate-fonts.ts).
 */
import { PageSizes, PDFDocument, PDFHexString, rgb, type PDFImage, type PDFPage } from 'pdf-lib'
import QRCode from 'qrcode'
import { createTypesetter, type Typesetter, type Weight } from './certificate-fonts'
import { blockHeight, drawBlock, fit, fitUrl, type DrawOptions, type TextBlock } from './certificate-text'
import { toHex } from './encoding'
import { rasteriseSvg } from './svg-raster'

/** The organisation's logo: a PNG or JPEG is carried as it is, an SVG drawn as a PNG first (./svg-raster.ts). */
export type CertificateLogo = { bytes: Uint8Array; type: 'image/png' | 'image/jpeg' | 'image/svg+xml' }

export type CertificateInput = {
	learnerName: string
	credentialName: string
	description: string
	/** The issuing organisation's name, as the credential names it. */
	issuerName: string
	/** The issuing organisation's logo, if it has one a PDF can show. */
	issuerLogo?: CertificateLogo | null
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

/** Something the certificate could not show as given; it is still made. */
export type CertificateWarning =
	/** Characters no font of the certificate has, each drawn as U+FFFD "�" (where not cut off by an ellipsis). */
	| { kind: 'uncovered-characters'; characters: string[] }
	/** The logo could not be read as the image it says it is: only the organisation's name is shown. */
	| { kind: 'unreadable-logo'; message: string }

export type RenderOptions = { onWarning?: (warning: CertificateWarning) => void }

// A4 sizes are given portrait (width, height); the certificate is landscape.
const [PAGE_HEIGHT, PAGE_WIDTH] = PageSizes.A4
const MARGIN = 60
const COLUMN_GAP = 40
/** The QR code with its quiet zone, in points (150 pt is about 53 mm). */
const QR_BOX = 150
const QR_QUIET_MODULES = 4
const QR_COLUMN_X = PAGE_WIDTH - MARGIN - QR_BOX
const CONTENT_WIDTH = QR_COLUMN_X - COLUMN_GAP - MARGIN
/** The printed link may reach half the column gap beyond the QR code on each side, centred under it. */
const URL_BOX = { x: QR_COLUMN_X - COLUMN_GAP / 2, width: QR_BOX + COLUMN_GAP }
/** The logo sits at the top of the QR code's column, scaled down to fit this box. */
const LOGO_BOX = { width: QR_BOX, height: 72 }
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

const formatDate = (date: Date) =>
	new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date)

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

/** Every text the page may carry, so that the fonts it needs are embedded. */
const textsOf = (input: CertificateInput) => [
	input.learnerName,
	input.credentialName,
	input.description,
	input.issuerName,
	input.issuerName.toUpperCase(),
	input.score,
	input.passMark,
	...input.skills,
	input.verificationUrl,
	input.credentialId,
]

/** The logo as a PDF image, or null with a warning when its bytes are not the image its type says. */
async function embedLogo(pdf: PDFDocument, logo: CertificateLogo, options: RenderOptions) {
	try {
		if (logo.type === 'image/svg+xml') return await pdf.embedPng(rasteriseSvg(logo.bytes))
		return logo.type === 'image/png' ? await pdf.embedPng(logo.bytes) : await pdf.embedJpg(logo.bytes)
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error)
		options.onWarning?.({ kind: 'unreadable-logo', message })
		return null
	}
}

/** Renders the certificate as a one-page A4 landscape PDF. */
export async function renderCertificatePdf(input: CertificateInput, options: RenderOptions = {}): Promise<Uint8Array> {
	checkInput(input)
	const pdf = await PDFDocument.create()
	const { issuerLogo, ...content } = input
	const type = await createTypesetter(pdf, textsOf(input), JSON.stringify(content))
	const logo = issuerLogo ? await embedLogo(pdf, issuerLogo, options) : null

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
	if (logo) drawLogo(page, logo)
	drawFlow(page, type, input)
	drawFooter(page, type, input)
	drawVerification(page, type, input)

	const bytes = await pdf.save()
	const uncovered = type.uncovered()
	if (uncovered.length > 0) options.onWarning?.({ kind: 'uncovered-characters', characters: uncovered })
	return bytes
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

/** The organisation's logo at the top of the QR code's column, centred, as large as fits its box. */
function drawLogo(page: PDFPage, logo: PDFImage) {
	const { width, height } = logo.scaleToFit(LOGO_BOX.width, LOGO_BOX.height)
	const x = QR_COLUMN_X + (QR_BOX - width) / 2
	page.drawImage(logo, { x, y: PAGE_HEIGHT - MARGIN - height, width, height })
}

/** The main column, top to bottom; the description gets whatever room the other parts leave. */
function drawFlow(page: PDFPage, type: Typesetter, input: CertificateInput) {
	const x = MARGIN
	const { ink, muted, accent } = COLOURS
	const line = (text: string, weight: Weight, sizes: number[]) =>
		fit(type.clean(text), type, weight, sizes, CONTENT_WIDTH, 1)
	const draw = (block: TextBlock, options: Omit<DrawOptions, 'x'>) => drawBlock(page, type, block, { x, ...options })

	// Each block starts where the previous one's lines end (their fonts' full descent), so the gaps are small.
	let top = PAGE_HEIGHT - MARGIN + 4
	top = draw(line(input.issuerName.toUpperCase(), 'bold', [12]), { top, colour: accent })
	top = draw(line('Certificate of achievement', 'bold', [32]), { top: top - 2, colour: ink })
	page.drawRectangle({ x, y: top - 10, width: 64, height: 3, color: accent })
	top = draw(line('This certifies that', 'regular', [12]), { top: top - 24, colour: muted })
	top = draw(line(input.learnerName, 'bold', [34, 30, 26, 22, 18]), { top, colour: ink })
	top = draw(line('has earned the credential', 'regular', [12]), { top, colour: muted })
	const credential = fit(type.clean(input.credentialName), type, 'bold', [20, 18, 16], CONTENT_WIDTH, 2)
	top = draw(credential, { top: top - 4, colour: accent })
	top -= 8

	const skillList = input.skills.map((skill) => type.clean(skill)).filter(Boolean)
	const skills = fit(skillList.join(', '), type, 'regular', [10, 9], CONTENT_WIDTH, 3)
	const skillsLeading = 1.35
	const skillsLabelHeight = 14
	const skillsHeight = blockHeight(type, skills, skillsLeading) + skillsLabelHeight

	// The room decides how many lines the description may have, at the line height of its tallest font.
	const descriptionText = type.clean(input.description)
	const { ascent, descent } = type.extent(descriptionText, 'regular')
	const descriptionLeading = Math.max(1.38, ascent + descent)
	const descriptionRoom = top - FLOW_BOTTOM - (skills.lines.length > 0 ? skillsHeight + 12 : 0)
	const description = fit(descriptionText, type, 'regular', [10.5, 9.5, 8.5], CONTENT_WIDTH, (size) =>
		Math.floor(descriptionRoom / (size * descriptionLeading)),
	)
	top = draw(description, { top, leading: descriptionLeading, colour: ink })

	if (skills.lines.length > 0) {
		draw({ weight: 'bold', size: 8, lines: ['SKILLS'] }, { top: top - 12, colour: muted })
		draw(skills, { top: top - 12 - skillsLabelHeight, leading: skillsLeading, colour: ink })
	}
}

/** The assessment result, the dates, the issuer and the credential id along the bottom of the main column. */
function drawFooter(page: PDFPage, type: Typesetter, input: CertificateInput) {
	const x = MARGIN
	const percent = (value: string) => type.clean(value).replace(/\s*%$/, '')
	const result = `Final assessment: ${percent(input.score)}% (pass mark ${percent(input.passMark)}%)`
	drawBlock(page, type, fit(result, type, 'bold', [11, 10, 9], CONTENT_WIDTH, 1), {
		x,
		top: FLOW_BOTTOM - 12,
		colour: COLOURS.ink,
	})

	page.drawLine({ start: { x, y: 108 }, end: { x: x + CONTENT_WIDTH, y: 108 }, thickness: 0.5, color: COLOURS.rule })
	const fields = [
		['ISSUED ON', formatDate(input.issuedOn)],
		['VALID UNTIL', formatDate(input.validUntil)],
		['ISSUED BY', type.clean(input.issuerName)],
	] as const
	const fieldWidth = CONTENT_WIDTH / fields.length
	fields.forEach(([label, value], index) => {
		const fieldX = x + index * fieldWidth
		const labelBlock: TextBlock = { weight: 'regular', size: 7.5, lines: [label] }
		drawBlock(page, type, labelBlock, { x: fieldX, top: 98, colour: COLOURS.muted })
		const valueBlock = fit(value, type, 'bold', [11, 10, 9], fieldWidth - 12, 1)
		drawBlock(page, type, valueBlock, { x: fieldX, top: 86, colour: COLOURS.ink })
	})

	const id = fit(`Credential ID: ${type.clean(input.credentialId)}`, type, 'regular', [7], CONTENT_WIDTH, 1)
	drawBlock(page, type, id, { x, top: FOOTER_BOTTOM + 7, colour: COLOURS.muted })
}

/** The QR code in the right column, with the link and how to use it underneath, level with the footer. */
function drawVerification(page: PDFPage, type: Typesetter, input: CertificateInput) {
	const x = QR_COLUMN_X
	const hint = fit('Scan or open the link to verify this credential', type, 'regular', [8], QR_BOX, 2)
	// The link is printed so that it can be typed in: on one line if it can be, else broken only after a "/".
	const url = fitUrl(type.clean(input.verificationUrl), type, [7.5, 7, 6.5, 6], URL_BOX.width, 3)
	const gap = 6
	const textHeight = blockHeight(type, hint) + gap + blockHeight(type, url)

	const qrTop = FOOTER_BOTTOM + textHeight + gap + QR_BOX
	drawQrCode(page, input.verificationUrl, x, qrTop, QR_BOX)
	const muted = { colour: COLOURS.muted, centreIn: QR_BOX }
	const top = drawBlock(page, type, hint, { x, top: qrTop - QR_BOX - gap, ...muted })
	const urlBottom = drawBlock(page, type, url, {
		x: URL_BOX.x,
		top: top - gap,
		colour: COLOURS.accent,
		centreIn: URL_BOX.width,
	})
	// In a PDF viewer the code and the printed link open the page too.
	addLink(page, input.verificationUrl, { x: URL_BOX.x, y: urlBottom, width: URL_BOX.width, height: qrTop - urlBottom })
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
