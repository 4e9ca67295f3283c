import { NavLink, Outlet } from 'react-router'
import type { Route } from './+types/layout'
import { requireAdminMiddleware } from '~/auth/auth.server'
import { cx } from '~/components/ui/cx'

// The role check runs as middleware, before any loader of the admin area.
export const middleware: Route.MiddlewareFunction[] = [requireAdminMiddleware]

const SECTIONS = [
	['/admin', 'Overview'],
	['/admin/people', 'People'],
	['/admin/invitations', 'Invitations'],
	['/admin/access', 'Access'],
	['/admin/import', 'Import'],
	['/admin/teams', 'Teams'],
	['/admin/assignments', 'Assignments'],
	['/admin/reports', 'Reports'],
	['/admin/skills-gap', 'Skills gap'],
	['/admin/item-analysis', 'Item analysis'],
	['/admin/credentials', 'Credentials'],
	['/admin/issuer', 'Issuer profile'],
	['/admin/audit', 'Audit log'],
	['/admin/outbox', 'Outbox'],
] as const

export default function AdminLayout() {
	return (
		<div className="flex flex-col gap-6">
			<nav aria-label="Administration">
				<ul className="flex flex-wrap gap-1 border-b border-line pb-2">
					{SECTIONS.map(([to, label]) => (
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
