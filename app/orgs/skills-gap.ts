/** How a team's coverage of a skill compares with its target (shared by the server and the page). */
export type GapStatus = 'met' | 'near' | 'below' | 'none'
/** Within this many percentage points below the target counts as "near". */
export const NEAR_POINTS = 10

export function gapStatus(percent: number, target: number | null): GapStatus {
	if (target === null) return 'none'
	if (percent >= target) return 'met'
	return target - percent <= NEAR_POINTS ? 'near' : 'below'
}
