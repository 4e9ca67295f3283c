/**
 * The AI-literacy evidence report as a printable PDF (A4 portrait): the organisation's statement of its
 * measures, its AI-use roles with how many of their holders met the required training on the day, and who was
 * missing what. Every page's footer names the organisation, the day and the SHA-256 of the report's CSV export,
 * so a printed page can be matched to the export it was made with. Names in any script are set in the
 * certificate's Noto fonts (app/credentials/certificate-fonts.ts); pages and tables are laid out by
 * ./evidence-pdf-pages.ts.
 */
import { PDFDocument } from 'pdf-lib'
import { createTypesetter, type Typesetter } from '../credentials/certificate-fonts'
import { ellipsize } from '../credentials/certificate-text'
import { formatDate, formatDateTime } from '../format/dates'
import {
	COLOURS,
	CONTENT_WIDTH,
	createFlow,
	drawFooter,
	type Column,
	type Piece,
	type Row,
	type Style,
} from './evidence-pdf-pages'

export type EvidencePdfInput = {
	orgName: string
	/** The day the report describes (the records as they stood at the end of it). */
	asOf: Date
	generatedAt: Date
	/** "Whole organisation" or "Team: Sales" */
	scopeLabel: string
	/** The organisation's statement of its AI-literacy measures: plain text, paragraphs separated by a blank line. */
	statement: string
	roles: Array<{
		name: string
		paths: string[]
		refreshMonths: number | null
		holders: number
		meeting: number
		overdue: number
	}>
	/**
	 * When only the first of many gaps are listed (`gaps`), how many there are in all and how many are overdue:
	 * the CSV lists every one.
	 */
	gapTotals?: { total: number; overdue: number }
	/** The requirements holders did not meet on that day (the gaps), already sorted: all, or the first of them. */
	gaps: Array<{
		name: string
		email: string
		team: string | null
		role: string
		path: string
		state: 'due' | 'overdue'
		dueOn: Date
	}>
	/** SHA-256 (hex, 64 chars) of the report's CSV export for the same day and scope. */
	contentHash: string
}

const TITLE = 'AI literacy evidence'
/** Stands in for an empty cell: no team, no paths, no share of no holders. */
const NONE = '—'
export const LEGAL_NOTE =
	'This report is evidence of the organisation’s measures under Article 4 of the EU AI Act (Regulation (EU) 2024/1689). It is not legal advice.'

const STYLES = {
	title: { weight: 'bold', size: 20, colour: COLOURS.ink },
	organisation: { weight: 'bold', size: 14, colour: COLOURS.ink },
	lead: { weight: 'regular', size: 11, colour: COLOURS.ink },
	small: { weight: 'regular', size: 8.5, colour: COLOURS.muted },
	heading: { weight: 'bold', size: 12, colour: COLOURS.ink },
	body: { weight: 'regular', size: 9.5, colour: COLOURS.ink },
	cell: { weight: 'regular', size: 8, colour: COLOURS.ink },
	cellStrong: { weight: 'bold', size: 8, colour: COLOURS.ink },
	cellAlert: { weight: 'regular', size: 8, colour: COLOURS.alert },
	cellNote: { weight: 'regular', size: 7, colour: COLOURS.muted },
	footer: { weight: 'regular', size: 7.5, colour: COLOURS.muted },
	hash: { weight: 'regular', size: 7, colour: COLOURS.muted },
} satisfies Record<string, Style>

/** The most lines a table cell's text may take; the rest is cut short, so that every row fits on a page. */
const CELL_LINES = { name: 3, email: 2, other: 4, paths: 8 }

const ROLE_COLUMNS: Column[] = [
	{ header: 'Role', share: 24 },
	{ header: 'Required paths', share: 28 },
	{ header: 'Refresh', share: 16 },
	{ header: 'Holders', share: 9, align: 'right' },
	{ header: 'Meeting', share: 13, align: 'right' },
	{ header: 'Overdue', share: 10, align: 'right' },
]

const GAP_COLUMNS: Column[] = [
	// The state column takes "Overdue since 28 September 2026" on one line.
	{ header: 'Person', share: 26 },
	{ header: 'Team', share: 13 },
	{ header: 'Role', share: 14 },
	{ header: 'Path', share: 19 },
	{ header: 'State', share: 28 },
]

const isValidDate = (date: Date) => date instanceof Date && !Number.isNaN(date.getTime())

