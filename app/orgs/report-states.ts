/** A member's state on a path, shared by the reports' server code and pages. */
export const PATH_STATES = ['completed', 'overdue', 'in_progress', 'not_started'] as const
export type PathState = (typeof PATH_STATES)[number]
export const PATH_STATE_LABELS: Record<PathState, string> = {
	completed: 'Completed',
	overdue: 'Overdue',
	in_progress: 'In progress',
	not_started: 'Not started',
}
