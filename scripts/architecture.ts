/**
 * The code layout as rules (docs/decisions/016-code-layout.md): which folder of app/ may import
 * which, the longest a source file may be, and the checks over an import graph that `npm test`
 * runs (scripts/check-architecture.ts). Pure functions over plain data, so that they can be tested
 * on planted graphs.
 */

/**
 * The folders of app/ and those each may import. A folder may always import its own files. The
 * web layer (routes, components and the app's root modules) may import every folder; nothing
 * imports the web layer except itself. Read top to bottom: a folder imports only folders listed
 * further down, so no cycle between folders can form.
 */
/** The infrastructure every domain folder may use. */
const INFRASTRUCTURE = ['email', 'jobs', 'http', 'db', 'format', 'log', 'config']

export const ALLOWED_IMPORTS: Readonly<Record<string, readonly string[]>> = {
	web: ['*'],
	ops: ['issuing', 'content', 'credentials', ...INFRASTRUCTURE],
	notifications: ['orgs', 'learning', 'auth', 'content', 'credentials', ...INFRASTRUCTURE],
	/** AI-literacy evidence: roles and their training, built on the organisation's assignments and records. */
	literacy: ['orgs', 'auth', 'learning', 'issuing', 'skills', 'content', 'audit', 'credentials', ...INFRASTRUCTURE],
	orgs: ['auth', 'learning', 'issuing', 'skills', 'content', 'audit', 'credentials', ...INFRASTRUCTURE],
	auth: [...INFRASTRUCTURE],
	learning: ['issuing', 'skills', 'content', 'credentials', ...INFRASTRUCTURE],
	issuing: ['skills', 'content', 'audit', 'credentials', ...INFRASTRUCTURE],
	skills: ['content', 'credentials', ...INFRASTRUCTURE],
	audit: ['db', 'log', 'config'],
	content: ['http', 'format', 'log', 'config'],
	/** The credentials library: plain functions over their arguments (also enforced by ESLint). */
	credentials: [],
	/** http for the site's shared secret, which seals private links until delivery (email/sealed-text.server.ts). */
	email: ['jobs', 'http', 'db', 'format', 'log', 'config'],
	jobs: ['db', 'log', 'config'],
	/** Answers a request that met an unavailable database with a 503 (the database says which errors those are). */
	http: ['db', 'log', 'config'],
	db: ['log', 'config'],
	/** Dates and numbers as people read them: plain functions. */
	format: [],
	log: ['config'],
	config: [],
}

/** No source file in app/ is longer than this many lines. */
export const MAX_FILE_LINES = 400

/** The files of app/ that are the application's root modules, by the folder they belong to. */
const ROOT_FILES: Readonly<Record<string, string>> = {
	'config.server.ts': 'config',
	'database-url.ts': 'config',
	'zod-config.ts': 'config',
	'log.server.ts': 'log',
	'root.tsx': 'web',
	'entry.server.tsx': 'web',
	'routes.ts': 'web',
}

/**
 * The folder a file of app/ belongs to, from its path relative to app/ (`issuing/issue.server.ts`),
 * or null for a file outside app/ (`../prisma/seed.ts`), for generated code and for tests: a test
 * may set up its world through any folder, and nothing imports a test, so it makes no cycle.
 */
export function folderOf(file: string): string | null {
	const parts = file.split('/')
	if (parts[0] === '..' || parts[0] === '.' || /\.test\.tsx?$/.test(file)) return null
	if (parts.length === 1) return ROOT_FILES[parts[0]!] ?? 'web'
	const [folder] = parts
	if (folder === 'routes' || folder === 'components') return 'web'
	if (folder === 'db' && parts[1] === 'generated') return null
	return folder!
}

export type FileGraph = Readonly<Record<string, readonly string[]>>
export type Arrow = { from: string; to: string; files: Array<[string, string]> }

/** The imports between folders, each with the file imports that make it. */
export function folderArrows(graph: FileGraph): Arrow[] {
	const arrows = new Map<string, Arrow>()
	for (const [file, imports] of Object.entries(graph)) {
		const from = folderOf(file)
		if (!from) continue
		for (const imported of imports) {
			const to = folderOf(imported)
			if (!to || to === from) continue
			const key = `${from}→${to}`
			const arrow = arrows.get(key) ?? { from, to, files: [] }
			arrow.files.push([file, imported])
			arrows.set(key, arrow)
		}
	}
	return [...arrows.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to))
}

/** Arrows the rules do not allow, and arrows from or to a folder the rules do not know. */
export function disallowedArrows(arrows: readonly Arrow[], rules = ALLOWED_IMPORTS): Arrow[] {
	return arrows.filter((arrow) => {
		const allowed = rules[arrow.from]
		if (!allowed || !(arrow.to in rules)) return true
		return !allowed.includes('*') && !allowed.includes(arrow.to)
	})
}

/**
 * Groups of folders that import each other, directly or through others (the strongly connected
 * components of more than one folder, by Tarjan's algorithm). Empty when the folders form a DAG.
 */
export function folderCycles(arrows: readonly Arrow[]): string[][] {
	const next = new Map<string, string[]>()
	for (const { from, to } of arrows) {
		next.set(from, [...(next.get(from) ?? []), to])
		if (!next.has(to)) next.set(to, [])
	}
	const index = new Map<string, number>()
	const low = new Map<string, number>()
	const stack: string[] = []
	const onStack = new Set<string>()
	const cycles: string[][] = []
	let counter = 0
	const visit = (node: string) => {
		index.set(node, counter)
		low.set(node, counter)
		counter++
		stack.push(node)
		onStack.add(node)
		for (const to of next.get(node)!) {
			if (!index.has(to)) {
				visit(to)
				low.set(node, Math.min(low.get(node)!, low.get(to)!))
			} else if (onStack.has(to)) {
				low.set(node, Math.min(low.get(node)!, index.get(to)!))
			}
		}
		if (low.get(node) === index.get(node)) {
			const component: string[] = []
			let member: string
			do {
				member = stack.pop()!
				onStack.delete(member)
				component.push(member)
			} while (member !== node)
			if (component.length > 1) cycles.push(component.sort())
		}
	}
	for (const node of [...next.keys()].sort()) if (!index.has(node)) visit(node)
	return cycles
}

/** Files longer than the limit, from their line counts. */
export function longFiles(lineCounts: Readonly<Record<string, number>>, max = MAX_FILE_LINES) {
	return Object.entries(lineCounts)
		.filter(([, lines]) => lines > max)
		.map(([file, lines]) => ({ file, lines }))
}
