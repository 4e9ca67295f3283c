import { useRef, type KeyboardEvent } from 'react'
import { Form, NavLink, useLocation } from 'react-router'
import { ADMIN_SECTIONS } from './admin/admin-sections'
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

/** The links of the main navigation, for the wide bar and the phone menu alike. */
function siteLinks(user: HeaderUser | null): Array<readonly [string, string]> {
	const links: Array<readonly [string, string]> = [
		['/paths', 'Catalogue'],
		['/skills', 'Skills'],
	]
	if (!user) return links
	links.push(['/dashboard', 'Dashboard'], ['/profile', 'My skills'], ['/credentials', 'Credentials'])
	if (user.isAdmin) links.push(['/admin', 'Admin'])
	links.push(['/account', 'Account'])
	return links
}

function SignOut({ className }: { className?: string }) {
	return (
		<Form method="post" action="/sign-out">
			<SubmitButton formAction="/sign-out" variant="ghost" className={cx('min-h-9 px-3', className)}>
				Sign out
			</SubmitButton>
		</Form>
	)
}

/**
 * On a phone the navigation folds into one "Menu" button (a disclosure that works without script),
 * holding the site's links and, inside the administration area, its sections: the page's own
 * content starts in the first screen. It closes on Escape and whenever the page changes.
 */
function PhoneMenu({ user, signUpOpen }: { user: HeaderUser | null; signUpOpen: boolean }) {
	const location = useLocation()
	const details = useRef<HTMLDetailsElement>(null)
	const inAdmin = Boolean(user?.isAdmin) && /^\/admin(\/|$)/.test(location.pathname)
	const onKeyDown = (event: KeyboardEvent) => {
		if (event.key !== 'Escape' || !details.current?.open) return
		details.current.open = false
		details.current.querySelector('summary')?.focus()
	}
	const itemClass = (state: { isActive: boolean }) => cx(navClass(state), 'flex min-h-11 items-center')
	return (
		<details ref={details} key={location.key} className="md:hidden" onKeyDown={onKeyDown}>
			<summary
				className={buttonClass(
					'secondary',
					'min-h-11 cursor-pointer list-none px-3 [&::-webkit-details-marker]:hidden',
				)}
			>
				<svg aria-hidden="true" viewBox="0 0 20 20" className="size-5" fill="currentColor">
					<rect x="3" y="4" width="14" height="2" rx="1" />
					<rect x="3" y="9" width="14" height="2" rx="1" />
					<rect x="3" y="14" width="14" height="2" rx="1" />
				</svg>
				Menu
			</summary>
			<div className="absolute inset-x-0 top-full z-30 max-h-[80vh] overflow-y-auto border-b border-line bg-surface px-4 pb-4 shadow-lg">
				<nav aria-label="Main">
					<ul className="grid grid-cols-2 gap-1 pt-2">
						{siteLinks(user).map(([to, label]) => (
							<li key={to}>
								<NavLink to={to} end={to === '/admin'} className={itemClass}>
									{label}
								</NavLink>
							</li>
						))}
						{user ? null : (
							<>
								<li>
									<NavLink to="/sign-in" className={itemClass}>
										Sign in
									</NavLink>
								</li>
								{signUpOpen ? (
									<li>
										<NavLink to="/sign-up" className={itemClass}>
											Create account
										</NavLink>
									</li>
								) : null}
							</>
						)}
					</ul>
				</nav>
				{inAdmin ? (
					<nav aria-label="Administration" className="mt-3 border-t border-line pt-3">
						<p className="px-3 text-xs font-semibold uppercase tracking-wide text-ink-muted">Administration</p>
						<ul className="mt-1 grid grid-cols-2 gap-1">
							{ADMIN_SECTIONS.map(([to, label]) => (
								<li key={to}>
									<NavLink to={to} end className={itemClass}>
										{label}
									</NavLink>
								</li>
							))}
						</ul>
					</nav>
				) : null}
				{user ? (
					<div className="mt-3 border-t border-line pt-3">
						<SignOut className="min-h-11 w-full justify-start" />
					</div>
				) : null}
			</div>
		</details>
	)
}

export function SiteHeader({ user, signUpOpen }: { user: HeaderUser | null; signUpOpen: boolean }) {
	return (
		<header className="relative border-b border-line bg-surface">
			<a
				href="#main"
				className="sr-only rounded-control bg-accent px-3 py-2 text-on-accent focus:not-sr-only focus:absolute focus:left-2 focus:top-2"
			>
				Skip to content
			</a>
			<div className="mx-auto flex max-w-5xl items-center justify-between gap-2 px-4 py-3">
				<NavLink to="/" className="text-lg font-bold text-ink no-underline hover:no-underline">
					Skillproof
				</NavLink>
				<nav aria-label="Main" className="hidden flex-wrap items-center gap-1 md:flex">
					{siteLinks(user).map(([to, label]) => (
						<NavLink key={to} to={to} className={navClass}>
							{label}
						</NavLink>
					))}
					{user ? (
						<SignOut />
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
				<PhoneMenu user={user} signUpOpen={signUpOpen} />
			</div>
		</header>
	)
}
