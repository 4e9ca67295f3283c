/** How a team's coverage of a skill compares with its target (shared by the server and the page). */
export type GapStatus = 'met' | 'near' | 'below' | 'none'
/** Within this many percentage points below the target counts as "near". */
export const NEAR_POINTS = 10

export function gapStatus(percent: number, target: number | null): GapStatus {
	if (target === null) return 'none'
	if (percent >= target) return 'met'
	return target - percent <= NEAR_POINTS ? 'near' : 'below'
}

/** The heatmap's graded scale: five bands of coverage, 0–19 % to 80–100 %. */
export const COVERAGE_BANDS = [
	{ from: 0, to: 19 },
	{ from: 20, to: 39 },
	{ from: 40, to: 59 },
	{ from: 60, to: 79 },
	{ from: 80, to: 100 },
] as const

export function coverageBand(percent: number): number {
	const clamped = Math.min(100, Math.max(0, Math.round(percent)))
	return COVERAGE_BANDS.findIndex((b) => clamped >= b.from && clamped <= b.to)
}
