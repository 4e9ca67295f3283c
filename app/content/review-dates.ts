/**
 * The review rule for lessons: a lesson says when it was last reviewed, and a lesson on laws or
 * regulations (its frontmatter has `law`) must have been reviewed within the last 12 months, its
 * account of the law dated no later than that review. Pure, with today's date given.
 */
import type { LessonFrontmatter } from './content-schema'

/** How long a legal lesson stays current without a review. */
export const LEGAL_REVIEW_MONTHS = 12

const day = (iso: string) => new Date(`${iso}T00:00:00Z`)

/** The first day a lesson reviewed on `reviewed` is overdue for review. */
export function reviewDueOn(reviewed: string) {
	const due = day(reviewed)
	due.setUTCMonth(due.getUTCMonth() + LEGAL_REVIEW_MONTHS)
	return due
}

export function reviewProblems(
	frontmatter: Partial<Pick<LessonFrontmatter, 'reviewed' | 'law' | 'sources'>>,
	today: Date,
): string[] {
	const problems: string[] = []
	const { reviewed, law, sources = [] } = frontmatter
	if (reviewed && day(reviewed) > today) problems.push(`reviewed ${reviewed} is in the future`)
	for (const { title, accessed } of sources) {
		if (!accessed) continue
		if (day(accessed) > today) problems.push(`source "${title}" was accessed ${accessed}, in the future`)
		else if (reviewed && day(accessed) > day(reviewed))
			problems.push(`source "${title}" was accessed ${accessed}, after the lesson was reviewed (${reviewed})`)
	}
	if (!law) return problems
	if (!reviewed) return [...problems, 'a lesson on the law needs a `reviewed` date']
	if (day(law.asOf) > day(reviewed))
		problems.push(`its law is "as of" ${law.asOf}, after the lesson was reviewed (${reviewed})`)
	if (reviewDueOn(reviewed) <= today)
		problems.push(
			`a lesson on the law was last reviewed on ${reviewed}, more than ${LEGAL_REVIEW_MONTHS} months ago: review it and update \`reviewed\` and \`law\``,
		)
	return problems
}
