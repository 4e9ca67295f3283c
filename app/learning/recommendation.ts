/**
 * The next path to recommend to a learner, from their skills gaps: of the paths they have not
 * started, the one that teaches most of the skills their team aims for and they have not yet proved,
 * then most of the skills they have not proved at all; ties go to the catalogue's order. Pure.
 */
export type RecommendablePath = { slug: string; title: string; skills: readonly string[] }

export type Recommendation = {
	slug: string
	title: string
	/** Skills the path teaches that the learner has not proved, their team's targets first. */
	gaps: string[]
	/** How many of `gaps` are skills the learner's team aims for. */
	teamGaps: number
}

export function recommendNextPath(input: {
	paths: readonly RecommendablePath[]
	/** Paths the learner has started or finished: not recommended again. */
	started: ReadonlySet<string>
	/** Skills the learner holds through a valid credential. */
	proven: ReadonlySet<string>
	/** Skills the learner's team has a target for. */
	teamTargets: ReadonlySet<string>
}): Recommendation | null {
	let best: Recommendation | null = null
	for (const path of input.paths) {
		if (input.started.has(path.slug)) continue
		const missing = path.skills.filter((s) => !input.proven.has(s))
		if (missing.length === 0) continue
		const team = missing.filter((s) => input.teamTargets.has(s))
		const candidate = {
			slug: path.slug,
			title: path.title,
			gaps: [...team, ...missing.filter((s) => !input.teamTargets.has(s))],
			teamGaps: team.length,
		}
		if (
			!best ||
			candidate.teamGaps > best.teamGaps ||
			(candidate.teamGaps === best.teamGaps && candidate.gaps.length > best.gaps.length)
		)
			best = candidate
	}
	return best
}
