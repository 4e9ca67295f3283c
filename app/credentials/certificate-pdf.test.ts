/**
 * Checks the certificate as a reader sees it: poppler (Debian package poppler-utils) rasterises the PDF for the
 * QR code and extracts its text, so these tests need pdftoppm, pdftotext and pdfinfo on the PATH.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PDFDocument } from 'pdf-lib'
import { afterAll, expect, test } from 'vitest'
import { DPI, extractText, findQrCode, poppler, rasterise } from '../../tests/setup/pdf-reading'
import { renderCertificatePdf, type CertificateInput } from './certificate-pdf'

const A4_LANDSCAPE = { width: 842, height: 595 }

const input: CertificateInput = {
	learnerName: 'Zoë Ñúñez-O’Brien',
	credentialName: 'Data Literacy for Everyday Work',
	description:
		'Awarded for showing, in a proctored final assessment, that the holder can read charts and tables critically, ' +
		'question where numbers come from, spot misleading visualisations, summarise a data set with the right ' +
		'averages and spreads, and explain what a result does – and does not – mean to colleagues who are not ' +
		'specialists. The holder can also judge whether a sample is representative, tell correlation from ' +
		'causation, and present findings “without overstating certainty”…',
	issuerName: 'Skillproof',
	issuedOn: new Date('2026-11-23T10:15:00Z'),
	validUntil: new Date('2028-11-23T10:15:00Z'),
	score: '92',
	passMark: '80',
	skills: [
		'Reading charts',
		'Descriptive statistics',
		'Sampling and bias',
		'Correlation vs causation',
		'Data visualisation',
		'Spreadsheet formulas',
		'Communicating uncertainty',
		'Data privacy basics',
		'Questioning sources',
		'Percentages and rates',
	],
	verificationUrl: 'https://skillproof.example/credentials/3f1c2b9e-8a47-4d2e-9b61-0c5e7a2d4f18/verify',
	credentialId: 'urn:uuid:3f1c2b9e-8a47-4d2e-9b61-0c5e7a2d4f18',
}

/** Every field far too long, in scripts the standard fonts cannot show. */
const overlong: CertificateInput = {
	...input,
	learnerName: 'Maximiliana Anastasia Wolfeschlegelsteinhausenbergerdorff-Łukasiewicz Őrsnyi 李小龍 😀 '.repeat(3),
	credentialName: 'Responsible and effective use of generative AI at work, '.repeat(6),
	description: `${input.description} Ещё 🚀 ‑ `.repeat(10),
	skills: Array.from({ length: 40 }, (_, index) => `Skill number ${index} with a fairly long label`),
	verificationUrl: `https://skillproof.example/credentials/verify?id=${'a1b2c3d4'.repeat(30)}`,
	credentialId: `urn:uuid:${'0123456789abcdef'.repeat(20)}`,
	score: '100',
}

const workDir = mkdtempSync(path.join(tmpdir(), 'certificate-pdf-'))
afterAll(() => rmSync(workDir, { recursive: true, force: true }))

async function render(name: string, certificate: CertificateInput) {
	const bytes = await renderCertificatePdf(certificate)
	const file = path.join(workDir, `${name}.pdf`)
	writeFileSync(file, bytes)
	return { bytes, file }
}

type WordBox = { text: string; xMin: number; yMin: number; xMax: number; yMax: number }

/**
 * The box of every word, in points from the page's bottom-left corner. pdftotext leaves out text beyond the
 * page, so it reads a copy whose page is enlarged by a whole page size on every side.
 */
async function wordBoxes(bytes: Uint8Array): Promise<WordBox[]> {
	const pdf = await PDFDocument.load(bytes)
	const page = pdf.getPage(0)
	const { width, height } = page.getSize()
	page.setMediaBox(-width, -height, 3 * width, 3 * height)
	page.setCropBox(-width, -height, 3 * width, 3 * height)
	const file = path.join(workDir, 'enlarged.pdf')
	writeFileSync(file, await pdf.save())
	const html = poppler('pdftotext', ['-bbox', file, '-'])
	const pattern = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g
	return [...html.matchAll(pattern)].map(([, xMin, yMin, xMax, yMax, text]) => ({
		text: text ?? '',
		xMin: Number(xMin) - width,
		xMax: Number(xMax) - width,
		// pdftotext measures down from the top of the enlarged page.
		yMin: 2 * height - Number(yMax),
		yMax: 2 * height - Number(yMin),
	}))
}

/** Whether two word boxes overlap by more than a rounding error. */
const overlap = (a: WordBox, b: WordBox) =>
	Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin) > 0.5 && Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin) > 0.5

test('renders one A4 landscape page with the metadata set', async () => {
	const { bytes } = await render('page', input)

	expect(new TextDecoder().decode(bytes.subarray(0, 5))).toBe('%PDF-')
	const pdf = await PDFDocument.load(bytes, { updateMetadata: false })
	expect(pdf.getPageCount()).toBe(1)
	const { width, height } = pdf.getPage(0).getSize()
	expect(Math.abs(width - A4_LANDSCAPE.width)).toBeLessThanOrEqual(1)
	expect(Math.abs(height - A4_LANDSCAPE.height)).toBeLessThanOrEqual(1)

	expect(pdf.getTitle()).toBe('Data Literacy for Everyday Work: Zoë Ñúñez-O’Brien')
	expect(pdf.getAuthor()).toBe('Skillproof')
	expect(pdf.getSubject()).toContain('Data Literacy for Everyday Work')
	expect(pdf.getCreationDate()?.toISOString()).toBe(input.issuedOn.toISOString())
})

