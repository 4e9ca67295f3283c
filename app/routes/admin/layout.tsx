import { Outlet } from 'react-router'
import type { Route } from './+types/layout'
import { requireAdminMiddleware } from '~/auth/auth.server'

// The role check runs as middleware, before any loader of the admin area.
export const middleware: Route.MiddlewareFunction[] = [requireAdminMiddleware]

export default function AdminLayout() {
	return <Outlet />
}
