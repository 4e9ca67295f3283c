/**
 * Checks the certificate as a reader sees it: poppler (Debian package poppler-utils) rasterises the PDF for the
 * QR code and extracts its text, so these tests need pdftoppm, pdftotext and pdfinfo on the PATH.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFStream } from 'pdf-lib'
import { afterAll, expect, test } from 'vitest'
import { sampleCertificate } from '../../tests/fixtures/sample-certificate'
import { countPixels, DPI, extractText, findQrCode, poppler, rasterise } from '../../tests/setup/pdf-reading'
import { renderCertificatePdf, type CertificateInput, type CertificateWarning } from './certificate-pdf'

const A4_LANDSCAPE = { width: 842, height: 595 }

const input = sampleCertificate

/** Every field far too long, with characters in several scripts and some that no font has. */
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
	const warnings: CertificateWarning[] = []
	const bytes = await renderCertificatePdf(certificate, { onWarning: (warning) => warnings.push(warning) })
	const file = path.join(workDir, `${name}.pdf`)
	writeFileSync(file, bytes)
	return { bytes, file, warnings }
}

type FontRow = { name: string; type: string; embeddedBytes: number }

/**
 * The fonts of the page as the PDF declares them: name, type (a composite font's with its descendant's) and the
 * size of the embedded font program (0 if none is embedded, as with the standard fonts).
 */
async function fontsOf(bytes: Uint8Array): Promise<FontRow[]> {
	const pdf = await PDFDocument.load(bytes)
	const key = (name: string) => PDFName.of(name)
	const fonts = pdf.getPage(0).node.Resources()?.lookupMaybe(key('Font'), PDFDict)
	// pdf-lib names a font anew each time it is chosen: several names may point to one font.
	const refs = new Set((fonts?.entries() ?? []).map(([, ref]) => ref))
	return [...refs].map((ref) => {
		const font = pdf.context.lookup(ref, PDFDict)
		const descendant = font.lookupMaybe(key('DescendantFonts'), PDFArray)?.lookup(0, PDFDict)
		const descriptor = (descendant ?? font).lookupMaybe(key('FontDescriptor'), PDFDict)
		const program = ['FontFile', 'FontFile2', 'FontFile3']
			.map((file) => descriptor?.lookupMaybe(key(file), PDFStream))
			.find(Boolean)
		const subtypes = [font, descendant].map((dict) => dict?.lookupMaybe(key('Subtype'), PDFName)?.decodeText())
		return {
			name: font.lookup(key('BaseFont'), PDFName).decodeText(),
			type: subtypes.filter(Boolean).join('/'),
			embeddedBytes: program?.getContentsSize() ?? 0,
		}
	})
}

const isDark = (red: number, green: number, blue: number) => red + green + blue < 300

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

test('the text names the learner, the credential, the organisation, the result and the verification link', async () => {
	const { file, warnings } = await render('text', input)
	const text = extractText(file)

	// Typographic quotes and dashes are kept as typed.
	expect(text).toContain('Zoë Ñúñez-O’Brien')
	expect(text).toContain('Data Literacy for Everyday Work')
	expect(text).toContain('Certificate of achievement')
	expect(text).toContain('what a result does – and does not – mean')
	expect(text).toContain('“without overstating certainty”…')
	expect(text).toContain('Final assessment: 92% (pass mark 80%)')
	expect(text).toContain('23 November 2026')
	expect(text).toContain('23 November 2028')
	expect(text).toContain('ISSUED BY')
	expect(text).toContain(' Skillproof ')
	expect(text).toContain('Correlation vs causation')
	expect(text).toContain('urn:uuid:3f1c2b9e-8a47-4d2e-9b61-0c5e7a2d4f18')
	expect(text).toContain('Scan or open the link to verify this credential')
	// The printed link is whole, on one line.
	expect(text).toContain(` ${input.verificationUrl} `)
	// And in a viewer it is a link.
	expect(poppler('pdfinfo', ['-url', file])).toContain(input.verificationUrl)
	expect(warnings).toEqual([])
})

test('names in Cyrillic, Chinese, Greek, Japanese and Korean are printed as typed', async () => {
	const names = [
		'Анна Кузнецова',
		'王小明',
		'Γιώργος Παπαδόπουλος',
		'佐藤 さくら',
		'髙橋 﨑子',
		'김민준',
		'Łukasz Őrsnyi Đorđević',
		'Nguyễn Thị Ánh',
		'Ольга 李 Smith',
	]
	for (const [index, learnerName] of names.entries()) {
		const { file, warnings } = await render(`name-${index}`, { ...input, learnerName })
		expect(extractText(file), learnerName).toContain(` ${learnerName} `)
		expect(warnings, learnerName).toEqual([])
	}
})

