import type { ReactNode } from 'react'
import { cx } from './cx'

const tones = {
	success: 'border-success bg-success-surface',
	error: 'border-danger bg-danger-surface',
	info: 'border-line bg-info-surface',
} as const

export function Alert({
	tone,
	children,
	role,
	className,
}: {
	tone: keyof typeof tones
	children: ReactNode
	role?: 'alert' | 'status'
	className?: string
}) {
	return (
		<div role={role} className={cx('rounded-control border-l-4 px-4 py-3 text-sm text-ink', tones[tone], className)}>
			{children}
		</div>
	)
}
