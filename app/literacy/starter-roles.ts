/**
 * The AI-use roles an organisation starts from: typical ways staff use AI, each with the training that fits
 * it. Article 4 of the EU AI Act (Regulation (EU) 2024/1689, applying since 2 February 2025) asks providers
 * and deployers of AI systems to take measures for a sufficient level of AI literacy of their staff, taking
 * into account their knowledge, experience, education and training, the context the systems are used in and
 * the people they are used on; it prescribes no course. These roles are a starting point an owner edits.
 */
export type StarterRole = {
	name: string
	description: string
	pathSlugs: string[]
	refreshMonths: number | null
	dueDays: number
}

export const STARTER_ROLES: readonly StarterRole[] = [
	{
		name: 'Uses general AI assistants',
		description:
			'Drafts, summarises, translates or searches with a general-purpose AI assistant. Needs to know what these tools do well and badly, how to check their output, and what not to paste into them.',
		pathSlugs: ['ai-proficiency'],
		refreshMonths: 24,
		dueDays: 30,
	},
	{
		name: 'Uses AI in hiring or HR decisions',
		description:
			'Uses AI to screen, rank, assess or monitor candidates or staff. These uses are high-risk under Annex III of the AI Act, so the person needs the assistant skills plus fairness, transparency and the hiring rules.',
		pathSlugs: ['ai-proficiency', 'ai-ethics'],
		refreshMonths: 12,
		dueDays: 30,
	},
	{
		name: 'Oversees a high-risk AI system',
		description:
			'Is the human oversight of a high-risk AI system the organisation deploys (Article 26 asks deployers to give this task to people with the competence, training and authority for it). Needs to read the data and results behind the system, question them and stop it when needed.',
		pathSlugs: ['ai-proficiency', 'ai-ethics', 'data-literacy'],
		refreshMonths: 12,
		dueDays: 21,
	},
	{
		name: 'Buys or configures AI tools',
		description:
			'Chooses, procures or sets up AI tools for others (purchasing, IT, team leads). Needs to place a use in the right risk tier, judge a supplier’s claims and data, and set the rules of use.',
		pathSlugs: ['ai-ethics', 'data-literacy'],
		refreshMonths: 24,
		dueDays: 30,
	},
]
