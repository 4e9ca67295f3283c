import path from 'node:path'

/**
 * Where the embedded database lives when DATABASE_URL is not set. Shared by the
 * app, the Prisma CLI config and the scripts so that they always agree.
 */
export const DEFAULT_DATABASE_URL = 'file:./data/skillproof.db'

export type DatabaseProvider = 'sqlite' | 'postgresql'

export function getDatabaseProvider(url: string): DatabaseProvider | null {
	if (url.startsWith('file:')) return 'sqlite'
	if (/^postgres(ql)?:\/\//.test(url)) return 'postgresql'
	return null
}

/** Absolute path of an SQLite `file:` URL; relative paths resolve from the working directory. */
export function getSqliteFilePath(url: string, cwd = process.cwd()): string {
	const file = url.slice('file:'.length).split('?')[0] ?? ''
	if (!file) throw new Error('An SQLite DATABASE_URL needs a file path, e.g. file:./data/skillproof.db')
	return path.resolve(cwd, file)
}
