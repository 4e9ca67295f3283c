/**
 * `npm test` runs this: the import graph of app/ (read by madge) has no cycle between files and none
 * between folders, every arrow between folders is one docs/decisions/016-code-layout.md allows
 * (scripts/architecture.ts), and no source file in app/ is over the length limit. Prints the
 * folder graph with `--graph`.
 */
import fs from 'node:fs'
import path from 'node:path'
import madge from 'madge'
import { disallowedArrows, folderArrows, folderCycles, longFiles, MAX_FILE_LINES } from './architecture'

const root = path.resolve(import.meta.dirname, '..')
const appDir = path.join(root, 'app')

const result = await madge(appDir, {
	fileExtensions: ['ts', 'tsx'],
	tsConfig: path.join(root, 'tsconfig.json'),
	excludeRegExp: [/(^|\/)db\/generated\//, /(^|\/)\.react-router\//, /\.d\.ts$/],
})
const graph = result.obj()
const arrows = folderArrows(graph)
const problems: string[] = []

for (const cycle of result.circular()) problems.push(`Files import each other: ${cycle.join(' → ')} → ${cycle[0]}`)
for (const cycle of folderCycles(arrows)) problems.push(`Folders import each other: ${cycle.join(', ')}`)
for (const arrow of disallowedArrows(arrows)) {
	const [file, imported] = arrow.files[0]!
	problems.push(
		`app/${arrow.from} may not import app/${arrow.to} (${file} imports ${imported}` +
			`${arrow.files.length > 1 ? ` and ${arrow.files.length - 1} more` : ''})`,
	)
}

const lineCounts: Record<string, number> = {}
for (const entry of fs.readdirSync(appDir, { recursive: true, withFileTypes: true })) {
	const file = path.join(entry.parentPath, entry.name)
	if (!entry.isFile() || !/\.(ts|tsx)$/.test(entry.name) || file.includes(`${path.sep}generated${path.sep}`)) continue
	lineCounts[path.relative(root, file)] = fs.readFileSync(file, 'utf8').split('\n').length - 1
}
for (const { file, lines } of longFiles(lineCounts))
	problems.push(`${file} has ${lines} lines (at most ${MAX_FILE_LINES}): split it by purpose`)

if (process.argv.includes('--graph')) {
	for (const arrow of arrows)
		if (arrow.from !== 'web') console.log(`${arrow.from} → ${arrow.to} (${arrow.files.length})`)
}
if (problems.length > 0) {
	console.error(`The code layout has ${problems.length} problem(s):\n${problems.map((p) => `- ${p}`).join('\n')}`)
	process.exit(1)
}
console.log(
	`Code layout: ${Object.keys(graph).length} files, ${arrows.length} arrows between folders, no cycle, every arrow allowed, no file over ${MAX_FILE_LINES} lines.`,
)
