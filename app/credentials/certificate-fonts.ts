/**
 * The certificate's type: Noto Sans (regular and bold) for Latin, Greek and Cyrillic, and Noto Sans CJK for
 * Chinese, Japanese and Korean, subsets made by scripts/make-certificate-fonts.sh into assets/fonts/
 * (docs/decisions/032-certificate-fonts.md). Each PDF embeds subsets of them holding only the glyphs it uses.
 *
 * Text is taken a user-perceived character (grapheme cluster) at a time: each goes to the first font that has
 * all of it, so one name may mix scripts. A character neither font has is drawn as U+FFFD "�" and reported,
 * never silently left out.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import fontkit from '@pdf-lib/fontkit'
import {
	popGraphicsState,
	pushGraphicsState,
	setLineWidth,
	setStrokingColor,
	setTextRenderingMode,
	TextRenderingMode,
	type PDFDocument,
	type PDFFont,
	type PDFPage,
	type RGB,
} from 'pdf-lib'
import { sha256Hex } from './encoding'

export type Weight = 'regular' | 'bold'

/** Stands in for a character that no font of the certificate has. */
export const REPLACEMENT_CHARACTER = '\uFFFD'

const FONT_FILES = {
	regular: 'NotoSans-Regular-subset.ttf',
	bold: 'NotoSans-Bold-subset.ttf',
	cjk: 'NotoSansCJKsc-Regular-subset.ttf',
} as const
type Face = keyof typeof FONT_FILES

/** How far a line of the font reaches above and below its baseline, in em. */
export type Extent = { ascent: number; descent: number }

type FontFile = { bytes: Uint8Array; postscriptName: string; codePoints: ReadonlySet<number>; extent: Extent }

/** How much wider a stroke makes the regular CJK face where bold is asked for, as a share of the size. */
const FAUX_BOLD_STROKE = 0.04

/**
 * The folder of the font files: assets/fonts/ at the project's root, found upwards from this module, which is
 * app/credentials/ in development and tests, and build/server/ (or a folder below it) in the production build.
 */
function fontsDirectory(): string {
	let directory = import.meta.dirname
	for (;;) {
		const candidate = path.join(directory, 'assets', 'fonts')
		if (existsSync(path.join(candidate, FONT_FILES.regular))) return candidate
		const parent = path.dirname(directory)
		if (parent === directory) {
			throw new Error(
				`The certificate fonts (assets/fonts/${FONT_FILES.regular}) are not in any folder above ${import.meta.dirname}.`,
			)
		}
		directory = parent
	}
}

let fontFiles: Record<Face, FontFile> | undefined

/** The paths of the certificate's font files, for a renderer that reads fonts from files (an SVG logo's text). */
export function certificateFontPaths(): string[] {
	const directory = fontsDirectory()
	return Object.values(FONT_FILES).map((file) => path.join(directory, file))
}

/** Reads the font files now (at start-up), so that a missing file stops the start and no request pays for it. */
export function loadCertificateFonts(): void {
	getFontFiles()
}

/** The three font files, read and indexed once per process (about 6 MB, kept for every later certificate). */
function getFontFiles(): Record<Face, FontFile> {
	if (fontFiles) return fontFiles
	const directory = fontsDirectory()
	const read = (file: string): FontFile => {
		const bytes = new Uint8Array(readFileSync(path.join(directory, file)))
		const font = fontkit.create(bytes)
		return {
			bytes,
			postscriptName: font.postscriptName ?? file.replace(/\.ttf$/, ''),
			codePoints: new Set(font.characterSet),
			// The font's own line metrics (hhea), which PDF readers use too (for selection and text boxes).
			extent: { ascent: font.ascent / font.unitsPerEm, descent: -font.descent / font.unitsPerEm },
		}
	}
	fontFiles = { regular: read(FONT_FILES.regular), bold: read(FONT_FILES.bold), cjk: read(FONT_FILES.cjk) }
	return fontFiles
}

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' })
const clustersOf = (text: string) => Array.from(graphemes.segment(text), ({ segment }) => segment)

/** Characters that show nothing by themselves (joiners, variation selectors, soft hyphens) and controls. */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cc}]/gu

const codePointsOf = (text: string) => Array.from(text, (char) => char.codePointAt(0)!)

/** The font that has every character of `cluster`: Noto Sans first, then the CJK face; null if neither. */
function faceFor(cluster: string, weight: Weight): Face | null {
	const files = getFontFiles()
	const codePoints = codePointsOf(cluster)
	if (codePoints.every((codePoint) => files[weight].codePoints.has(codePoint))) return weight
	if (codePoints.every((codePoint) => files.cjk.codePoints.has(codePoint))) return 'cjk'
	return null
}

/**
 * What is drawn for a cluster: itself, else its compatibility form (NFKC: "ﬃ" as "ffi", a full-width letter
 * as a plain one) if a font has that, else null. Regular and bold have the same characters (one subset).
 */
function drawable(cluster: string): string | null {
	if (faceFor(cluster, 'regular')) return cluster
	const compatible = cluster.normalize('NFKC')
	return compatible !== cluster && faceFor(compatible, 'regular') ? compatible : null
}

/** The visible clusters of `text` as one line (NFC, white space as single spaces), each with what is drawn. */
function* visibleClusters(text: string): Generator<{ cluster: string; shown: string | null }> {
	for (const cluster of clustersOf(text.normalize('NFC').replace(/\s+/gu, ' ').trim())) {
		const visible = cluster.replace(INVISIBLE, '')
		if (visible !== '') yield { cluster, shown: drawable(visible) }
	}
}

