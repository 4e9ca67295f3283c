/** The building blocks lessons use in their MDX (see content/README.md). */
import type { ReactNode } from 'react'
import { cx } from '../ui/cx'

const calloutTones = {
	note: { label: 'Note', className: 'border-line bg-info-surface' },
	tip: { label: 'Tip', className: 'border-success bg-success-surface' },
	warning: { label: 'Watch out', className: 'border-danger bg-danger-surface' },
} as const

export function Callout({
	kind = 'note',
	title,
	children,
}: {
	kind?: keyof typeof calloutTones
	title?: string
	children: ReactNode
}) {
	const tone = calloutTones[kind] ?? calloutTones.note
	return (
		<aside
			className={cx('not-prose my-6 rounded-control border-l-4 px-4 py-3 text-ink', tone.className)}
			aria-label={title ?? tone.label}
		>
			<p className="font-semibold">{title ?? tone.label}</p>
			<div className="mt-1 space-y-2 [&_a]:text-link">{children}</div>
		</aside>
	)
}

export function KeyTerm({ term, children }: { term: string; children: ReactNode }) {
	return (
		<div className="not-prose my-5 rounded-control border border-line bg-surface-muted px-4 py-3">
			<dl>
				<dt className="font-semibold">{term}</dt>
				<dd className="mt-1 text-ink">{children}</dd>
			</dl>
		</div>
	)
}

export function Figure({
	caption,
	src,
	alt,
	children,
}: {
	caption: string
	src?: string
	alt?: string
	children?: ReactNode
}) {
	return (
		<figure className="my-6">
			{src ? (
				<img src={src} alt={alt ?? ''} className="rounded-control" />
			) : (
				<div className="overflow-x-auto">{children}</div>
			)}
			<figcaption className="mt-2 text-sm text-ink-muted">{caption}</figcaption>
		</figure>
	)
}

export function WorkedExample({ title, children }: { title?: string; children: ReactNode }) {
	return (
		<section
			className="my-6 rounded-card border border-line bg-surface px-5 py-4"
			aria-label={`Worked example${title ? `: ${title}` : ''}`}
		>
			<p className="not-prose text-sm font-semibold uppercase tracking-wide text-ink-muted">Worked example</p>
			{title ? <p className="not-prose mt-1 text-lg font-semibold">{title}</p> : null}
			<div>{children}</div>
		</section>
	)
}

export function Reflection({ children }: { children: ReactNode }) {
	return (
		<aside
			className="not-prose my-6 rounded-control border border-dashed border-line px-4 py-3"
			aria-label="Reflection"
		>
			<p className="font-semibold">Pause and reflect</p>
			<div className="mt-1 text-ink">{children}</div>
		</aside>
	)
}

export function KeyTakeaways({ children }: { children: ReactNode }) {
	return (
		<section
			className="my-8 rounded-card border border-line bg-surface-muted px-5 py-4"
			aria-labelledby="key-takeaways"
		>
			<h2 id="key-takeaways" className="mt-0">
				Key takeaways
			</h2>
			{children}
		</section>
	)
}