function checkInput(input: EvidencePdfInput) {
	if (!isValidDate(input.asOf)) throw new RangeError('Evidence PDF asOf is not a valid date')
	if (!isValidDate(input.generatedAt)) throw new RangeError('Evidence PDF generatedAt is not a valid date')
	if (!/^[0-9a-f]{64}$/i.test(input.contentHash)) {
		throw new TypeError(`Evidence PDF contentHash is not a SHA-256 in hex (64 characters): ${input.contentHash}`)
	}
	for (const gap of input.gaps) {
		if (!isValidDate(gap.dueOn)) throw new RangeError(`Evidence PDF gap of ${gap.email} has no valid dueOn`)
	}
}

/** Every text the document may carry, so that the fonts it needs (the CJK face only then) are embedded. */
function textsOf(input: EvidencePdfInput): string[] {
	const texts = [input.orgName, input.scopeLabel, input.statement, LEGAL_NOTE]
	for (const role of input.roles) texts.push(role.name, ...role.paths)
	for (const gap of input.gaps) texts.push(gap.name, gap.email, gap.team ?? '', gap.role, gap.path)
	return texts
}

/** "every 12 months", "every month", or "once" for training that never needs renewing. */
export function refreshText(months: number | null): string {
	if (months === null) return 'once'
	return months === 1 ? 'every month' : `every ${months} months`
}

/**
 * "41 (82%)": the holders meeting the requirements and their share, rounded to a whole per cent but never to
 * 100% unless all of them do, nor to 0% unless none does; "—" for a role no one holds.
 */
export function meetingText(meeting: number, holders: number): string {
	if (holders <= 0) return NONE
	let share = Math.round((meeting / holders) * 100)
	if (meeting < holders) share = Math.min(share, 99)
	if (meeting > 0) share = Math.max(share, 1)
	return `${meeting} (${share}%)`
}

