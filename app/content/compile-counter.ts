/**
 * Counts MDX compilations in this process. The server never compiles (lessons are compiled at
 * build time), so in a serving process this stays 0; /healthz reports it and a test checks it.
 */
declare global {
	var __skillproofMdxCompilations: number | undefined
}

export function getCompileCount(): number {
	return globalThis.__skillproofMdxCompilations ?? 0
}

export function countCompilation(): void {
	globalThis.__skillproofMdxCompilations = getCompileCount() + 1
}
