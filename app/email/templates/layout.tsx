/**
 * The one layout of every email the site sends (React Email components, rendered on the server by
 * app/email/render.server.ts): the product's name in words, a heading, the message, at most one
 * button, and a plain footer that says why the person got it. No image carries meaning, colours
 * are the site's own (each pair at least 4.5:1), and the button's address is also written out for
 * mail clients that show no buttons.
 */
// Each part from its own package: the @react-email/components barrel loads every component (with a
// syntax highlighter and Tailwind), which cost 0.4 s on every process that sends an email.
import { Body } from '@react-email/body'
import { Button } from '@react-email/button'
import { Container } from '@react-email/container'
import { Head } from '@react-email/head'
import { Heading } from '@react-email/heading'
import { Hr } from '@react-email/hr'
import { Html } from '@react-email/html'
import { Link } from '@react-email/link'
import { Section } from '@react-email/section'
import { Text } from '@react-email/text'
import type { CSSProperties, ReactNode } from 'react'
import { config } from '../../config.server'
import { WITHHELD_LINK } from '../private-links'

export const PRODUCT_NAME = 'Skillproof'

/** The button: one per email, the thing to do. Its `href` is WITHHELD_LINK in the outbox's copy. */
export type EmailAction = { label: string; href: string }

/** What a template gives the layout. */
export type EmailParts = {
	subject: string
	heading: string
	/** The message itself, in Paragraph and Details blocks. */
	body: ReactNode
	action?: EmailAction
	/** What follows the button: how long a link works, what to do if the email was not expected. */
	after?: ReactNode
	/** Why the person got this email, in a sentence or two. */
	reason: string
}

const COLOURS = {
	canvas: '#f6f7fb',
	surface: '#ffffff',
	ink: '#161824',
	muted: '#4a4f62',
	line: '#cfd3e0',
	accent: '#3730a3',
	onAccent: '#ffffff',
}

const FONT = '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif'

const styles = {
	body: { backgroundColor: COLOURS.canvas, color: COLOURS.ink, fontFamily: FONT, margin: 0, padding: '24px 0' },
	container: {
		backgroundColor: COLOURS.surface,
		border: `1px solid ${COLOURS.line}`,
		borderRadius: 8,
		maxWidth: 560,
		padding: '24px 32px',
	},
	product: { color: COLOURS.accent, fontSize: 16, fontWeight: 700, letterSpacing: 0.2, margin: '0 0 8px' },
	heading: { color: COLOURS.ink, fontSize: 24, fontWeight: 700, lineHeight: '32px', margin: '0 0 16px' },
	paragraph: { color: COLOURS.ink, fontSize: 16, lineHeight: '24px', margin: '0 0 16px' },
	details: { color: COLOURS.ink, fontSize: 16, lineHeight: '24px', margin: '0 0 4px' },
	action: { margin: '8px 0 8px' },
	button: {
		backgroundColor: COLOURS.accent,
		borderRadius: 6,
		color: COLOURS.onAccent,
		fontSize: 16,
		fontWeight: 600,
		padding: '12px 20px',
		textDecoration: 'none',
	},
	fallback: { color: COLOURS.muted, fontSize: 14, lineHeight: '20px', margin: '0 0 16px' },
	link: { color: COLOURS.accent, textDecoration: 'underline', wordBreak: 'break-all' },
	rule: { borderColor: COLOURS.line, margin: '24px 0 16px' },
	footer: { color: COLOURS.muted, fontSize: 14, lineHeight: '20px', margin: '0 0 8px' },
} satisfies Record<string, CSSProperties>

export function Paragraph({ children }: { children: ReactNode }) {
	return <Text style={styles.paragraph}>{children}</Text>
}

/** Facts the message turns on (a reason, a due date), one per line as “Label: value”. */
export function Details({ items }: { items: Array<[label: string, value: string]> }) {
	return (
		<Section style={{ margin: '0 0 16px' }}>
			{items.map(([label, value]) => (
				<Text key={label} style={styles.details}>
					<strong>{label}:</strong> {value}
				</Text>
			))}
		</Section>
	)
}

/** A link inside the message, its address as its text: readable in every client, and in the text part. */
export function InlineLink({ href }: { href: string }) {
	return (
		<Link href={href} style={styles.link}>
			{href}
		</Link>
	)
}

function Action({ label, href }: EmailAction) {
	// The outbox's copy: the key stays out, in words and in attributes.
	if (href === WITHHELD_LINK) {
		return (
			<Text style={styles.paragraph}>
				{label}: {WITHHELD_LINK}
			</Text>
		)
	}
	return (
		<>
			<Section style={styles.action}>
				<Button href={href} style={styles.button} data-email-action="true">
					{label}
				</Button>
			</Section>
			{/* The text part writes the address next to the label already. */}
			<Text style={styles.fallback} data-skip-in-text="true">
				If the button does not work, copy this address into your browser: <InlineLink href={href} />
			</Text>
		</>
	)
}

export function EmailLayout({ subject, heading, body, action, after, reason }: EmailParts) {
	const site = new URL(config.PUBLIC_ORIGIN)
	return (
		<Html lang="en" dir="ltr">
			<Head>
				<title>{subject}</title>
			</Head>
			<Body style={styles.body}>
				<Container style={styles.container}>
					<Text style={styles.product}>{PRODUCT_NAME}</Text>
					<Heading as="h1" style={styles.heading}>
						{heading}
					</Heading>
					{body}
					{action ? <Action {...action} /> : null}
					{after}
					<Hr style={styles.rule} />
					<Text style={styles.footer}>{reason}</Text>
					<Text style={styles.footer}>
						{PRODUCT_NAME} · <InlineLink href={site.origin} />
					</Text>
				</Container>
			</Body>
		</Html>
	)
}
