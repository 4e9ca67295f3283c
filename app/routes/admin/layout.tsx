import { NavLink, Outlet } from 'react-router'
import type { Route } from './+types/layout'
import { requireAdminMiddleware } from '~/auth/auth.server'
import { ADMIN_SECTIONS } from '~/components/admin/admin-sections'
import { cx } from '~/components/ui/cx'

// The role check runs as middleware, before any loader of the admin area.
export const middleware: Route.MiddlewareFunction[] = [requireAdminMiddleware]

export default function AdminLayout() {
	return (
		<div className="flex flex-col gap-6">
			{/* On a phone these sections are in the site menu, so the page starts in the first screen. */}
			<nav aria-label="Administration" className="hidden md:block">
				<ul className="flex flex-wrap gap-1 border-b border-line pb-2">
					{ADMIN_SECTIONS.map(([to, label]) => (
						<li key={to}>
							<NavLink
								to={to}
								end
								className={({ isActive }) =>
									cx(
										'rounded-control px-3 py-2 text-sm font-medium text-ink no-underline hover:bg-surface-muted hover:no-underline',
										isActive && 'bg-surface-muted',
									)
								}
							>
								{label}
							</NavLink>
						</li>
					))}
				</ul>
			</nav>
			<Outlet />
		</div>
	)
}