/** "Overdue since 17 September 2026" or "Due by 4 January 2027". */
export const gapStateText = (gap: EvidencePdfInput['gaps'][number]) =>
	gap.state === 'overdue' ? `Overdue since ${formatDate(gap.dueOn)}` : `Due by ${formatDate(gap.dueOn)}`

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`

/** Renders the report as an A4 portrait PDF. */
export async function renderEvidencePdf(input: EvidencePdfInput): Promise<Uint8Array> {
	checkInput(input)
	const asOf = formatDate(input.asOf)
	const pdf = await PDFDocument.create()
	// The same input always gives the same file: the fonts' subset tags come from it too.
	const seed = JSON.stringify([input.orgName, input.asOf, input.generatedAt, input.scopeLabel, input.contentHash])
	const type = await createTypesetter(pdf, textsOf(input), seed)

	// Metadata strings are Unicode, so they keep the input as given.
	const orgName = input.orgName.trim()
	pdf.setTitle(`${TITLE}: ${orgName}, as of ${asOf}`, { showInWindowTitleBar: true })
	pdf.setAuthor(orgName)
	pdf.setSubject(`Evidence of AI-literacy measures (Article 4 of the EU AI Act), ${input.scopeLabel.trim()}`)
	pdf.setProducer('Skillproof')
	pdf.setCreator('Skillproof')
	pdf.setCreationDate(input.generatedAt)
	pdf.setModificationDate(input.generatedAt)

	const flow = createFlow(pdf, type)
	flow.text({ text: TITLE, style: STYLES.title })
	flow.space(4)
	flow.text({ text: input.orgName, style: STYLES.organisation, maxLines: 3 })
	flow.space(6)
	flow.text({ text: `As of ${asOf}`, style: STYLES.lead })
	flow.text({ text: input.scopeLabel, style: STYLES.lead, maxLines: 2 })
	flow.space(2)
	flow.text({ text: `Produced ${formatDateTime(input.generatedAt)}`, style: STYLES.small })
	flow.rule(12)
	flow.space(18)

	heading(flow, 'Statement of AI-literacy measures')
	const paragraphs = input.statement.split(/\n\s*\n/).filter((paragraph) => type.clean(paragraph) !== '')
	if (paragraphs.length === 0) flow.text({ text: 'No statement has been recorded.', style: STYLES.small })
	paragraphs.forEach((paragraph, index) => {
		if (index > 0) flow.space(6)
		flow.text({ text: paragraph, style: STYLES.body })
	})

	flow.space(20)
	heading(flow, 'Roles and their required training')
	if (input.roles.length === 0) {
		flow.text({ text: `No AI-use roles were defined on ${asOf}.`, style: STYLES.body })
	} else {
		flow.table(ROLE_COLUMNS, input.roles.map(roleRow))
	}

	flow.space(20)
	heading(flow, 'Who is missing what')
	if (input.gaps.length === 0) {
		flow.text({ text: `On ${asOf} everyone who held a role met all its requirements.`, style: STYLES.body })
	} else {
		const total = input.gapTotals?.total ?? input.gaps.length
		const overdue = input.gapTotals?.overdue ?? input.gaps.filter((gap) => gap.state === 'overdue').length
		const listed =
			total > input.gaps.length
				? ` The first ${input.gaps.length.toLocaleString('en-GB')} are listed here; the CSV export, whose SHA-256 is printed below, lists every one.`
				: ''
		const summary = `${plural(total, 'requirement', 'requirements')} not met on ${asOf}: ${overdue} overdue, ${total - overdue} due.${listed}`
		flow.text({ text: summary, style: STYLES.body }, { followedBy: 40 })
		flow.space(6)
		flow.table(GAP_COLUMNS, gapRows(input.gaps))
	}

	flow.space(20)
	flow.text({ text: LEGAL_NOTE, style: STYLES.small }, { together: true })

	const pages = pdf.getPages()
	pages.forEach((page, index) => drawFooter(page, type, footerOf(type, input, asOf, index + 1, pages.length)))
	return pdf.save()
}

/** A section's heading, kept on one page with at least the first lines under it. */
function heading(flow: ReturnType<typeof createFlow>, text: string) {
	flow.text({ text, style: STYLES.heading }, { together: true, followedBy: 60 })
	flow.space(6)
}

function roleRow(role: EvidencePdfInput['roles'][number]): Row {
	const cell = (text: string, style: Style = STYLES.cell, maxLines = CELL_LINES.other): Piece[] => [
		{ text, style, maxLines },
	]
	return [
		cell(role.name, STYLES.cellStrong),
		cell(role.paths.length > 0 ? role.paths.join(', ') : NONE, STYLES.cell, CELL_LINES.paths),
		cell(refreshText(role.refreshMonths)),
		cell(String(role.holders)),
		cell(meetingText(role.meeting, role.holders)),
		cell(String(role.overdue), role.overdue > 0 ? STYLES.cellAlert : STYLES.cell),
	]
}

/** The gaps' rows, made as the table draws them. */
function* gapRows(gaps: EvidencePdfInput['gaps']): Generator<Row> {
	for (const gap of gaps) {
		const team = gap.team?.trim() ? gap.team : NONE
		yield [
			[
				{ text: gap.name, style: STYLES.cell, maxLines: CELL_LINES.name },
				{ text: gap.email, style: STYLES.cellNote, maxLines: CELL_LINES.email, minSize: 5.5 },
			],
			[{ text: team, style: STYLES.cell, maxLines: CELL_LINES.other }],
			[{ text: gap.role, style: STYLES.cell, maxLines: CELL_LINES.other }],
			[{ text: gap.path, style: STYLES.cell, maxLines: CELL_LINES.other }],
			[
				{
					text: gapStateText(gap),
					style: gap.state === 'overdue' ? STYLES.cellAlert : STYLES.cell,
					maxLines: CELL_LINES.other,
				},
			],
		]
	}
}

/**
 * The footer's two lines: "<organisation> · AI literacy evidence as of <date> · Page n of m", the
 * organisation's name shortened with an ellipsis if the line would not fit, and the CSV export's hash.
 */
function footerOf(type: Typesetter, input: EvidencePdfInput, asOf: string, page: number, pages: number): Piece[] {
	const { weight, size } = STYLES.footer
	const rest = ` · ${TITLE} as of ${asOf} · Page ${page} of ${pages}`
	// `clean` drops the leading space, which is measured apart.
	const room = CONTENT_WIDTH - type.width(type.clean(rest), weight, size) - type.width(' ', weight, size)
	const orgName = ellipsize(type.clean(input.orgName), type, weight, size, room)
	return [
		{ text: `${orgName}${rest}`, style: STYLES.footer },
		{ text: `SHA-256 of the CSV export: ${input.contentHash}`, style: STYLES.hash },
	]
}
