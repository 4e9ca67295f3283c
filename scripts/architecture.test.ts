/**
 * The import rules of the application's folders, checked: app/credentials/ is a library (ESLint
 * refuses an import of the app, a database or a framework there), and the domain folders import
 * only downwards (organisations → learning → issuing → skills → content, issuing → audit).
 */
import fs from 'node:fs'
import path from 'node:path'
import { ESLint } from 'eslint'
import { expect, test } from 'vitest'

const root = path.resolve(import.meta.dirname, '..')
const app = path.join(root, 'app')

test('ESLint refuses an import of the app, the database or Prisma in app/credentials/, and allows one within it', async () => {
	const eslint = new ESLint({ cwd: root })
	const restricted = async (code: string) => {
		const [result] = await eslint.lintText(code, { filePath: 'app/credentials/planted.ts' })
		return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports' && m.severity === 2)
	}
	for (const source of [
		'../db/db.server',
		'@prisma/client',
		'~/config.server',
		'../issuing/issuer.server',
		'express',
	]) {
		const errors = await restricted(`import * as planted from '${source}'\nexport const used = planted\n`)
		expect(errors.length, source).toBeGreaterThan(0)
		expect(errors[0]!.message).toMatch(/app\/credentials\/ is a library/)
	}
	expect(await restricted("import { toHex } from './encoding'\nexport const used = toHex\n")).toEqual([])
})

/**
 * Which domain folders each may import, besides itself, the credential library and the
 * infrastructure (config, log, db, http, email, jobs): the folders below it. `auth` is left out
 * here: it still reads roles from `orgs`.
 */
const BELOW: Record<string, readonly string[]> = {
	notifications: ['orgs', 'auth', 'learning', 'issuing', 'skills', 'content', 'audit'],
	orgs: ['auth', 'learning', 'issuing', 'skills', 'content', 'audit'],
	learning: ['issuing', 'skills', 'content', 'audit'],
	issuing: ['skills', 'content', 'audit'],
	skills: ['content'],
	content: [],
	audit: [],
}
const SHARED = new Set(['credentials', 'config.server', 'log.server', 'db', 'http', 'email', 'jobs'])

function sourceFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const file = path.join(dir, entry.name)
		if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(file)
		return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [file] : []
	})
}

/** The app folder (or top-level module, e.g. `config.server`) each import of a file reaches. */
function importedFolders(file: string): string[] {
	const text = fs.readFileSync(file, 'utf8')
	const specifiers = [...text.matchAll(/(?:from|import\()\s*'([^']+)'/g)].map((m) => m[1]!)
	return specifiers.flatMap((specifier) => {
		const target = specifier.startsWith('~/')
			? path.join(app, specifier.slice(2))
			: specifier.startsWith('.')
				? path.resolve(path.dirname(file), specifier)
				: null
		if (!target) return []
		const relative = path.relative(app, target)
		if (relative.startsWith('..')) return []
		return [relative.split(path.sep)[0]!.replace(/\.tsx?$/, '')]
	})
}

test('the domain folders import only the folders below them, and the credential library nothing of the app', () => {
	const wrong: string[] = []
	for (const file of sourceFiles(app)) {
		const folder = path.relative(app, file).split(path.sep)[0]!
		for (const target of importedFolders(file)) {
			if (target === folder) continue
			const allowed =
				folder === 'credentials' ? false : !(folder in BELOW) || SHARED.has(target) || BELOW[folder]!.includes(target)
			if (!allowed) wrong.push(`${path.relative(root, file)} imports ${target}`)
		}
	}
	expect(wrong).toEqual([])
})
