/**
 * The site's routes as React Router sees them: app/routes.ts evaluated and flattened, with what
 * each module exports read from its source. The authorisation test walks this list, so a route
 * added to the config is requested without anyone writing its address down.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { RouteConfigEntry } from '@react-router/dev/routes'
import routes from '../../app/routes'

const appDir = path.resolve(import.meta.dirname, '../../app')

export type SiteRoute = {
	/** The module, relative to app/, as routes.ts names it: 'routes/admin/people.tsx'. */
	file: string
	/** React Router's id for it: the file without its extension unless routes.ts gives one. */
	id: string
	/** The URL pattern with every parent's path joined: '/admin/reports/teams/:teamId'. */
	pattern: string
	/** A layout adds no URL of its own; its children are requested instead. */
	layout: boolean
	/** Exports a component: a page, whose loader data also ships as `<path>.data`. */
	page: boolean
	action: boolean
	/** The files of the layouts around it, outermost first. */
	parents: string[]
}

function join(parent: string, child: string | undefined) {
	if (!child) return parent
	return `${parent.replace(/\/$/, '')}/${child}`
}

function exportsName(source: string, name: string) {
	return new RegExp(`export\\s+(async\\s+)?(function|const|let)\\s+${name}\\b`).test(source)
}

function flatten(entries: RouteConfigEntry[], parentPattern: string, parents: string[]): SiteRoute[] {
	return entries.flatMap((entry) => {
		const pattern = join(parentPattern, entry.path)
		const source = fs.readFileSync(path.join(appDir, entry.file), 'utf8')
		const route: SiteRoute = {
			file: entry.file,
			id: entry.id ?? entry.file.replace(/\.[jt]sx?$/, ''),
			pattern,
			layout: !entry.path && !entry.index,
			page: /export\s+default\b/.test(source),
			action: exportsName(source, 'action'),
			parents,
		}
		return [route, ...flatten(entry.children ?? [], pattern, [...parents, entry.file])]
	})
}

export function listSiteRoutes(): SiteRoute[] {
	return flatten(routes, '/', [])
}

/** The address of a route with its params filled in; a param without a value is an error. */
export function fillPattern(pattern: string, params: Record<string, string>): string {
	return pattern.replace(/:(\w+)|\*/g, (whole, name: string | undefined) => {
		const value = params[name ?? '*']
		if (value === undefined) throw new Error(`No value for ${whole} in ${pattern}`)
		return name ? encodeURIComponent(value) : value
	})
}

/**
 * React Router's single-fetch data request for an address (future.v8_trailingSlashAwareDataRequests:
 * "/" asks for "/_.data", "/paths" for "/paths.data"), keeping the query. With `onlyRoute`, it asks
 * for that route's loader alone, as the browser does when only a child route revalidates.
 */
export function dataAddress(address: string, onlyRoute?: string): string {
	const url = new URL(address, 'http://site.invalid')
	url.pathname = url.pathname.endsWith('/') ? `${url.pathname}_.data` : `${url.pathname}.data`
	if (onlyRoute) url.searchParams.set('_routes', onlyRoute)
	return `${url.pathname}${url.search}`
}