/** Whether a PDF of these texts needs the CJK face at all (it is embedded only then). */
const needsCjk = (texts: string[]) =>
	texts.some((text) =>
		Array.from(visibleClusters(text)).some(({ shown }) => shown !== null && faceFor(shown, 'regular') === 'cjk'),
	)

/** A font name tag for a subset ("ABCDEF+"), as PDF readers expect: the same for the same certificate. */
async function subsetTag(face: Face, seed: string): Promise<string> {
	const hex = await sha256Hex(`${face}\n${seed}`)
	return Array.from({ length: 6 }, (_, index) =>
		String.fromCharCode(65 + (parseInt(hex.slice(2 * index, 2 * index + 2), 16) % 26)),
	).join('')
}

/** A piece of one line set in one font, and its width at size 1. */
type Run = { text: string; face: Face; width: number }

export type DrawTextOptions = { x: number; y: number; size: number; weight: Weight; colour: RGB }

/** Measures and draws text in the certificate's fonts, in one PDF. */
export type Typesetter = {
	/**
	 * The text as one drawable line: NFC, each run of white space one space, invisible characters removed, and
	 * each character no font has replaced by U+FFFD (and remembered for `uncovered`).
	 */
	clean(text: string): string
	/** The width of cleaned text, in points: the sum of its characters' widths, so the widths of pieces add up. */
	width(text: string, weight: Weight, size: number): number
	/** How far a line of cleaned text reaches above and below its baseline, in em (the tallest of its fonts). */
	extent(text: string, weight: Weight): Extent
	/** Draws cleaned text from its left end on its baseline. */
	draw(page: PDFPage, text: string, options: DrawTextOptions): void
	/** The characters (grapheme clusters) no font has, met by `clean` so far, each once, in the order met. */
	uncovered(): string[]
}

/**
 * Embeds the fonts into `pdf` as subsets (the CJK face only if one of `texts` needs it, so give every text
 * the page will carry). `seed` (e.g. the certificate's content) makes the subsets' name tags.
 */
export async function createTypesetter(pdf: PDFDocument, texts: string[], seed: string): Promise<Typesetter> {
	const files = getFontFiles()
	pdf.registerFontkit(fontkit)
	const embed = async (face: Face) =>
		pdf.embedFont(files[face].bytes, {
			subset: true,
			customName: `${await subsetTag(face, seed)}+${files[face].postscriptName}`,
		})
	const fonts: Partial<Record<Face, PDFFont>> = {
		regular: await embed('regular'),
		bold: await embed('bold'),
		...(needsCjk(texts) ? { cjk: await embed('cjk') } : {}),
	}
	const fontOf = (face: Face): PDFFont => {
		const font = fonts[face]
		if (!font) throw new Error(`The ${face} font was not embedded: a text was not given to createTypesetter.`)
		return font
	}

	const uncovered = new Set<string>()

	function clean(text: string): string {
		let result = ''
		for (const { cluster, shown } of visibleClusters(text)) {
			if (shown === null) uncovered.add(cluster)
			result += shown ?? REPLACEMENT_CHARACTER
		}
		return result
	}

	// By cluster: its font, and its width at size 1 in that font. A name repeats few characters, and fitting text
	// measures the same ones again and again.
	const clusterFaces = new Map<string, Face>()
	const clusterWidths = new Map<string, number>()
	const faceOf = (cluster: string, weight: Weight): Face => {
		const key = `${weight}\u0000${cluster}`
		let face = clusterFaces.get(key)
		if (face === undefined) {
			face = faceFor(cluster, weight) ?? weight
			clusterFaces.set(key, face)
		}
		return face
	}
	const clusterWidth = (cluster: string, face: Face): number => {
		const key = `${face}\u0000${cluster}`
		let width = clusterWidths.get(key)
		if (width === undefined) {
			width = fontOf(face).widthOfTextAtSize(cluster, 1)
			clusterWidths.set(key, width)
		}
		return width
	}

	/** Splits cleaned text into runs of one font each, with their widths at size 1. */
	function runs(text: string, weight: Weight): Run[] {
		const result: Run[] = []
		for (const cluster of clustersOf(text)) {
			const face = faceOf(cluster, weight)
			const width = clusterWidth(cluster, face)
			const last = result.at(-1)
			if (last?.face === face) {
				last.text += cluster
				last.width += width
			} else {
				result.push({ text: cluster, face, width })
			}
		}
		return result
	}

	return {
		clean,
		width: (text, weight, size) => runs(text, weight).reduce((sum, run) => sum + run.width, 0) * size,
		extent(text, weight) {
			const extents = [weight, ...runs(text, weight).map((run) => run.face)].map((face) => files[face].extent)
			return {
				ascent: Math.max(...extents.map((extent) => extent.ascent)),
				descent: Math.max(...extents.map((extent) => extent.descent)),
			}
		},
		draw(page, text, { x, y, size, weight, colour }) {
			let cursor = x
			for (const run of runs(text, weight)) {
				const font = fontOf(run.face)
				// The CJK face has one weight: where bold is asked for, its glyphs are stroked as well as filled.
				const emboldened = weight === 'bold' && run.face === 'cjk'
				if (emboldened) {
					page.pushOperators(
						pushGraphicsState(),
						setTextRenderingMode(TextRenderingMode.FillAndOutline),
						setLineWidth(size * FAUX_BOLD_STROKE),
						setStrokingColor(colour),
					)
				}
				page.drawText(run.text, { x: cursor, y, size, font, color: colour })
				if (emboldened) page.pushOperators(popGraphicsState())
				cursor += run.width * size
			}
		},
		uncovered: () => [...uncovered],
	}
}
