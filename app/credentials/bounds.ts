/**
 * The shape a document must stay within before any JSON-LD work is done on it.
 *
 * Verifying costs time in proportion to the values JSON-LD must expand and canonicalise, not to the
 * bytes: a 1 MB document built for it took 6 s of the server's thread. Real credentials are small
 * (one of this site's: 166 values, 6 levels deep, no list or object of more than 13 entries), so
 * limits many times theirs refuse the built ones at once, with a reason, and cost nothing to check.
 */

export type Bounds = {
	/** What the document is, in the messages. */
	kind: 'credentials' | 'skills records'
	/** How many values real ones hold, in the messages. */
	usual: string
	/** Levels of objects and lists inside one another. */
	maxDepth: number
	/** Objects, lists and values, all counted. */
	maxValues: number
	/** Entries of any one object or list. */
	maxEntries: number
}

/** One credential: twelve times the values of this site's, room for embedded endorsements. */
export const CREDENTIAL_BOUNDS: Bounds = {
	kind: 'credentials',
	usual: 'a few hundred',
	maxDepth: 16,
	maxValues: 2_000,
	maxEntries: 200,
}

/**
 * A skills record: up to 200 credentials (MAX_RECORD_CREDENTIALS), 40,000 values in all (two
 * hundred of this site's credentials hold about 33,000), two levels more than a credential.
 */
export const RECORD_BOUNDS: Bounds = {
	kind: 'skills records',
	usual: 'a few hundred per credential',
	maxDepth: 18,
	maxValues: 40_000,
	maxEntries: 200,
}

/** Why `value` goes past `bounds`, in a sentence, or null when it stays within them. */
export function boundsProblem(value: unknown, bounds: Bounds): string | null {
	const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 1 }]
	let values = 0
	while (pending.length > 0) {
		const { value: current, depth } = pending.pop()!
		values++
		if (values > bounds.maxValues)
			return `It holds more than ${bounds.maxValues.toLocaleString('en')} values; ${bounds.kind} hold ${bounds.usual}.`
		if (typeof current !== 'object' || current === null) continue
		if (depth > bounds.maxDepth) return `It is nested more than ${bounds.maxDepth} levels deep; ${bounds.kind} are not.`
		const entries = Array.isArray(current) ? current : Object.values(current)
		if (entries.length > bounds.maxEntries)
			return `A list or object in it has ${entries.length.toLocaleString('en')} entries; at most ${bounds.maxEntries} are checked.`
		for (const entry of entries) pending.push({ value: entry, depth: depth + 1 })
	}
	return null
}
