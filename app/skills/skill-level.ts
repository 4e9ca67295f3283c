/**
 * How much evidence backs a skill, and the simple level shown for it. The rule is stated in
 * LEVEL_RULE and shown on the profile pages, so that a reader can check any level by hand.
 */

/** A graded final-assessment question: the objective it assesses, the skills it tags, and the outcome. */
export type GradedEvidence = { objective: string; skills: readonly string[]; correct: boolean }

/**
 * For each skill a credential attests, the distinct objectives (`path/lesson#objective`) on which
 * the learner answered a question tagged with that skill correctly. Skills no correct answer
 * touches still get an entry: the credential attests them, with no objective behind them.
 */
export function skillEvidence(
	pathSlug: string,
	attestedSkills: readonly string[],
	graded: readonly GradedEvidence[],
): Map<string, string[]> {
	const evidence = new Map<string, Set<string>>(attestedSkills.map((id) => [id, new Set()]))
	for (const question of graded) {
		if (!question.correct) continue
		for (const skill of question.skills) evidence.get(skill)?.add(`${pathSlug}/${question.objective}`)
	}
	return new Map([...evidence].map(([skill, objectives]) => [skill, [...objectives].sort()]))
}

export type SkillLevel = { level: 1 | 2 | 3; label: 'Demonstrated' | 'Practised' | 'Proficient' }

export const LEVEL_THRESHOLDS = { practised: 2, proficient: 5 } as const

export const LEVEL_RULE = [
	'A skill is verified when a valid credential attests it: the learner passed the final assessment of a path that teaches it.',
	`Its level counts the distinct learning objectives, across all valid credentials, on which the learner answered a final-assessment question about this skill correctly.`,
	`Level 1 (Demonstrated): fewer than ${LEVEL_THRESHOLDS.practised} such objectives. Level 2 (Practised): ${LEVEL_THRESHOLDS.practised} to ${LEVEL_THRESHOLDS.proficient - 1}. Level 3 (Proficient): ${LEVEL_THRESHOLDS.proficient} or more.`,
	'Expired, suspended and revoked credentials count for nothing.',
] as const

export function levelFor(objectiveCount: number): SkillLevel {
	if (objectiveCount >= LEVEL_THRESHOLDS.proficient) return { level: 3, label: 'Proficient' }
	if (objectiveCount >= LEVEL_THRESHOLDS.practised) return { level: 2, label: 'Practised' }
	return { level: 1, label: 'Demonstrated' }
}
