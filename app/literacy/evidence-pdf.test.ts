/**
 * Reads the AI-literacy evidence PDF as a person would, with poppler (pdftotext and pdfinfo): what it says, on
 * how many pages, and where on the page (pdftotext's word boxes) its text lies.
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { extractText, poppler } from '../../tests/setup/pdf-reading'
import { renderEvidencePdf, type EvidencePdfInput } from './evidence-pdf'

const workDir = mkdtempSync(path.join(tmpdir(), 'evidence-pdf-'))
afterAll(() => rmSync(workDir, { recursive: true, force: true }))

const hash = createHash('sha256').update('name,email,team,role,path,state,due\n').digest('hex')
const footer = (page: number, pages: number) =>
	`Northwind Logistics · AI literacy evidence as of 7 December 2026 · Page ${page} of ${pages} ` +
	`SHA-256 of the CSV export: ${hash}`

type Gap = EvidencePdfInput['gaps'][number]

const gaps: Gap[] = [
	{
		name: 'Ольга Петрова',
		email: 'olga.petrova@northwind.example',
		team: 'Sales',
		role: 'AI tool user',
		path: 'Prompting safely',
		state: 'overdue',
		dueOn: new Date('2026-09-17T00:00:00Z'),
	},
	{
		name: '王小明',
		email: 'xiaoming.wang@northwind.example',
		team: null,
		role: 'Model reviewer',
		path: 'Evaluating AI systems',
		state: 'due',
		dueOn: new Date('2027-01-04T00:00:00Z'),
	},
]

const input: EvidencePdfInput = {
	orgName: 'Northwind Logistics',
	asOf: new Date('2026-12-07T23:59:59.999Z'),
	generatedAt: new Date('2026-12-08T09:05:00Z'),
	scopeLabel: 'Team: Sales',
	statement:
		'Everyone who uses AI tools at work completes the foundations path within a month of\nstarting.\n\n' +
		'Reviewers of AI systems also take the evaluation path.',
	roles: [
		{ name: 'AI tool user', paths: ['Foundations', 'Prompting safely'], refreshMonths: 12, ...counts(50, 41, 6) },
		{ name: 'Model reviewer', paths: ['Evaluating AI systems'], refreshMonths: null, ...counts(200, 199, 0) },
		{ name: 'Data steward', paths: [], refreshMonths: 1, ...counts(0, 0, 0) },
	],
	gaps,
	contentHash: hash,
}

function counts(holders: number, meeting: number, overdue: number) {
	return { holders, meeting, overdue }
}

/** `count` gaps of made-up people, every seventh in a team whose name is far too long for its column. */
function manyGaps(count: number): Gap[] {
	return Array.from({ length: count }, (_, index) => ({
		name: `Person ${String(index + 1).padStart(4, '0')} ${index % 2 ? 'Adeyemi-Fitzgerald' : 'Łukasiewicz'}`,
		email: `person.${index + 1}@northwind.example`,
		team: index % 7 === 3 ? 'Research, development and very long names of teams that wrap' : 'Sales',
		role: 'AI tool user',
		path: index % 3 ? 'Prompting safely' : 'Foundations of generative AI at work',
		state: index % 2 ? 'due' : 'overdue',
		dueOn: new Date(Date.UTC(2026, 8, 1 + (index % 28))),
	}))
}

async function render(name: string, evidence: EvidencePdfInput) {
	const file = path.join(workDir, `${name}.pdf`)
	writeFileSync(file, await renderEvidencePdf(evidence))
	return file
}

const pageCount = (file: string) => Number(/^Pages:\s+(\d+)$/m.exec(poppler('pdfinfo', [file]))?.[1])
const pageText = (file: string, page: number) =>
	poppler('pdftotext', ['-f', String(page), '-l', String(page), file, '-']).replace(/\s+/g, ' ')
/** The text laid out as on the page: each table row on one line. */
const layoutLines = (file: string) => poppler('pdftotext', ['-layout', file, '-']).split('\n')

type Word = { text: string; xMin: number; yMin: number; xMax: number; yMax: number }