test('the QR code decodes to exactly the verification URL and is at least 30 mm wide with a quiet zone', async () => {
	const { file } = await render('qr', input)
	const png = rasterise(file)
	const code = findQrCode(png)

	expect(code, 'no QR code found on the rasterised page').not.toBeNull()
	if (!code) return
	expect(code.data).toBe(input.verificationUrl)

	const { topLeftCorner, topRightCorner, bottomLeftCorner, bottomRightCorner } = code.location
	const corners = [topLeftCorner, topRightCorner, bottomLeftCorner, bottomRightCorner]
	const left = Math.min(...corners.map((corner) => corner.x))
	const right = Math.max(...corners.map((corner) => corner.x))
	const top = Math.min(...corners.map((corner) => corner.y))
	const bottom = Math.max(...corners.map((corner) => corner.y))
	const widthInMm = ((right - left) / DPI) * 25.4
	expect(widthInMm).toBeGreaterThanOrEqual(30)

	// Four modules of white all round, leaving two pixels of anti-aliasing next to the code.
	const modulePixels = (right - left) / (17 + 4 * code.version)
	const quiet = Math.floor(4 * modulePixels)
	let darkPixels = 0
	for (let y = Math.floor(top) - quiet; y <= Math.ceil(bottom) + quiet; y++) {
		for (let x = Math.floor(left) - quiet; x <= Math.ceil(right) + quiet; x++) {
			const inCode = x >= left - 2 && x <= right + 2 && y >= top - 2 && y <= bottom + 2
			if (!inCode && (png.data[(y * png.width + x) * 4] ?? 0) < 200) darkPixels++
		}
	}
	expect(darkPixels).toBe(0)
})

test('the text names the learner, the credential, the result and the verification link', async () => {
	const { file } = await render('text', input)
	const text = extractText(file)

	// Typographic quotes and dashes are printed in ASCII; accented letters are kept.
	expect(text).toContain("Zoë Ñúñez-O'Brien")
	expect(text).toContain('Data Literacy for Everyday Work')
	expect(text).toContain('Certificate of achievement')
	expect(text).toContain('what a result does - and does not - mean')
	expect(text).toContain('Final assessment: 92% (pass mark 80%)')
	expect(text).toContain('23 November 2026')
	expect(text).toContain('23 November 2028')
	expect(text).toContain('Correlation vs causation')
	expect(text).toContain('urn:uuid:3f1c2b9e-8a47-4d2e-9b61-0c5e7a2d4f18')
	expect(text).toContain('Scan or open the link to verify this credential')
	// The printed link may be broken across lines under the code.
	expect(text.replace(/\s/g, '')).toContain(input.verificationUrl)
	// And in a viewer it is a link.
	expect(poppler('pdfinfo', ['-url', file])).toContain(input.verificationUrl)
})

test('overlong text and characters outside WinAnsi stay on the page without breaking rendering', async () => {
	const { bytes, file } = await render('overlong', overlong)

	const pdf = await PDFDocument.load(bytes)
	expect(pdf.getPageCount()).toBe(1)

	// Every word lies inside the inner frame (27 pt from each edge) and no two words overlap.
	const words = await wordBoxes(bytes)
	expect(words.length).toBeGreaterThan(100)
	const inset = 27
	for (const word of words) {
		expect(word.xMin, word.text).toBeGreaterThanOrEqual(inset)
		expect(word.yMin, word.text).toBeGreaterThanOrEqual(inset)
		expect(word.xMax, word.text).toBeLessThanOrEqual(A4_LANDSCAPE.width - inset)
		expect(word.yMax, word.text).toBeLessThanOrEqual(A4_LANDSCAPE.height - inset)
	}
	const overlaps = words.flatMap((a, index) =>
		words
			.slice(index + 1)
			.filter((b) => overlap(a, b))
			.map((b) => `${a.text} / ${b.text}`),
	)
	expect(overlaps).toEqual([])

	const text = extractText(file)
	expect(text).toContain('Maximiliana Anastasia')
	expect(text).not.toMatch(/[李小龍😀🚀Ещё]/u)
	expect(text).toContain('...')

	const code = findQrCode(rasterise(file))
	expect(code?.data).toBe(overlong.verificationUrl)
})

test('accents outside WinAnsi are dropped and letters without a decomposition are replaced', async () => {
	const { file } = await render('letters', { ...input, learnerName: 'Łukasz Őrsnyi Đorđević 李 ‑ Ann' })
	expect(extractText(file)).toContain('Lukasz Orsnyi Dordevic - Ann')
})

test('rejects a verification URL that is not absolute http(s)', async () => {
	for (const verificationUrl of ['/credentials/123/verify', 'javascript:alert(1)', 'ftp://skillproof.example/x']) {
		await expect(renderCertificatePdf({ ...input, verificationUrl })).rejects.toThrow(/verificationUrl/)
	}
})

test('the same input always renders the same bytes', async () => {
	const [first, second] = await Promise.all([renderCertificatePdf(input), renderCertificatePdf(input)])
	expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true)
})
