/** Catalogue search and filters, parsed from the URL (so they work as a plain GET form). */
import { z } from 'zod'
import type { CompiledPath } from './compiled-content'
import { levelSchema, topicSchema } from './content-schema'

export const DURATIONS = {
	short: { label: 'Under 2 hours', max: 120 },
	medium: { label: '2 to 4 hours', min: 120, max: 240 },
	long: { label: 'Over 4 hours', min: 240 },
} as const

const empty = (value: unknown) => (value === '' ? undefined : value)

export const catalogFilterSchema = z.object({
	q: z.preprocess(empty, z.string().trim().max(100).optional()),
	topic: z.preprocess(empty, topicSchema.optional()),
	level: z.preprocess(empty, levelSchema.optional()),
	duration: z.preprocess(empty, z.enum(['short', 'medium', 'long']).optional()),
	skill: z.preprocess(empty, z.string().max(100).optional()),
})
export type CatalogFilter = z.infer<typeof catalogFilterSchema>

/** Unknown or malformed parameters are ignored rather than failing the page. */
export function parseCatalogFilter(params: URLSearchParams): CatalogFilter {
	const raw = Object.fromEntries(
		['q', 'topic', 'level', 'duration', 'skill'].map((k) => [k, params.get(k) ?? undefined]),
	)
	const result = catalogFilterSchema.safeParse(raw)
	if (result.success) return result.data
	const valid: Record<string, unknown> = {}
	for (const [key, value] of Object.entries(raw)) {
		const single = catalogFilterSchema.safeParse({ [key]: value })
		if (single.success) Object.assign(valid, Object.fromEntries(Object.entries(single.data).filter(([k]) => k === key)))
	}
	return valid as CatalogFilter
}

export function pathMinutes(path: CompiledPath): number {
	return path.lessons.reduce((sum, l) => sum + l.minutes, 0)
}

export function filterPaths(paths: CompiledPath[], filter: CatalogFilter): CompiledPath[] {
	const words = filter.q?.toLowerCase().split(/\s+/).filter(Boolean) ?? []
	return paths.filter((path) => {
		if (filter.topic && path.topic !== filter.topic) return false
		if (filter.level && path.level !== filter.level) return false
		if (
			filter.skill &&
			!path.skills.includes(filter.skill) &&
			!path.lessons.some((l) => l.skills.includes(filter.skill!))
		)
			return false
		if (filter.duration) {
			const range: { min?: number; max?: number } = DURATIONS[filter.duration]
			const minutes = pathMinutes(path)
			if ((range.min !== undefined && minutes < range.min) || (range.max !== undefined && minutes >= range.max))
				return false
		}
		if (words.length) {
			const haystack = [
				path.title,
				path.summary,
				path.description,
				...path.lessons.flatMap((l) => [l.title, l.summary]),
			]
				.join(' ')
				.toLowerCase()
			if (!words.every((w) => haystack.includes(w))) return false
		}
		return true
	})
}
