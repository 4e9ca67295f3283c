/**
 * Authorisation over every route and every role: a visitor, Northwind's learner, admin and owner, a
 * Northwind admin since deactivated, and a learner and an admin of another organisation. The routes
 * come from app/routes.ts itself; the table in authorisation-table.ts says, for each route module,
 * how to fill its address and what each role gets for GET, for its `.data` request and for POST. A
 * route without an entry, or an entry that no longer matches its module (an action added or
 * removed), fails the first test: a new route needs a decision. Every answer is also checked for
 * the security headers policy (security-policy.ts): that is the scan of every page's headers.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { APIRequestContext, APIResponse } from '@playwright/test'
import { TABLE, type ActionCase, type Outcome } from './authorisation-table'
import { createWorld, ROLES, type RoleName, type World } from './authorisation-world'
import { expect, test } from './fixtures'
import { dataAddress, fillPattern, listSiteRoutes, type SiteRoute } from './route-config'
import { policyProblems } from './security-policy'

const appDir = path.resolve(import.meta.dirname, '../../app')
/** The routes to request: a route without an entry fails the first test instead. */
const requestable = () => listSiteRoutes().filter((route) => !route.layout && TABLE[route.file])
const entryOf = (route: SiteRoute) => TABLE[route.file]!

function addressOf(route: SiteRoute, w: World) {
	const entry = entryOf(route)
	return fillPattern(route.pattern, entry.params?.(w) ?? {}) + (entry.search?.(w) ?? '')
}

function describe(outcome: Outcome) {
	return typeof outcome === 'number' ? String(outcome) : `redirect to ${String(outcome.redirect)}`
}

/** What went wrong with one response, or null. A `.data` request answers a redirect with 202 and the target in its body. */
async function mismatch(response: APIResponse, expected: Outcome, data: boolean): Promise<string | null> {
	const status = response.status()
	if (typeof expected === 'number') return status === expected ? null : `expected ${expected}, got ${status}`
	let location: string | undefined
	if (data) {
		if (status !== 202) return `expected 202 (${describe(expected)}), got ${status}`
		location = /"redirect","([^"]*)"/.exec(await response.text())?.[1]
	} else {
		if (status !== 302 && status !== 303) return `expected ${describe(expected)}, got ${status}`
		location = response.headers()['location']
	}
	const matches =
		typeof expected.redirect === 'string' ? location === expected.redirect : expected.redirect.test(location ?? '')
	return matches ? null : `expected ${describe(expected)}, got a redirect to ${location}`
}

/** Runs the jobs a few at a time: the server and the test share two cores. */
async function inGroups<T>(jobs: Array<() => Promise<T>>, size = 6): Promise<T[]> {
	const results: T[] = []
	for (let i = 0; i < jobs.length; i += size)
		results.push(...(await Promise.all(jobs.slice(i, i + size).map((job) => job()))))
	return results
}

test('every route of app/routes.ts has an entry in the authorisation table that matches its module', () => {
	const routes = listSiteRoutes()
	const problems: string[] = []
	for (const route of routes) {
		const entry = TABLE[route.file]
		if (!entry) {
			problems.push(`${route.file} (${route.pattern}) has no entry: decide who may request it`)
			continue
		}
		if (route.layout !== Boolean(entry.layout))
			problems.push(`${route.file}: ${route.layout ? 'a layout needs `layout`' : 'only a layout has `layout`'}`)
		if (!route.layout && !entry.get) problems.push(`${route.file}: no expectations for GET`)
		if (route.action && !entry.action) problems.push(`${route.file} exports an action: give its POST expectations`)
		if (!route.action && entry.action) problems.push(`${route.file} has no action: its entry describes one`)
	}
	// An entry whose module is gone is stale; one whose module exists but is not routed yet is kept.
	for (const file of Object.keys(TABLE)) {
		if (!routes.some((r) => r.file === file) && !fs.existsSync(path.join(appDir, file)))
			problems.push(`${file} no longer exists: remove its entry`)
	}
	expect(problems).toEqual([])
})

test('each role gets the expected answer from every page, file and .data request, and no other organisation’s data', async ({
	db,
	playwright,
	baseURL,
	createUser,
}) => {
	const { world, contexts, dispose } = await createWorld({ db, playwright, baseURL: baseURL!, createUser })
	const jobs = requestable().flatMap((route) => {
		const entry = entryOf(route)
		const address = addressOf(route, world)
		const secrets = entry.secrets?.(world) ?? []
		// The page, its data, and for a route inside a layout its own loader's data alone: the
		// layout's check must hold for that one too.
		const requests = [
			{ url: address, data: false },
			{ url: dataAddress(address), data: true },
			...(route.parents.length > 0 ? [{ url: dataAddress(address, route.id), data: true }] : []),
		]
		return ROLES.flatMap((role) =>
			requests.map(({ url, data }) => async () => {
				const response = await contexts[role].get(url, { maxRedirects: 0 })
				const problems: string[] = []
				const wrong = await mismatch(response, entry.get![role], data)
				if (wrong) problems.push(wrong)
				// Whatever the answer (a page, data, a file, a redirect, a refusal), it carries the headers policy,
				// and no cache keeps what a signed-in person was sent.
				problems.push(...policyProblems(response.headers(), url))
				if (role !== 'anonymous' && !/\bno-store\b/.test(response.headers()['cache-control'] ?? ''))
					problems.push(`is cacheable (Cache-Control: ${response.headers()['cache-control'] ?? 'none'})`)
				const body = await response.text()
				for (const secret of secrets) {
					const visible = secret.visibleTo.includes(role)
					if (!visible && body.includes(secret.value)) problems.push(`shows “${secret.value}”`)
					if (visible && response.status() === 200 && !body.includes(secret.value))
						problems.push(`does not show “${secret.value}” (is the secret still on this page?)`)
				}
				return problems.map((p) => `${route.file}: GET ${url} as ${role}: ${p}`)
			}),
		)
	})
	const problems = (await inGroups(jobs)).flat()
	await dispose()
	expect(problems).toEqual([])
})

