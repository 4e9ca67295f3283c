import { Form, NavLink } from 'react-router'
import { buttonClass } from './ui/button'
import { cx } from './ui/cx'
import { SubmitButton } from './ui/submit-button'

export type HeaderUser = { name: string; isAdmin: boolean; orgName: string | null }

function navClass({ isActive }: { isActive: boolean }) {
	return cx(
		'rounded-control px-3 py-2 text-sm font-medium text-ink no-underline hover:bg-surface-muted hover:no-underline',
		isActive && 'bg-surface-muted',
	)
}

export function SiteHeader({ user, signUpOpen }: { user: HeaderUser | null; signUpOpen: boolean }) {
	return (
		<header className="border-b border-line bg-surface">
			<a
				href="#main"
				className="sr-only rounded-control bg-accent px-3 py-2 text-on-accent focus:not-sr-only focus:absolute focus:left-2 focus:top-2"
			>
				Skip to content
			</a>
			<div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-2 px-4 py-3">
				<NavLink to="/" className="text-lg font-bold text-ink no-underline hover:no-underline">
					Skillproof
				</NavLink>
				<nav aria-label="Main" className="flex flex-wrap items-center gap-1">
					<NavLink to="/paths" className={navClass}>
						Catalogue
					</NavLink>
					<NavLink to="/skills" className={navClass}>
						Skills
					</NavLink>
					{user ? (
						<>
							<NavLink to="/dashboard" className={navClass}>
								Dashboard
							</NavLink>
							<NavLink to="/profile" className={navClass}>
								My skills
							</NavLink>
							<NavLink to="/credentials" className={navClass}>
								Credentials
							</NavLink>
							{user.isAdmin ? (
								<NavLink to="/admin" className={navClass}>
									Admin
								</NavLink>
							) : null}
							<NavLink to="/account" className={navClass}>
								Account
							</NavLink>
							<Form method="post" action="/sign-out">
								<SubmitButton formAction="/sign-out" variant="ghost" className="min-h-9 px-3">
									Sign out
								</SubmitButton>
							</Form>
						</>
					) : (
						<>
							<NavLink to="/sign-in" className={navClass}>
								Sign in
							</NavLink>
							{signUpOpen ? (
								<NavLink to="/sign-up" className={buttonClass('primary', 'min-h-9 px-3')}>
									Create account
								</NavLink>
							) : null}
						</>
					)}
				</nav>
			</div>
		</header>
	)
}
