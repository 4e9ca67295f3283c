import type { ComponentProps } from 'react'
import { Link } from 'react-router'
import { cx } from './cx'

type Variant = 'primary' | 'secondary' | 'danger' | 'ghost'

const base =
	'inline-flex min-h-11 items-center justify-center gap-2 rounded-control px-4 py-2 text-sm font-semibold no-underline transition-colors hover:no-underline disabled:cursor-not-allowed disabled:opacity-60'

const variants: Record<Variant, string> = {
	primary: 'bg-accent text-on-accent hover:bg-accent-hover',
	secondary: 'border border-line bg-surface text-ink hover:bg-surface-muted',
	danger: 'border border-danger bg-surface text-danger hover:bg-danger-surface',
	ghost: 'text-ink hover:bg-surface-muted',
}

export function buttonClass(variant: Variant = 'primary', className?: string) {
	return cx(base, variants[variant], className)
}

export function Button({
	variant = 'primary',
	className,
	type = 'button',
	...props
}: ComponentProps<'button'> & { variant?: Variant }) {
	return <button type={type} className={buttonClass(variant, className)} {...props} />
}

export function ButtonLink({
	variant = 'primary',
	className,
	...props
}: ComponentProps<typeof Link> & { variant?: Variant }) {
	return <Link className={buttonClass(variant, className)} {...props} />
}