async function post(
	context: APIRequestContext,
	url: string,
	action: ActionCase | undefined,
	w: World,
	role: RoleName,
	origin?: string,
) {
	const multipart = action?.multipart?.(w)
	return context.post(url, {
		...(multipart ? { multipart } : { form: action?.form?.(w, role) ?? { intent: 'none' } }),
		headers: origin === undefined ? {} : { Origin: origin },
		maxRedirects: 0,
	})
}

test('each role gets the expected answer from every form action, and a refused request changes nothing', async ({
	db,
	playwright,
	baseURL,
	createUser,
}) => {
	const { world, contexts, freshContext, dispose } = await createWorld({
		db,
		playwright,
		baseURL: baseURL!,
		createUser,
	})
	const problems: string[] = []
	const routes = requestable()

	// Without an action, a POST is refused, to a visitor and to the owner alike.
	const refusals = routes
		.filter((route) => !route.action)
		.flatMap((route) =>
			(['anonymous', 'owner'] as const).map((role) => async () => {
				const address = addressOf(route, world)
				const response = await post(contexts[role], address, undefined, world, role, world.origin)
				const wrong = await mismatch(response, (entryOf(route).post ?? { anonymous: 405, owner: 405 })[role], false)
				return wrong ? [`${route.file}: POST ${address} as ${role}: ${wrong}`] : []
			}),
		)
	problems.push(...(await inGroups(refusals)).flat())

	// With one: the roles that may change things go last, and every other role's request, page
	// or `.data`, leaves the state as it was.
	for (const route of routes.filter((r) => r.action)) {
		const action = entryOf(route).action!
		const address = addressOf(route, world)
		const changes = action.changes ?? []
		const before = await action.state?.(db, world)
		const order = [...ROLES.filter((r) => !changes.includes(r)), ...ROLES.filter((r) => changes.includes(r))]
		for (const role of order) {
			const context = action.ownSession ? await freshContext(role) : contexts[role]
			const allowed = changes.includes(role)
			for (const data of allowed ? [false] : [false, true]) {
				const url = data ? dataAddress(address) : address
				const wrong = await mismatch(
					await post(context, url, action, world, role, world.origin),
					action.expect[role],
					data,
				)
				if (wrong) problems.push(`${route.file}: POST ${url} as ${role}: ${wrong}`)
				if (!allowed && action.state) {
					const now = await action.state(db, world)
					if (JSON.stringify(now) !== JSON.stringify(before))
						problems.push(
							`${route.file}: POST ${url} as ${role} changed ${JSON.stringify(before)} to ${JSON.stringify(now)}`,
						)
				}
			}
			if (action.ownSession) await context.dispose()
		}
		// The request that was refused to the others does its work for the roles allowed it.
		if (changes.length > 0 && action.state) {
			const after = await action.state(db, world)
			if (JSON.stringify(after) === JSON.stringify(before))
				problems.push(`${route.file}: POST ${address} changed nothing for ${changes.join(', ')}`)
		}
	}
	await dispose()
	expect(problems).toEqual([])
})

test('a form action posted from another origin, or with no origin, is refused before it runs', async ({
	db,
	playwright,
	baseURL,
	createUser,
}) => {
	const { world, contexts, dispose } = await createWorld({ db, playwright, baseURL: baseURL!, createUser })
	const problems: string[] = []
	for (const route of requestable().filter((r) => r.action)) {
		const action = entryOf(route).action!
		const address = addressOf(route, world)
		const before = await action.state?.(db, world)
		// The role the action works for, when it works for one.
		const role = action.changes?.[0] ?? 'owner'
		for (const origin of ['https://elsewhere.example', undefined]) {
			const response = await post(contexts[role], address, action, world, role, origin)
			const refused = response.status() === 403 && (await response.text()).includes('did not come from')
			// The one kind of action open to any origin must be, and only it: it answers as it would at home.
			if (action.openToAnyOrigin ? refused : !refused)
				problems.push(
					`${route.file}: POST ${address} as ${role} from ${origin ?? 'no origin'}: got ${response.status()}`,
				)
		}
		if (action.state && JSON.stringify(await action.state(db, world)) !== JSON.stringify(before))
			problems.push(`${route.file}: a cross-origin POST changed its state`)
	}
	// The data request of the home page is "/_.data" here; the older "/_root.data" is just not found.
	const root = await contexts.learner.get('/_root.data')
	expect(root.status()).toBe(404)
	await dispose()
	expect(problems).toEqual([])
})
