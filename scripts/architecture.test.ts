import path from 'node:path'
import { ESLint } from 'eslint'
import { expect, test } from 'vitest'
import { ALLOWED_IMPORTS, disallowedArrows, folderArrows, folderCycles, folderOf, longFiles } from './architecture'

test('files belong to their folder; routes, components and the root modules are the web layer', () => {
	expect(folderOf('issuing/issue.server.ts')).toBe('issuing')
	expect(folderOf('routes/admin/people.tsx')).toBe('web')
	expect(folderOf('components/ui/button.tsx')).toBe('web')
	expect(folderOf('root.tsx')).toBe('web')
	expect(folderOf('config.server.ts')).toBe('config')
	expect(folderOf('db/generated/sqlite/client.ts')).toBeNull()
	expect(folderOf('../prisma/seed.ts')).toBeNull()
	expect(folderOf('skills/skills-profile.server.test.ts')).toBeNull()
})

test('a planted import from a lower folder up to a higher one is reported, with the files that make it', () => {
	const arrows = folderArrows({
		'learning/assessment.server.ts': ['issuing/issue.server.ts', 'learning/grading.ts'],
		'issuing/issue.server.ts': ['skills/evidence.server.ts', 'credentials/sign.ts'],
		'skills/evidence.server.ts': ['learning/grading.ts'],
	})
	expect(arrows.map((a) => `${a.from}→${a.to}`)).toEqual([
		'issuing→credentials',
		'issuing→skills',
		'learning→issuing',
		'skills→learning',
	])
	expect(disallowedArrows(arrows)).toEqual([
		{ from: 'skills', to: 'learning', files: [['skills/evidence.server.ts', 'learning/grading.ts']] },
	])
	expect(folderCycles(arrows)).toEqual([['issuing', 'learning', 'skills']])
})

test('the credentials library may import nothing of the app, and an unknown folder is never allowed', () => {
	const arrows = folderArrows({
		'credentials/sign.ts': ['config.server.ts', 'credentials/contexts.ts'],
		'newfolder/x.ts': ['db/db.server.ts'],
	})
	expect(disallowedArrows(arrows).map((a) => `${a.from}→${a.to}`)).toEqual(['credentials→config', 'newfolder→db'])
	expect(folderCycles(arrows)).toEqual([])
})

test('the rules themselves form no cycle: each folder imports only folders listed after it', () => {
	const folders = Object.keys(ALLOWED_IMPORTS)
	for (const [from, allowed] of Object.entries(ALLOWED_IMPORTS)) {
		for (const to of allowed) {
			if (to === '*') continue
			expect(folders, `${from} → ${to}`).toContain(to)
			expect(folders.indexOf(to), `${from} → ${to}`).toBeGreaterThan(folders.indexOf(from))
		}
	}
})

test('files over the limit are named with their length', () => {
	expect(longFiles({ 'app/a.ts': 400, 'app/b.ts': 401 })).toEqual([{ file: 'app/b.ts', lines: 401 }])
})

test('ESLint refuses an import of the app, the database or Prisma in app/credentials/, and allows one within it', async () => {
	const eslint = new ESLint({ cwd: path.resolve(import.meta.dirname, '..') })
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
