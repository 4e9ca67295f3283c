/**
 * The issuing organisation's logo on the PDF certificate: a PNG as it is, an SVG drawn from its vectors, and a
 * logo that cannot be read left out with a warning. Reads the page as poppler rasterises it (pdftoppm).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { sampleCertificate as input } from '../../tests/fixtures/sample-certificate'
import { countPixels, extractText, rasterise, solidPng } from '../../tests/setup/pdf-reading'
import { renderCertificatePdf, type CertificateInput, type CertificateWarning } from './certificate-pdf'

const workDir = mkdtempSync(path.join(tmpdir(), 'certificate-logo-'))
afterAll(() => rmSync(workDir, { recursive: true, force: true }))

async function render(name: string, certificate: CertificateInput) {
	const warnings: CertificateWarning[] = []
	const bytes = await renderCertificatePdf(certificate, { onWarning: (warning) => warnings.push(warning) })
	const file = path.join(workDir, `${name}.pdf`)
	writeFileSync(file, bytes)
	return { file, warnings }
}

test('the organisation’s logo is drawn above the QR code, and its name is printed', async () => {
	const red: [number, number, number] = [220, 20, 20]
	const issuerName = 'Northwind Logistics'
	const logo = { bytes: solidPng(240, 80, red), type: 'image/png' as const }
	const withLogo = await render('logo', { ...input, issuerName, issuerLogo: logo })
	const without = await render('no-logo', { ...input, issuerName })

	const text = extractText(withLogo.file)
	expect(text).toContain('NORTHWIND LOGISTICS')
	expect(text).toContain(' Northwind Logistics ')
	expect(withLogo.warnings).toEqual([])

	// The top of the right-hand column, above the QR code.
	const column = { xMin: 630, xMax: 785, yMin: 440, yMax: 540 }
	const isRed = (r: number, g: number, b: number) => r > 180 && g < 80 && b < 80
	// Scaled to 150 × 50 pt, at 150 dpi: about 32,500 red pixels.
	expect(countPixels(rasterise(withLogo.file), column, isRed)).toBeGreaterThan(30_000)
	expect(countPixels(rasterise(without.file), column, isRed)).toBe(0)
})

test('an SVG logo is drawn from its vectors, text in the certificate’s own font included', async () => {
	const svg = (body: string) =>
		new TextEncoder().encode(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 30 10">${body}</svg>`)
	const red = '<rect width="30" height="10" fill="#dc1414"/>'
	const withLogo = await render('svg-logo', {
		...input,
		issuerName: 'Northwind Logistics',
		issuerLogo: { bytes: svg(red), type: 'image/svg+xml' },
	})
	expect(withLogo.warnings).toEqual([])
	const column = { xMin: 630, xMax: 785, yMin: 440, yMax: 540 }
	const isRed = (r: number, g: number, b: number) => r > 180 && g < 80 && b < 80
	// Scaled to 150 × 50 pt, at 150 dpi: about 32,500 red pixels, as for the same logo in PNG.
	expect(countPixels(rasterise(withLogo.file), column, isRed)).toBeGreaterThan(30_000)

	// A word in the logo is drawn (as pixels: the logo is an image), though the server may have no fonts.
	const black = (r: number, g: number, b: number) => r < 60 && g < 60 && b < 60
	const word = svg('<text x="1" y="8" font-size="8" fill="#000">Nw</text>')
	const withWord = await render('svg-text', { ...input, issuerLogo: { bytes: word, type: 'image/svg+xml' } })
	expect(withWord.warnings).toEqual([])
	const before = countPixels(rasterise((await render('svg-none', input)).file), column, black)
	expect(countPixels(rasterise(withWord.file), column, black) - before).toBeGreaterThan(1_000)

	// An SVG that cannot be read is left out with a warning, as a broken PNG is.
	const broken = await render('svg-broken', {
		...input,
		issuerLogo: { bytes: new TextEncoder().encode('<svg'), type: 'image/svg+xml' },
	})
	expect(broken.warnings).toEqual([{ kind: 'unreadable-logo', message: expect.any(String) }])
})

test('a logo that is not the image it claims to be is left out with a warning', async () => {
	const issuerLogo = {
		bytes: new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'),
		type: 'image/png' as const,
	}
	const { file, warnings } = await render('bad-logo', { ...input, issuerName: 'Northwind Logistics', issuerLogo })
	expect(extractText(file)).toContain('NORTHWIND LOGISTICS')
	expect(warnings).toEqual([{ kind: 'unreadable-logo', message: expect.any(String) }])
})