test('CJK and Cyrillic names are drawn, not only extractable', async () => {
	// Text can be extracted from glyphs that draw nothing: each word of the name must put ink on the page.
	const learnerName = '王小明 佐藤さくら 김민준 Анна'
	const { bytes, file } = await render('name-ink', { ...input, learnerName })
	const png = rasterise(file)
	const words = learnerName.split(' ')
	const boxes = (await wordBoxes(bytes)).filter((box) => words.includes(box.text))
	expect(boxes.map((box) => box.text)).toEqual(words)
	for (const box of boxes) {
		const area = ((box.xMax - box.xMin) * (box.yMax - box.yMin) * DPI * DPI) / 72 / 72
		expect(countPixels(png, box, isDark) / area, box.text).toBeGreaterThan(0.1)
	}
})

test('the PDF embeds subsets of the Noto fonts, the CJK one only when it is needed', async () => {
	const latin = await render('fonts-latin', { ...input, learnerName: 'Анна Кузнецова' })
	const cjk = await render('fonts-cjk', { ...input, learnerName: '王小明' })

	for (const { bytes } of [latin, cjk]) {
		for (const font of await fontsOf(bytes)) {
			// A subset's name starts with a tag of six capitals; no standard font (Helvetica) is left.
			expect(font.name).toMatch(/^[A-Z]{6}\+NotoSans(-Regular|-Bold|CJKsc-Regular)$/)
			expect(font.type, font.name).toBe('Type0/CIDFontType2')
			// Only the glyphs used: the font files are 190 KB (Noto Sans) and 5.5 MB (CJK).
			expect(font.embeddedBytes, font.name).toBeGreaterThan(0)
			expect(font.embeddedBytes, font.name).toBeLessThan(40_000)
		}
	}
	const names = async (bytes: Uint8Array) =>
		(await fontsOf(bytes)).map((font) => font.name.replace(/^[A-Z]{6}\+/, '')).sort()
	expect(await names(latin.bytes)).toEqual(['NotoSans-Bold', 'NotoSans-Regular'])
	expect(await names(cjk.bytes)).toEqual(['NotoSans-Bold', 'NotoSans-Regular', 'NotoSansCJKsc-Regular'])
})

test('a character no font has is drawn as U+FFFD and reported, never dropped', async () => {
	const learnerName = 'Ada 😀 Lovelace ሰላም 👩‍👩‍👧'
	const { bytes, file, warnings } = await render('uncovered', { ...input, learnerName })

	// One replacement for each character as a reader sees it, a family of emoji included.
	expect(extractText(file)).toContain(' Ada \uFFFD Lovelace \uFFFD\uFFFD\uFFFD \uFFFD ')
	expect(warnings).toEqual([{ kind: 'uncovered-characters', characters: ['😀', 'ሰ', 'ላ', 'ም', '👩‍👩‍👧'] }])
	// The metadata keep the name as given.
	const pdf = await PDFDocument.load(bytes, { updateMetadata: false })
	expect(pdf.getTitle()).toBe(`Data Literacy for Everyday Work: ${learnerName}`)
})

test('a verification link too long for one line is broken only after a slash', async () => {
	const verificationUrl =
		'https://credentials.learning.northwind-logistics.example.com/organisations/northwind/c/Xq3vK9pL2mN8rT5wY7zB4cD6'
	const { file } = await render('long-link', { ...input, verificationUrl })
	const text = extractText(file)

	// Too long for one line, it is printed in pieces that each end in "/" (or end the link).
	expect(text).not.toContain(verificationUrl)
	const pieces = verificationUrl.split(/(?<=\/)(?!\/)/)
	const escape = (piece: string) => piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
	expect(text).toMatch(new RegExp(` ${pieces.map(escape).join(' ?')} `))
	expect(findQrCode(rasterise(file))?.data).toBe(verificationUrl)
	expect(poppler('pdfinfo', ['-url', file])).toContain(verificationUrl)
})

test('overlong text and characters in many scripts stay on the page without breaking rendering', async () => {
	const { bytes, file, warnings } = await render('overlong', overlong)

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
	expect(text).toContain('Ещё \uFFFD ‑')
	expect(text).toContain('…')
	expect(warnings).toEqual([{ kind: 'uncovered-characters', characters: ['😀', '🚀'] }])

	const code = findQrCode(rasterise(file))
	expect(code?.data).toBe(overlong.verificationUrl)
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
