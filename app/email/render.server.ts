/**
 * Renders a message from its template (app/email/templates/): the HTML with React Email, and the
 * text part from that HTML (React Email's converter, html-to-text), so both say the same thing.
 * The text part writes every link out in full: the button as its label and, on the next line, its
 * address. The outbox's copy is rendered from props with the private links withheld
 * (./private-links.ts), and checked for them.
 */
import { render, toPlainText } from '@react-email/render'
import { createElement } from 'react'
import { leakedLinks } from './private-links'
import { emailParts, type EmailContent } from './templates/catalog'
import { EmailLayout } from './templates/layout'

export type RenderedEmail = { subject: string; text: string; html: string }

/** The part of html-to-text's block builder that the button's formatter uses (the library ships no types). */
type TextBuilder = {
	openBlock(options: { leadingLineBreaks: number }): void
	closeBlock(options: { trailingLineBreaks: number }): void
	addInline(text: string, options?: { noWordTransform?: boolean }): void
	addLineBreak(): void
}
type TextElement = { attribs: Record<string, string>; children: unknown[] }

const TEXT_OPTIONS = {
	formatters: {
		/** “Label:” and the address on a line of its own, easy to copy and never split. */
		emailAction(element: TextElement, walk: (nodes: unknown[], builder: TextBuilder) => void, builder: TextBuilder) {
			builder.openBlock({ leadingLineBreaks: 2 })
			walk(element.children, builder)
			builder.addInline(':')
			builder.addLineBreak()
			builder.addInline(element.attribs.href ?? '', { noWordTransform: true })
			builder.closeBlock({ trailingLineBreaks: 2 })
		},
	},
	selectors: [
		{ selector: 'a[data-email-action]', format: 'emailAction' },
		{ selector: 'h1', options: { uppercase: false } },
		{ selector: 'hr', options: { length: 20 } },
	],
}

export async function renderEmail(content: EmailContent): Promise<RenderedEmail> {
	const parts = emailParts(content)
	const html = await render(createElement(EmailLayout, parts))
	// Blocks in table cells leave runs of blank lines; one is enough between paragraphs.
	const text = toPlainText(html, TEXT_OPTIONS)
		.replace(/\n{3,}/g, '\n\n')
		.trim()
	return { subject: parts.subject, html, text }
}

/**
 * Throws when a private link is still in a copy meant for the outbox: a template that wrote one
 * into a longer string (a sentence) instead of taking it as a prop of its own.
 */
export function assertWithheld(rendered: RenderedEmail, privateLinks: readonly string[]) {
	const leaked = leakedLinks(`${rendered.subject}\n${rendered.text}\n${rendered.html}`, privateLinks)
	if (leaked.length > 0) throw new Error('A private link would be kept in the outbox: pass it to its template whole.')
}