/** Each page's words with their boxes, in points from the page's top-left corner. */
function wordsByPage(file: string): Word[][] {
	const html = poppler('pdftotext', ['-bbox', file, '-'])
	const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" }
	return html
		.split('<page ')
		.slice(1)
		.map((page) =>
			Array.from(
				page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g),
				([, xMin, yMin, xMax, yMax, text]) => ({
					text: text!.replace(/&\w+;/g, (entity) => entities[entity] ?? entity),
					xMin: Number(xMin),
					yMin: Number(yMin),
					xMax: Number(xMax),
					yMax: Number(yMax),
				}),
			),
		)
}

test('the report names the organisation, the day, the scope and the export’s hash, and counts each role', async () => {
	const file = await render('sample', input)
	const text = extractText(file)

	expect(text).toContain('AI literacy evidence Northwind Logistics As of 7 December 2026 Team: Sales')
	expect(text).toContain('Produced 8 Dec 2026, 09:05:00 UTC')
	expect(text).toContain(
		'Everyone who uses AI tools at work completes the foundations path within a month of starting. ' +
			'Reviewers of AI systems also take the evaluation path.',
	)
	// The hash is printed whole, as one word that can be copied.
	expect(text.split(' ')).toContain(hash)
	expect(text).toContain(`SHA-256 of the CSV export: ${hash}`)
	expect(text).toContain(footer(1, 1))
	expect(text).toContain(
		'This report is evidence of the organisation’s measures under Article 4 of the EU AI Act ' +
			'(Regulation (EU) 2024/1689). It is not legal advice.',
	)

	// Each role on one line, its counts in their columns; 199 of 200 is 99%, not 100%.
	const lines = layoutLines(file)
	const row = (pattern: RegExp) => lines.filter((line) => pattern.test(line))
	expect(row(/^\s*Role\s+Required paths\s+Refresh\s+Holders\s+Meeting\s+Overdue\s*$/)).toHaveLength(1)
	expect(row(/AI tool user\s+Foundations, Prompting safely\s+every 12 months\s+50\s+41 \(82%\)\s+6\s*$/)).toHaveLength(
		1,
	)
	expect(row(/Model reviewer\s+Evaluating AI systems\s+once\s+200\s+199 \(99%\)\s+0\s*$/)).toHaveLength(1)
	expect(row(/Data steward\s+—\s+every month\s+0\s+—\s+0\s*$/)).toHaveLength(1)

	// The gaps: names in Cyrillic and Chinese print, each on the line of its team, role, path and state.
	expect(text).toContain('Who is missing what 2 requirements not met on 7 December 2026: 1 overdue, 1 due.')
	expect(text).toContain('olga.petrova@northwind.example')
	expect(text).toContain('xiaoming.wang@northwind.example')
	expect(row(/Ольга Петрова\s+Sales\s+AI tool user\s+Prompting safely\s+Overdue since 17 September 2026/)).toHaveLength(
		1,
	)
	expect(row(/王小明\s+—\s+Model reviewer\s+Evaluating AI systems\s+Due by 4 January 2027/)).toHaveLength(1)
	expect(text).not.toContain('met all its requirements')

	const info = poppler('pdfinfo', ['-isodates', file])
	expect(info).toMatch(/^Title:\s+AI literacy evidence: Northwind Logistics, as of 7 December 2026$/m)
	expect(info).toMatch(/^Producer:\s+Skillproof$/m)
	expect(info).toMatch(/^CreationDate:\s+2026-12-08T09:05:00(Z|\+00)/m)
	expect(info).toMatch(/^Page size:\s+595\.28 x 841\.89 pts \(A4\)$/m)
})

test('with no gaps, the report says that everyone who held a role met its requirements', async () => {
	const file = await render('no-gaps', { ...input, gaps: [] })
	const text = extractText(file)
	expect(text).toContain('Who is missing what On 7 December 2026 everyone who held a role met all its requirements.')
	expect(text).not.toContain('Overdue since')
	expect(text).not.toMatch(/Person Team Role Path State/)
	expect(text).toContain('AI tool user')
})

test('400 gaps run over several pages, each with the table’s header and the footer', async () => {
	const many = manyGaps(400)
	const file = await render('many', { ...input, gaps: many })
	const pages = pageCount(file)
	expect(pages).toBeGreaterThanOrEqual(5)

	const text = extractText(file)
	expect(text).toContain(`Page 1 of ${pages}`)
	expect(text).toContain(`Page ${pages} of ${pages}`)
	expect(text).toContain('400 requirements not met on 7 December 2026: 200 overdue, 200 due.')
	for (const gap of [many[0]!, many[199]!, many[399]!]) {
		expect(text).toContain(gap.name)
		expect(text).toContain(gap.email)
	}
	for (let page = 1; page <= pages; page++) {
		const onPage = pageText(file, page)
		expect(onPage).toContain(footer(page, pages))
		// Every page that lists gaps has the table's header row.
		if (onPage.includes('@northwind.example')) expect(onPage).toContain('Person Team Role Path State')
	}
	// No gap is left out or printed twice.
	const listed = text.match(/@northwind\.example/g) ?? []
	expect(listed).toHaveLength(400)
})

test('text stays inside its column, and nothing but the footer lies below the body', async () => {
	const longName = `Wolfeschlegelsteinhausenbergerdorff-${'Łukasiewicz'.repeat(4)}`
	const many = manyGaps(60)
	many[5] = { ...many[5]!, name: longName, email: `${'very.long.address'.repeat(4)}@northwind.example` }
	const file = await render('columns', { ...input, gaps: many })
	const pages = wordsByPage(file)
	expect(pages.length).toBeGreaterThanOrEqual(2)

	const pageHeight = 841.89
	const bodyBottom = pageHeight - 70
	pages.forEach((words, index) => {
		const below = words.filter((word) => word.yMax > bodyBottom + 0.5)
		expect(below.map((word) => word.text).join(' ')).toBe(footer(index + 1, pages.length))
		for (const word of words) {
			expect(word.xMin).toBeGreaterThanOrEqual(50 - 0.5)
			expect(word.xMax).toBeLessThanOrEqual(595.28 - 50 + 0.5)
		}
	})

	// The gap table's columns start at their headers; a cell's words end before the next column's header.
	const words = pages.flat()
	const personHeader = words.find((word) => word.text === 'Person')!
	const headerX = (name: string) =>
		words.find((word) => word.text === name && Math.abs(word.yMin - personHeader.yMin) < 0.5)!.xMin
	const [person, team, role] = [personHeader.xMin, headerX('Team'), headerX('Role')]
	expect(person).toBeLessThan(team)
	expect(team).toBeLessThan(role)
	const teamWords = words.filter((word) => ['Research,', 'development', 'wrap'].includes(word.text))
	expect(teamWords.length).toBeGreaterThanOrEqual(3)
	for (const word of teamWords) {
		expect(word.xMin).toBeGreaterThanOrEqual(team - 0.5)
		expect(word.xMax).toBeLessThan(role - 4)
	}
	// A name with no space to break at is broken between letters inside its column, as is a long address.
	const nameParts = words.filter((word) => word.xMin < team && /^(Wolfe|.*Łukasiewicz|very\.long)/.test(word.text))
	expect(nameParts.length).toBeGreaterThanOrEqual(3)
	for (const word of nameParts) {
		expect(word.xMin).toBeGreaterThanOrEqual(person - 0.5)
		expect(word.xMax).toBeLessThan(team - 4)
	}
})

test('when only the first gaps are listed, the totals are given and the CSV named as the full list', async () => {
	const file = await render('first-gaps', { ...input, gaps: manyGaps(50), gapTotals: { total: 5_000, overdue: 3_000 } })
	const text = extractText(file)
	expect(text).toContain(
		'5000 requirements not met on 7 December 2026: 3000 overdue, 2000 due. The first 50 are listed here; the CSV export, whose SHA-256 is printed below, lists every one.',
	)
	expect(text.match(/@northwind\.example/g) ?? []).toHaveLength(50)
})
